/// One model or tool call with its role resolved.
struct ResolvedCall {
    /// The span.
    var span: TraceSpan
    /// The role as the traces name it (agent name, or `tool_NAME`).
    var role: String
    /// Whether no `gen_ai.agent.name` was found and a span name stood in.
    var namedBySpanName: Bool
    /// The parent agent instance: calls with the same instance are one copy of the role's step.
    var instance: String
}

/// One trace that holds calls: a job.
struct TraceJob {
    /// Its trace id.
    var traceID: String
    /// The root span's start (else the earliest span's), Unix ns.
    var startNanos: Int64
    /// The root span's end (else the latest span's), Unix ns.
    var endNanos: Int64
    /// Its calls.
    var calls: [ResolvedCall]
}

/// Spans grouped by trace and linked to their parents; spans may arrive in any order.
struct SpanForest {
    /// Put a limit on everything: ancestor walks stop at this depth (a parent cycle in bad data).
    static let maxDepth = 1000

    private var traces: [String: [String: TraceSpan]] = [:]
    private var traceOrder: [String] = []
    /// Spans whose (trace, span) id pair was already seen (the same span in two files).
    private(set) var duplicates = 0

    init(_ spans: [TraceSpan]) {
        for span in spans {
            if traces[span.traceID] == nil {
                traces[span.traceID] = [:]
                traceOrder.append(span.traceID)
            }
            if traces[span.traceID]![span.spanID] != nil {
                duplicates += 1
                continue
            }
            traces[span.traceID]![span.spanID] = span
        }
    }

    /// The jobs, ordered by start time then trace id (input order never matters).
    func jobs() -> [TraceJob] {
        var out: [TraceJob] = []
        for id in traceOrder.sorted() {
            let spans = traces[id]!
            let calls = spans.values.filter { $0.kind == .llmCall || $0.kind == .tool }
                .sorted { ($0.startNanos, $0.spanID) < ($1.startNanos, $1.spanID) }
            if calls.isEmpty { continue }  // an unrelated trace (health checks, HTTP, ...)
            let roots = spans.values.filter { $0.parentID == nil }
            let start: Int64
            let end: Int64
            if roots.count == 1, let root = roots.first {
                start = root.startNanos
                end = max(root.endNanos, spans.values.map(\.endNanos).max()!)
            } else {
                start = spans.values.map(\.startNanos).min()!
                end = spans.values.map(\.endNanos).max()!
            }
            out.append(
                TraceJob(
                    traceID: id, startNanos: start, endNanos: end, calls: calls.map { resolve($0, in: spans) }
                ))
        }
        return out.sorted { ($0.startNanos, $0.traceID) < ($1.startNanos, $1.traceID) }
    }

    private func resolve(_ call: TraceSpan, in spans: [String: TraceSpan]) -> ResolvedCall {
        let parentInstance = call.parentID ?? call.spanID
        if call.kind == .tool {
            let name = call.toolName ?? call.name
            return ResolvedCall(
                span: call, role: "tool_" + name, namedBySpanName: false, instance: parentInstance)
        }
        if let own = call.agentName {
            return ResolvedCall(span: call, role: own, namedBySpanName: false, instance: parentInstance)
        }
        var current = call.parentID
        var depth = 0
        var firstAgentSpan: TraceSpan?
        while let id = current, let span = spans[id], depth < Self.maxDepth {
            if span.kind == .agent {
                if let name = span.agentName {
                    return ResolvedCall(span: call, role: name, namedBySpanName: false, instance: span.spanID)
                }
                if firstAgentSpan == nil { firstAgentSpan = span }
            }
            current = span.parentID
            depth += 1
        }
        if let agent = firstAgentSpan {
            return ResolvedCall(span: call, role: agent.name, namedBySpanName: true, instance: agent.spanID)
        }
        let parentName = call.parentID.flatMap { spans[$0]?.name } ?? call.name
        return ResolvedCall(span: call, role: parentName, namedBySpanName: true, instance: parentInstance)
    }

    /// Clock skew (a child outside its parent), truncated traces (a missing parent or no root) and
    /// duplicates, as warnings.
    func warnings(jobs: [TraceJob]) -> [String] {
        var skewed = 0
        var truncated = 0
        var example = ""
        for job in jobs {
            let spans = traces[job.traceID]!
            var missingParent = !spans.values.contains { $0.parentID == nil }
            for span in spans.values {
                guard let pid = span.parentID else { continue }
                guard let parent = spans[pid] else {
                    missingParent = true
                    continue
                }
                if span.startNanos < parent.startNanos || span.endNanos > parent.endNanos {
                    skewed += 1
                    if example.isEmpty { example = " (first: span \(span.spanID) at \(span.source))" }
                }
            }
            if missingParent { truncated += 1 }
        }
        var out: [String] = []
        if skewed > 0 {
            out.append("clock skew: \(skewed) span(s) start before or end after their parent\(example)")
        }
        if truncated > 0 {
            out.append(
                "truncated traces: \(truncated) of \(jobs.count) trace(s) lack their root or a parent span; "
                    + "their job latency runs from the first span to the last")
        }
        if duplicates > 0 {
            out.append("\(duplicates) duplicate span(s) (same trace and span id) were read once")
        }
        let ignored = traceOrder.count - jobs.count
        if ignored > 0 { out.append("ignored \(ignored) trace(s) without GenAI model or tool calls") }
        return out
    }
}
