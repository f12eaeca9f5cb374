import AgentSimMetrics

/// A coordination pattern: the policy that routes a job's steps to agents and decides what the
/// coordination costs (LLM calls for planning and routing, messages, holds).
///
/// Built-in patterns and users' own logic implement this same protocol, so a user's coordinator
/// gets everything the built-ins get: the same workload, metrics and (later) faults. Callbacks
/// arrive in virtual-time order; within one instant, everything a callback causes is handled before
/// older pending callbacks (depth first). Act only through `ctx`; do not keep it.
///
/// Every callback except ``taskReady(_:from:_:)`` and ``taskFinished(_:_:)`` has a default:
/// a job starts its steps on arrival, completes when all steps are done, and fails when a task is
/// rejected by a full queue.
///
/// A coordinator's conformance is nonisolated (`SendableMetatype`, Swift 6.2): replications run on
/// worker threads, so the engine uses the conformance from whichever thread runs the replication.
/// The coordinator's values never cross threads (each run builds its own), so they need not be
/// `Sendable`.
public protocol Coordinator: SendableMetatype {
    /// The name used in CSV rows, e.g. `pipeline`.
    var name: String { get }
    /// A job arrived. Default: ``CoordinationContext/startJob(_:)``.
    mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext)
    /// A copy of a step has all its inputs; `from` produced the last of them (``AgentID/none`` for
    /// a job's first steps). Route it: submit it, message it, or hold it.
    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext)
    /// An agent finished the work of a task; `result.correct` says whether its output is right.
    /// Usually: report it (message) or call ``CoordinationContext/completeTask(_:by:correct:)``.
    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext)
    /// A coordination call made with ``CoordinationContext/coordinationCall(for:tag:about:on:tokensIn:tokensOut:)``
    /// finished. Default: nothing.
    mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext)
    /// A message sent with ``CoordinationContext/send(_:)`` arrived. Default: nothing.
    mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext)
    /// Every step of `job` is done; `agent` finished the last one. Default: complete the job.
    mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext)
    /// A full queue rejected `task`. Default: fail its job.
    mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext)
    /// A timer set with ``CoordinationContext/setTimer(after:tag:task:)`` fired. Default: nothing.
    mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext)
    /// A task's work failed for good: its attempts ran out (errors, timeouts, 429s) or a circuit
    /// breaker refused it. Default: ``CoordinationContext/giveUp(_:reason:)`` (dead-letter or fail
    /// the job).
    mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext)
    /// A coordination call failed for good: its role has a timeout (`policies.timeout`) and every
    /// attempt the role's retry policy allows timed out (e.g. its agent crashed), or a retry found
    /// the queue full. ``CoordinationCall/agent`` is ``AgentID/none``. Default:
    /// ``CoordinationContext/giveUp(_:reason:)``.
    mutating func coordinationFailed(
        _ call: CoordinationCall, reason: TaskFailure, _ ctx: inout CoordinationContext)
    /// Something happened for a job that has already ended (completed or failed): the coordinator
    /// is not asked to act on it, but one that holds resources for it (a held agent, a load count)
    /// gives them back here. Default: nothing.
    mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext)
    /// `job` has just ended (completed, failed, dead-lettered or timed out), by whatever path: the
    /// one place a coordinator frees what it keeps per job (decision tables, load counts of the
    /// job's outstanding tasks), so that state never outlives its job. Heard once per job, after the
    /// callback that ended it returns; work still in flight for the job arrives later at
    /// ``discarded(_:_:)``. Do not act on the job. Default: nothing.
    mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext)
    /// Metrics of the coordinator's own, asked for once when the run has ended (e.g. tasks stolen
    /// per job): summary.csv appends them after the built-in columns, and `agentsim check` gates
    /// them in their declared direction. Default: none.
    func reportedMetrics(_ ctx: borrowing CoordinationContext) -> [CustomMetric]
}

/// An event about a job that had already ended when it happened.
public enum DiscardedEvent: Sendable, Hashable {
    case taskReady(TaskRef, from: AgentID)
    case taskFinished(TaskResult)
    case coordinationFinished(CoordinationCall)
    case messageDelivered(Message)
    case allStepsDone(JobID, by: AgentID)
    case taskRejected(TaskRef)
    case timerFired(tag: UInt32, task: TaskRef)
    case taskFailed(TaskRef, TaskFailure)
    case coordinationFailed(CoordinationCall, TaskFailure)
}

extension Coordinator {
    /// Default: starts the job's first steps (``CoordinationContext/startJob(_:)``).
    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) { ctx.startJob(job) }
    /// Default: nothing (a coordinator that makes coordination calls overrides it).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {}
    /// Default: nothing (a coordinator that sends messages overrides it).
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {}
    /// Default: completes the job (``CoordinationContext/completeJob(_:)``).
    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        ctx.completeJob(job)
    }
    /// Default: fails the job with the reason `rejected: queue full (POOL)`.
    public mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        let pool = ctx.fleet.pools[Int(ctx.pool(of: task).index)].label
        ctx.failJob(task.job, reason: "rejected: queue full (\(pool))")
    }
    /// Default: nothing (a coordinator that sets timers overrides it).
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {}
    /// Default: nothing, for a coordinator that keeps no per-job resources.
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {}
    /// Default: nothing, for a coordinator that keeps no per-job state.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {}
    /// Default: no metrics of its own, so summary.csv gets no extra columns.
    public func reportedMetrics(_ ctx: borrowing CoordinationContext) -> [CustomMetric] { [] }
    /// Default: gives the job up (``CoordinationContext/giveUp(_:reason:)``) with the reason
    /// `task failed: REASON`.
    public mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
        ctx.giveUp(task.job, reason: "task failed: \(reason)")
    }
    /// Default: gives the job up with the reason `coordination call failed: REASON`.
    public mutating func coordinationFailed(
        _ call: CoordinationCall, reason: TaskFailure, _ ctx: inout CoordinationContext
    ) {
        ctx.giveUp(call.job, reason: "coordination call failed: \(reason)")
    }
}
