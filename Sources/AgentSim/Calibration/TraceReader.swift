import AgentSimCompression
import AgentSimSpec
import Foundation

/// Reads OpenTelemetry trace exports: OTLP/JSON (`resourceSpans → scopeSpans → spans`) and JSON Lines,
/// plain or gzipped (recognised by the gzip magic number, not by the file name).
///
/// A JSON Lines line is either a whole OTLP/JSON export (what the OpenTelemetry Collector's file
/// exporter writes: one export request per line) or one span object of the same shape as in OTLP
/// (`traceId`, `spanId`, `parentSpanId`, `name`, `startTimeUnixNano`, `endTimeUnixNano`, `attributes`).
public enum TraceReader {
    /// Reads the file at `path` into `set`.
    ///
    /// - Throws: ``ScenarioError`` naming the file when it cannot be read, is not JSON, or is not an
    ///   OpenTelemetry export; a bad span inside a good file is skipped and counted instead.
    public static func read(path: String, into set: inout TraceSet) throws(ScenarioError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, path: "", message: "cannot read the trace file")
        }
        try read(bytes: [UInt8](data), file: path, into: &set)
    }

    /// Reads one trace file's bytes (possibly gzipped) into `set`.
    public static func read(bytes raw: [UInt8], file: String, into set: inout TraceSet) throws(ScenarioError)
    {
        var bytes = raw
        if Gzip.isGzip(raw) {
            do { bytes = try Gzip.decompress(raw) } catch {
                throw ScenarioError(
                    file: file, path: "", message: "the gzip data is corrupt: \(error)",
                    allowed: "a gzip file as written by gzip(1), or uncompressed JSON")
            }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ScenarioError(
                file: file, path: "", message: "the file is not UTF-8 text", allowed: otlpAllowed)
        }
        set.files.append(file)
        let before = set.spans.count + set.skipped
        let document: JSONValue
        do {
            document = try JSONParser.parse(text, file: file)
        } catch let whole {
            try readLines(text, file: file, wholeError: whole, into: &set)
            return
        }
        let spansBefore = set.spans.count
        try readDocument(document, into: &set)
        if set.spans.count + set.skipped == before {
            throw ScenarioError(
                file: file, path: "", message: "the file holds no spans", allowed: otlpAllowed)
        }
        if set.spans.count == spansBefore {
            throw ScenarioError(
                file: file, path: "",
                message: "the file holds no readable spans; the first bad one: \(set.firstSkipped ?? "")",
                allowed: otlpAllowed)
        }
    }

    /// JSON Lines: each line an OTLP export or a span. A line that is not JSON is a skipped span; a
    /// file where no line is JSON is not a trace export at all.
    private static func readLines(
        _ text: String, file: String, wholeError: ScenarioError, into set: inout TraceSet
    ) throws(ScenarioError) {
        let before = set.spans.count
        var readAny = false
        // "\r\n" is one Character in Swift, so CRLF files need their own separator.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" }
        for (number, line) in lines.enumerated() where !line.allSatisfy({ $0 == " " || $0 == "\r" }) {
            do {
                let value = relocate(try JSONParser.parse(String(line), file: file), line: number + 1)
                readAny = true
                if value["resourceSpans"] != nil {
                    try readDocument(value, into: &set)
                } else {
                    readSpan(value, path: "line \(number + 1)", into: &set)
                }
            } catch {
                var e = error
                if e.line == 1 || e.line == nil { e.line = number + 1 }
                set.skipped += 1
                if set.firstSkipped == nil { set.firstSkipped = e.description }
            }
        }
        // No line is JSON: the file is meant as one document, so its own syntax error says most.
        if !readAny { throw notOTLP(wholeError) }
        if set.spans.count == before {
            throw ScenarioError(
                file: file, path: "",
                message: "the file holds no readable spans"
                    + (set.firstSkipped.map { "; the first bad one: \($0)" } ?? ""), allowed: otlpAllowed)
        }
    }

    static let otlpAllowed =
        "OTLP/JSON ({\"resourceSpans\": [{\"scopeSpans\": [{\"spans\": [...]}]}]}) or JSON Lines of "
        + "OTLP exports or span objects, optionally gzipped"

    private static func notOTLP(_ e: ScenarioError) -> ScenarioError {
        var e = e
        if e.allowed.isEmpty { e.allowed = otlpAllowed }
        if !e.message.contains("OTLP") { e.message = "not an OpenTelemetry trace export: " + e.message }
        return e
    }

    /// A line's value with its line numbers made absolute.
    private static func relocate(_ v: JSONValue, line: Int) -> JSONValue {
        var location = v.location
        location.line = line
        switch v.kind {
        case .array(let items):
            return JSONValue(kind: .array(items.map { relocate($0, line: line) }), location: location)
        case .object(let members):
            let moved = members.map { m in
                var key = m.keyLocation
                key.line = line
                return JSONMember(key: m.key, keyLocation: key, value: relocate(m.value, line: line))
            }
            return JSONValue(kind: .object(moved), location: location)
        default:
            return JSONValue(kind: v.kind, location: location)
        }
    }

    private static func readDocument(_ doc: JSONValue, into set: inout TraceSet) throws(ScenarioError) {
        guard case .array(let resources) = doc["resourceSpans"]?.kind else {
            throw ScenarioError(
                file: doc.location.file, path: "", line: doc.location.line, column: doc.location.column,
                message: "not OTLP/JSON: the document has no \"resourceSpans\" array", allowed: otlpAllowed)
        }
        for (r, resource) in resources.enumerated() {
            // Older exporters say instrumentationLibrarySpans.
            let scopes = resource["scopeSpans"] ?? resource["instrumentationLibrarySpans"]
            guard case .array(let scopeList) = scopes?.kind else { continue }
            for (s, scope) in scopeList.enumerated() {
                guard case .array(let spans) = scope["spans"]?.kind else { continue }
                for (i, span) in spans.enumerated() {
                    readSpan(span, path: "resourceSpans[\(r)].scopeSpans[\(s)].spans[\(i)]", into: &set)
                }
            }
        }
    }
}
