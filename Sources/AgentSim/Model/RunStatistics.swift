/// The streaming accumulators of one run; memory does not grow with the number of jobs.
public struct RunStatistics: Sendable {
    /// Jobs arriving before this time are left out of latency; time before it out of rates.
    public let warmup: SimTime
    public internal(set) var jobsArrived = 0
    public internal(set) var jobsArrivedMeasured = 0
    public internal(set) var jobsCompleted = 0
    public internal(set) var jobsFailed = 0
    /// Completions at or after warm-up (for throughput).
    public internal(set) var completionsMeasured = 0
    /// Jobs that arrived at or after warm-up and completed with a right answer.
    public internal(set) var correctMeasured = 0
    /// Resilience counters: retries scheduled, attempts timed out, 429s, jobs failed by their job
    /// timeout, jobs dead-lettered, budget stops, faults started.
    public internal(set) var retries = 0
    public internal(set) var timeouts = 0
    public internal(set) var rateLimited = 0
    public internal(set) var jobTimeouts = 0
    public internal(set) var jobsDeadLettered = 0
    public internal(set) var budgetStops = 0
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
    public internal(set) var messages = 0
    public internal(set) var calls = 0
    public internal(set) var coordinationCalls = 0
    /// Queue wait of work calls that started at or after warm-up.
    public internal(set) var waitTotalNanos: Double = 0
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
