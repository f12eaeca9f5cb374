import AgentSimSpec

/// One span object: its ids, times and GenAI attributes.
extension TraceReader {
    /// Model-call operations of the GenAI semantic conventions (`gen_ai.operation.name`).
    static let callOperations: Set<String> = ["chat", "text_completion", "generate_content", "completion"]

    /// Reads the span at `path`, or counts it as skipped (with the first reason) when it is malformed.
    static func readSpan(_ value: JSONValue, path: String, into set: inout TraceSet) {
        do {
            set.spans.append(try span(value, path: path))
        } catch {
            set.skipped += 1
            if set.firstSkipped == nil { set.firstSkipped = error.description }
        }
    }

    private static func fail(_ v: JSONValue, _ path: String, _ message: String) -> ScenarioError {
        ScenarioError(
            file: v.location.file, path: path, line: v.location.line, column: v.location.column,
            message: message, allowed: "a span with traceId, spanId, startTimeUnixNano and endTimeUnixNano")
    }

    private static func span(_ v: JSONValue, path: String) throws(ScenarioError) -> TraceSpan {
        guard v.members != nil else {
            throw fail(v, path, "a span must be an object, found \(v.typeDescription)")
        }
        func id(_ key: String, required: Bool) throws(ScenarioError) -> String? {
            guard let field = v[key] else {
                if required { throw fail(v, path, "the span has no \(key)") }
                return nil
            }
            guard case .string(let s) = field.kind, s.allSatisfy(\.isHexDigit) else {
                throw fail(
                    field, path + "." + key, "\(key) must be a hex string, found \(field.typeDescription)")
            }
            if s.isEmpty, required { throw fail(field, path + "." + key, "\(key) is empty") }
            return s.isEmpty ? nil : s.lowercased()
        }
        func time(_ key: String) throws(ScenarioError) -> Int64 {
            guard let field = v[key] else { throw fail(v, path, "the span has no \(key)") }
            let text: String
            switch field.kind {
            case .string(let s): text = s
            case .number(let s): text = s
            default:
                throw fail(
                    field, path + "." + key, "\(key) must be nanoseconds, found \(field.typeDescription)")
            }
            guard let n = Int64(text), n >= 0 else {
                throw fail(
                    field, path + "." + key,
                    "\(key) must be whole nanoseconds since 1970, found \(quoted(text))")
            }
            return n
        }
        let traceID = try id("traceId", required: true)!
        let spanID = try id("spanId", required: true)!
        let parentID = try id("parentSpanId", required: false)
        let start = try time("startTimeUnixNano")
        let end = try time("endTimeUnixNano")
        guard end >= start else { throw fail(v, path, "the span ends before it starts") }
        var name = ""
        if case .string(let s) = v["name"]?.kind { name = s }
        let attributes = try self.attributes(v["attributes"], path: path + ".attributes")
        func string(_ key: String) -> String? {
            if case .string(let s) = attributes[key] { return s }
            return nil
        }
        func count(_ key: String) -> Int? {
            switch attributes[key] {
            case .number(let s), .string(let s):
                return Int(s) ?? Double(s).flatMap { $0 >= 0 ? Int($0) : nil }
            default: return nil
            }
        }
        let operation = string("gen_ai.operation.name")
        let model = string("gen_ai.request.model") ?? string("gen_ai.response.model")
        let input = count("gen_ai.usage.input_tokens") ?? count("gen_ai.usage.prompt_tokens")
        let output = count("gen_ai.usage.output_tokens") ?? count("gen_ai.usage.completion_tokens")
        let tool = string("gen_ai.tool.name")
        let kind: TraceSpan.Kind
        if operation == "execute_tool" || (operation == nil && tool != nil) {
            kind = .tool
        } else if operation == "invoke_agent" || operation == "create_agent" {
            kind = .agent
        } else if let operation, callOperations.contains(operation) {
            kind = .llmCall
        } else if operation == nil, model != nil, input != nil || output != nil {
            kind = .llmCall
        } else {
            kind = .other
        }
        let here = v.location
        return TraceSpan(
            traceID: traceID, spanID: spanID, parentID: parentID, name: name, startNanos: start,
            endNanos: end,
            kind: kind, agentName: string("gen_ai.agent.name"), model: model, inputTokens: input,
            outputTokens: output, toolName: tool,
            source: "\(here.file):\(here.line ?? 0):\(here.column ?? 0)")
    }

    /// OTLP's `[{"key": K, "value": {"stringValue": ...}}]`, or a flat `{K: scalar}` object; values are
    /// kept as `.string` / `.number` (an `intValue` may be a JSON string, per the OTLP JSON mapping).
    private static func attributes(_ field: JSONValue?, path: String) throws(ScenarioError) -> [String:
        JSONValue.Kind]
    {
        guard let field else { return [:] }
        var out: [String: JSONValue.Kind] = [:]
        switch field.kind {
        case .array(let items):
            for (i, item) in items.enumerated() {
                guard case .string(let key) = item["key"]?.kind else {
                    throw fail(item, "\(path)[\(i)]", "an attribute needs a \"key\" string")
                }
                guard let value = item["value"], let members = value.members else { continue }
                for m in members {
                    switch m.key {
                    case "stringValue", "intValue", "doubleValue", "boolValue": out[key] = m.value.kind
                    default: continue  // arrays, maps and bytes carry nothing calibration reads
                    }
                }
            }
        case .object(let members):
            for m in members { out[m.key] = m.value.kind }
        default:
            throw fail(field, path, "attributes must be an array of {key, value} or an object")
        }
        return out
    }
}
