import AgentSimMetrics

/// The results of one run (scenario × pattern × replication): one row of summary.csv.
///
/// The first 23 fields are the contract columns of ARCHITECTURE.md §3, in order; fields after them are
/// extensions. Times are seconds, money US dollars.
public struct RunSummary: Sendable, Hashable {
    /// The scenario's `name`.
    public var scenario: String
    /// The pattern's scenario name (`hub_and_spoke`, or a registered pattern's).
    public var pattern: String
    /// The replication index, 0 for the first.
    public var replication: Int
    /// The root seed this replication ran with: the same seed replays it.
    public var seed: UInt64
    /// Virtual time at which the run ended.
    public var simTimeSeconds: Double
    /// Events the kernel executed.
    public var events: Int
    /// Jobs that arrived over the whole run (warm-up included).
    public var jobsArrived: Int
    /// Jobs completed over the whole run (warm-up included).
    public var jobsCompleted: Int
    /// Jobs that ended without an answer (rejected by a full queue, ...).
    public var jobsFailed: Int
    /// Jobs neither completed nor failed when the run stopped.
    public var jobsInFlight: Int
    /// Completions after warm-up ÷ (sim time − warm-up).
    public var throughputPerSecond: Double
    /// Latency (arrival to completion) of jobs that arrived after warm-up and completed.
    public var latencyMeanSeconds: Double
    /// The median of the same latencies, from the streaming histogram (relative error at most 1/256).
    public var latencyP50Seconds: Double
    /// The 95th percentile of the same latencies (relative error at most 1/256).
    public var latencyP95Seconds: Double
    /// The 99th percentile of the same latencies (relative error at most 1/256).
    public var latencyP99Seconds: Double
    /// The largest of the same latencies, exact.
    public var latencyMaxSeconds: Double
    /// Coordination messages sent over the network.
    public var messages: Int
    /// messages ÷ jobs arrived.
    public var messagesPerJob: Double
    /// LLM calls of every kind (work and coordination).
    public var llmCalls: Int
    /// Tokens of every call, including roles without a model (which cost nothing).
    public var tokensIn: Int
    /// Output tokens of every call, like ``tokensIn``.
    public var tokensOut: Int
    /// US dollars of every call, at each role's model prices (from the settled ledger).
    public var costUSD: Double
    /// cost ÷ jobs completed (0 when none completed).
    public var costPerCompletedJobUSD: Double

    // Extensions (after the contract columns).

    /// LLM calls spent on coordination (planning, routing, synthesis) rather than work.
    public var coordinationCalls: Int
    /// The cost of those calls.
    public var coordinationCostUSD: Double
    /// Busy fraction of the coordinator role's capacity (empty in CSV when the pattern has none).
    public var coordinatorUtilization: Double?
    /// Busy fraction of the busiest role's capacity.
    public var maxRoleUtilization: Double
    /// Mean time a work call waited in a queue before service, over work calls that started at or
    /// after warm-up (coordination calls excluded).
    public var waitMeanSeconds: Double
    /// Time-average number of jobs in the system after warm-up (L in Little's law).
    public var jobsInSystemMean: Double
    /// Arrivals after warm-up ÷ (sim time − warm-up) (λ in Little's law).
    public var arrivalRatePerSecond: Double
    /// The fraction of completed jobs (arrived after warm-up) whose answer is right; `nil` (empty)
    /// when none completed.
    public var accuracy: Double?
    /// The deepest agent-to-agent delegation of any job (0 for patterns that do not delegate).
    public var delegationDepthMax: Int
    /// Retries scheduled (after errors, timeouts and 429s).
    public var retries = 0
    /// Attempts that timed out.
    public var timeouts = 0
    /// Calls a rate limit answered with 429.
    public var rateLimited = 0
    /// Seconds circuit breakers spent open, summed over roles.
    public var breakerOpenSeconds = 0.0
    /// Jobs that ended in the dead-letter queue (not counted in jobs_failed).
    public var dlqJobs = 0
    /// Calls refused by a budget's hard stop.
    public var budgetStops = 0
    /// Cost of everything but work and coordination: failed and abandoned attempts, duplicates, loops.
    public var wastedCostUSD = 0.0
    /// Total cost ÷ the cost of the same completed work and coordination without failures or
    /// retries (work + coordination); exactly 1 when nothing failed; `nil` when nothing was spent.
    public var costAmplification: Double?
    /// Scheduled and chaos faults started.
    public var faultsInjected = 0
    /// Work redone because a grounding check caught a wrong output.
    public var reworks = 0
    /// Work attempts the result cache answered, or joined to a call already in service.
    public var cacheHits = 0
    /// Work attempts a bulkhead refused, or that waited past its maximum wait.
    public var bulkheadRejected = 0
    /// Message copies the network lost: each copy a loss draw or a partition dropped, at send or
    /// in flight, whether or not `network.retransmit` sent the message again.
    public var messagesLost = 0
    /// Lost messages sent again by `network.retransmit` (each resend is also in ``messages``).
    /// `messagesLost − messagesRetransmitted` copies were never resent: messages lost for good, lost
    /// network duplicates (never resent: their sender sent one copy), and resends still waiting
    /// when the run stopped.
    public var messagesRetransmitted = 0
    /// The warm-up the run measured after, in seconds: the scenario's, or the one MSER-5 chose for
    /// this replication when `workload.warmup` is `"auto"`; `nil` (empty) when MSER-5 found no steady
    /// state and the whole run was measured.
    public var warmupSeconds: Double? = 0
    /// Jobs rejected at arrival by `workload.max_in_flight` (each also counted in ``jobsFailed``).
    public var jobsRejected = 0
    /// Whether any job's latency was measured (a job that arrived after warm-up completed). When
    /// none was, the latency fields hold 0 but mean nothing: summary.csv leaves them empty, tables
    /// print `-`, statistics and the gate treat them as missing (``measuredLatencyMeanSeconds``...).
    /// `true` by default so that summaries built by hand keep their values.
    public var latencyObserved = true
    /// Whether any work call's queue wait was measured; when none was, `wait_mean_s` is empty.
    public var waitObserved = true
    /// The metrics the coordinator reported about its own run (``Coordinator/reportedMetrics(_:)``),
    /// in its order; empty for the built-in patterns. summary.csv puts them after every built-in
    /// column, and only when some run has them, so built-in outputs keep their bytes.
    public var customMetrics: [CustomMetric] = []

    /// A row for one run with every count and measure zero, to be filled in from the run.
    public init(scenario: String, pattern: String, replication: Int, seed: UInt64) {
        self.scenario = scenario
        self.pattern = pattern
        self.replication = replication
        self.seed = seed
        simTimeSeconds = 0
        events = 0
        jobsArrived = 0
        jobsCompleted = 0
        jobsFailed = 0
        jobsInFlight = 0
        throughputPerSecond = 0
        latencyMeanSeconds = 0
        latencyP50Seconds = 0
        latencyP95Seconds = 0
        latencyP99Seconds = 0
        latencyMaxSeconds = 0
        messages = 0
        messagesPerJob = 0
        llmCalls = 0
        tokensIn = 0
        tokensOut = 0
        costUSD = 0
        costPerCompletedJobUSD = 0
        coordinationCalls = 0
        coordinationCostUSD = 0
        coordinatorUtilization = nil
        maxRoleUtilization = 0
        waitMeanSeconds = 0
        jobsInSystemMean = 0
        arrivalRatePerSecond = 0
        accuracy = nil
        delegationDepthMax = 0
    }
}
