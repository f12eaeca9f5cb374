import AgentSimKernel

/// Where a stuck job was left, as a liveness violation reports it: the step and copy and the agent
/// of the last event that touched the job, that event, and when the whole system went quiet.
///
/// A liveness violation is seen at the liveness deadline (or when nothing is left to happen), often
/// long after the bug struck; the last event that touched the job and the time the system went
/// quiet point at the moment it did.
public struct StuckJob: Sendable, Hashable {
    /// The step of the last event that named one; `nil` when no work of the job ever started.
    public var step: String?
    /// The copy of that step (0 when it does not fan out); `nil` with `step`.
    public var copy: Int?
    /// The last event that touched the job: `call started`, `call finished`, `message delivered`,
    /// `timer fired`, `attempt timed out`, `retry due`, `job deadline`, `message resent` or
    /// `arrival`.
    public var lastEvent: String
    /// When that event happened.
    public var lastEventTime: SimTime
    /// Jobs stuck in the run in all, this one included.
    public var stuckJobs: Int
    /// When the system went quiet: the time of the last event that touched any job still in flight
    /// or ending then.
    public var quietTime: SimTime
    /// The liveness deadline of the run (`nil` when it had none).
    public var deadline: SimTime?

    /// Creates the record.
    public init(
        step: String?, copy: Int?, lastEvent: String, lastEventTime: SimTime, stuckJobs: Int,
        quietTime: SimTime, deadline: SimTime?
    ) {
        self.step = step
        self.copy = copy
        self.lastEvent = lastEvent
        self.lastEventTime = lastEventTime
        self.stuckJobs = stuckJobs
        self.quietTime = quietTime
        self.deadline = deadline
    }
}
