/// One span of a trace, reduced to what calibration reads: identity, times and the GenAI attributes.
public struct TraceSpan: Sendable, Hashable {
    /// What a span is, by its GenAI attributes (OpenTelemetry GenAI semantic conventions).
    public enum Kind: Sendable, Hashable {
        /// A model call (`chat`, `text_completion`, `generate_content`, or a span with a model and
        /// token counts): latency and tokens.
        case llmCall
        /// `execute_tool`: work without tokens, with its own latency.
        case tool
        /// `invoke_agent`: names the role of the calls under it.
        case agent
        /// Anything else: kept as structure only.
        case other
    }

    /// The trace (a job) the span belongs to, in hex.
    public var traceID: String
    /// The span's own id, in hex.
    public var spanID: String
    /// The parent span's id, or nil for a root.
    public var parentID: String?
    /// The span name.
    public var name: String
    /// Start, in Unix nanoseconds.
    public var startNanos: Int64
    /// End, in Unix nanoseconds (never before the start).
    public var endNanos: Int64
    /// What the span is.
    public var kind: Kind
    /// `gen_ai.agent.name`.
    public var agentName: String?
    /// `gen_ai.request.model` (else `gen_ai.response.model`).
    public var model: String?
    /// `gen_ai.usage.input_tokens` (or the older `prompt_tokens`).
    public var inputTokens: Int?
    /// `gen_ai.usage.output_tokens` (or the older `completion_tokens`).
    public var outputTokens: Int?
    /// `gen_ai.tool.name`.
    public var toolName: String?
    /// Where the span was read: `FILE:LINE:COLUMN`.
    public var source: String

    /// The duration in seconds.
    public var durationSeconds: Double { Double(endNanos - startNanos) / 1e9 }
}

/// Every span read from a set of trace files, with what had to be skipped.
public struct TraceSet: Sendable {
    /// The spans, in file order.
    public var spans: [TraceSpan] = []
    /// Spans that could not be read (no ids, bad times, ...): skipped, never fatal.
    public var skipped = 0
    /// The first skipped span: where it is and what was wrong.
    public var firstSkipped: String?
    /// The files read, as named.
    public var files: [String] = []

    /// Creates an empty set.
    public init() {}
}
