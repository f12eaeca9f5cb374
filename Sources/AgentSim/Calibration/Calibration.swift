/// What `agentsim calibrate` infers from traces: roles with fitted latency and tokens, the job's shape,
/// the arrival process, and every warning about the data.
public struct Calibration: Sendable {
    /// One role of the calibrated scenario: an agent (by `gen_ai.agent.name`) and model, or a tool.
    public struct Role: Sendable {
        /// The scenario's role (and skill and step) name.
        public var name: String
        /// The agent or tool name as the traces say it.
        public var traceName: String
        /// The model (nil for a tool).
        public var model: String?
        /// Whether its calls are `execute_tool` spans (token-free work).
        public var isTool: Bool
        /// How many calls were seen.
        public var calls: Int
        /// Fitted call duration, seconds.
        public var latency: DistributionFit
        /// Fitted input tokens per call (nil for tools or when no call reported them).
        public var tokensIn: DistributionFit?
        /// Fitted output tokens per call.
        public var tokensOut: DistributionFit?
        /// Calls without `gen_ai.usage.*` token counts.
        public var missingTokens: Int
        /// Jobs with a given number of parallel copies (distinct parent agent spans): width → jobs.
        public var fanout: [Int: Int]
        /// Calls beyond the first under the same parent (retries and loops).
        public var repeatedCalls: Int
        /// The most calls of this role in progress at once, over all traces: a lower bound on its
        /// agent count.
        public var concurrency: Int
        /// Roles whose calls all end before this role's first call starts, in most jobs.
        public var after: [String]
        /// Jobs in which the role appears.
        public var jobs: Int
        /// Whether the role was named by a span name because no `gen_ai.agent.name` was found.
        public var namedBySpanName: Bool
        /// Input and output tokens summed over all its calls (for per-job totals).
        public var tokensInTotal: Int
        /// Output tokens summed over all its calls.
        public var tokensOutTotal: Int
    }

    /// The roles, in step order (by median start within a job).
    public var roles: [Role] = []
    /// Jobs (traces with at least one model or tool call).
    public var jobs = 0
    /// Root-span arrival rate, per second: (n − 1) / (last start − first start).
    public var arrivalRatePerSecond = 0.0
    /// Variance / mean of arrivals per window (1 for a Poisson process).
    public var dispersionIndex = 0.0
    /// How many equal windows the dispersion index was computed over.
    public var dispersionWindows = 0
    /// Job latency (root span, or first start to last end), seconds.
    public var jobLatency: DistributionFit?
    /// Everything the user should know about the data, one line each.
    public var warnings: [String] = []
    /// The trace files, as named.
    public var files: [String] = []

    /// Whether the dispersion index is within two standard deviations of 1, the Poisson value
    /// (under Poisson the index has variance ≈ 2/(windows − 1)).
    public var looksPoisson: Bool {
        guard dispersionWindows > 1 else { return true }
        return abs(dispersionIndex - 1) <= 2 * (2 / Double(dispersionWindows - 1)).squareRoot()
    }
}
