import AgentSim

/// The simplest scheduler of a user's own: each ready task goes straight to its pool (the pool's
/// queue hands it to the first free agent), and the engine's policies (`policies.timeout`,
/// `policies.retry`) deal with slow and crashed agents.
///
/// With `dropTimedOut` it has a planted bug: a task whose last attempt timed out is dropped,
/// neither failed nor re-submitted, so its job never ends. Retries hide it: a timed-out attempt is
/// retried first, and the coordinator hears of the timeout only when every attempt timed out. The
/// chaos article measures how much rarer the bug gets per seed.
struct DirectScheduler: Coordinator {
    /// The deliberate bug: forget a task whose attempts timed out.
    let dropTimedOut: Bool

    var name: String { dropTimedOut ? "direct_drops_timeouts" : "direct" }

    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        ctx.submit(task, to: ctx.pool(of: task))
    }

    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }

    /// Fails the job (dead-letters it, if the scenario says so); the planted bug drops a timeout.
    mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
        if dropTimedOut && reason == .timeout { return }  // BUG: the task is forgotten, its job hangs
        ctx.giveUp(task.job, reason: "task failed: \(reason)")
    }
}

/// The direct scheduler as a pattern type that scenario files name:
///
/// ```json
/// "pattern": { "type": "direct", "drop_timed_out": true }
/// ```
enum DirectPattern: PatternDefinition {
    static let name = "direct"
    static let summary =
        "Submits each ready task to its pool and leaves timeouts and retries to the engine's policies."
    static let parameters = [
        ParameterDeclaration(
            "drop_timed_out", .bool, default: .bool(false),
            help: "A deliberate bug for chaos to find: drop a task whose attempts all timed out.")
    ]

    static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> DirectScheduler
    {
        DirectScheduler(dropTimedOut: parameters.bool("drop_timed_out"))
    }
}
