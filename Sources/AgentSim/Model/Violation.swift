import AgentSimKernel
import AgentSimMetrics

/// The invariants a checked run observes (ARCHITECTURE.md §2, "Invariants").
///
/// The raw values are the names reports and `summary.csv` use.
public enum Invariant: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Arrived = completed + failed + dead-lettered + in flight, after every event; in flight is the
    /// jobs-in-system level, kept apart from the end counters.
    case jobConservation = "job_conservation"
    /// A job ends once: completing, failing or dead-lettering a job that already ended is a bug of the
    /// coordinator (the engine ignores the second end, the checker records it).
    case noJobEndsTwice = "no_job_ends_twice"
    /// A step copy is completed once: completing a step more often than it has copies uses a result
    /// twice (e.g. a duplicated message acted on twice). Without checking this stops the process.
    case noTaskCompletesTwice = "no_task_completes_twice"
    /// An agent is released only while it holds a slot (``CoordinationContext/hold(_:)`` then
    /// ``CoordinationContext/release(_:)``): a second release gives back a slot twice (e.g. a
    /// duplicated message acted on twice). Without checking this stops the process.
    case holdBalance = "hold_balance"
    /// Work on a step starts only after the step's inputs finished; a task is completed only after
    /// work on it finished; a message arrives no earlier than it was sent.
    case causality
    /// The virtual clock never goes back.
    case monotonicClock = "monotonic_clock"
    /// The cost ledger holds every call that started, and its dollars match the calls' prices.
    case ledgerMatchesCalls = "ledger_matches_calls"
    /// The calls of a hard-stop run or role budget, as the cost ledger holds them (including calls
    /// still in service), stay within its dollar and token limits.
    case hardBudget = "hard_budget"
    /// No delegation goes deeper than the scenario's limit (the pattern's `max_depth`).
    case delegationDepth = "delegation_depth"
    /// No message is delivered across an active partition.
    case noDeliveryAcrossPartition = "no_delivery_across_partition"
    /// Within the drain time after the last fault healed, every job ended.
    case liveness

    /// The invariant's name as reports and summary.csv write it (the raw value).
    public var description: String { rawValue }
}

/// One broken invariant: which, when, for which job and agent, and under which seed.
///
/// Jobs are named by their arrival number (0 for the first job of the run), which is the same on
/// every replay of the seed; job slot ids are reused and would not be.
public struct Violation: Sendable, Hashable, CustomStringConvertible {
    /// The invariant that broke.
    public var invariant: Invariant
    /// The virtual time at which the checker saw it.
    public var time: SimTime
    /// The arrival number of the job concerned, if one is.
    public var job: UInt64?
    /// The agent concerned, as `ROLE[k]`, if one is.
    public var agent: String?
    /// The root seed of the run.
    public var seed: UInt64
    /// What exactly was seen, in one line.
    public var detail: String
    /// For a liveness violation: where the stuck job was left (one violation per stuck job).
    public var stuck: StuckJob?

    /// Creates a violation.
    public init(
        invariant: Invariant, time: SimTime, job: UInt64? = nil, agent: String? = nil, seed: UInt64,
        detail: String, stuck: StuckJob? = nil
    ) {
        self.invariant = invariant
        self.time = time
        self.job = job
        self.agent = agent
        self.seed = seed
        self.detail = detail
        self.stuck = stuck
    }

    /// One line: `liveness at t=2400s (job #17, seed 42): still in flight ...`.
    public var description: String {
        var context: [String] = []
        if let job { context.append("job #\(job)") }
        if let agent { context.append("agent \(agent)") }
        context.append("seed \(seed)")
        return
            "\(invariant) at t=\(CSV.format(time.seconds))s (\(context.joined(separator: ", "))): \(detail)"
    }
}

extension SimTime {
    /// Seconds, for messages: `7.011159156s`, `3600.0s`.
    var secondsText: String { CSV.format(seconds) + "s" }
}
