import AgentSimKernel
import AgentSimMetrics

/// The streaming accumulators of one run; memory does not grow with the number of jobs.
public struct RunStatistics: Sendable {
    /// Jobs arriving before this time are left out of latency; time before it out of rates.
    public let warmup: SimTime
    /// Jobs that arrived, over the whole run, those refused by `max_in_flight` included.
    public internal(set) var jobsArrived = 0
    /// Jobs that arrived at or after warm-up (the denominator of per-job rates).
    public internal(set) var jobsArrivedMeasured = 0
    /// Jobs completed over the whole run (warm-up included).
    public internal(set) var jobsCompleted = 0
    /// Jobs failed over the whole run, for any reason (refused arrivals included; dead-lettered jobs
    /// are counted apart, in ``jobsDeadLettered``).
    public internal(set) var jobsFailed = 0
    /// Completions at or after warm-up (for throughput).
    public internal(set) var completionsMeasured = 0
    /// Jobs that arrived at or after warm-up and completed with a right answer.
    public internal(set) var correctMeasured = 0
    /// Retries scheduled (resilience counters, like the six after it, count the whole run).
    public internal(set) var retries = 0
    /// Call attempts that timed out.
    public internal(set) var timeouts = 0
    /// Calls refused with a 429 (rate limit or a 429 storm).
    public internal(set) var rateLimited = 0
    /// Jobs failed by their job timeout.
    public internal(set) var jobTimeouts = 0
    /// Jobs ended in the dead-letter queue.
    public internal(set) var jobsDeadLettered = 0
    /// Calls a hard budget stopped.
    public internal(set) var budgetStops = 0
    /// Faults started (scheduled and random, agent and network).
    public internal(set) var faultsInjected = 0
    /// Work redone because a grounding check caught a wrong output.
    public internal(set) var reworks = 0
    /// Work attempts a bulkhead refused or timed out.
    public internal(set) var bulkheadRejected = 0
    /// Work attempts the result cache answered or joined to a call in service (no new call).
    public internal(set) var cacheHits = 0
    /// The deepest delegation any job saw (see ``CoordinationContext/recordDelegationDepth(_:)``).
    public internal(set) var delegationDepthMax = 0
    /// Arrival-to-completion latency of jobs that arrived at or after warm-up.
    public internal(set) var latency = Histogram()
    /// Jobs in the system (L), from warm-up on.
    public internal(set) var jobsInSystem = TimeWeightedMean()
    /// Calls in service per role, from warm-up on.
    public internal(set) var roleBusy: [TimeWeightedMean]
    /// Coordination messages sent, resends of lost messages included (summary.csv's `messages`).
    public internal(set) var messages = 0
    /// LLM calls that started service, work and coordination (summary.csv's `llm_calls`).
    public internal(set) var calls = 0
    /// The coordination calls among ``calls``.
    public internal(set) var coordinationCalls = 0
    /// Queue wait of work calls that started at or after warm-up.
    public internal(set) var waitTotalNanos: Double = 0
    /// Work calls counted in ``waitTotalNanos``: the mean wait is their quotient.
    public internal(set) var waitCount = 0
    /// Every completion's latency in completion order, as MSER-5 batches; kept only when the
    /// scenario's warm-up is `"auto"` (`nil` otherwise, so memory stays flat).
    public internal(set) var completionSeries: CompletionSeries?
    /// Failures by reason, e.g. `rejected: queue full (skill:support)`.
    public internal(set) var failureReasons: [String: Int] = [:]
    /// Jobs `workload.max_in_flight` rejected at arrival (also in ``jobsFailed``).
    public internal(set) var jobsRejected = 0

    init(warmup: SimTime, roles: Int, models: Int) {
        self.warmup = warmup
        roleBusy = Array(repeating: TimeWeightedMean(), count: roles)
        for r in 0..<roles { roleBusy[r].startMeasuring(at: warmup) }
        jobsInSystem.startMeasuring(at: warmup)
    }
}
