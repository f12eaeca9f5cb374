import AgentSim

/// A small scheduler of a user's own, on the public ``Coordinator`` protocol: it dispatches each
/// ready task over the network to the least-loaded agent of its pool, and a watchdog re-dispatches
/// the task to another agent when no result comes back in time (a lost dispatch, a crashed or stuck
/// agent), up to a number of tries; then it fails the job with a reason.
///
/// It is written to survive chaos: every message and result is checked against what it is waiting
/// for, so duplicated, late or superseded ones are ignored, and every path that ends a job forgets
/// the job's tasks (job ids are reused).
///
/// With `plantedBug` it disarms the watchdog as soon as the dispatch arrives, trusting the agent to
/// answer. A worker that crashes mid-call then loses the task for good and the job hangs: the kind
/// of bug chaos finds, replays and shrinks. With `ignoreLoad` it sends every task to the pool's
/// first agent: a performance regression, the kind the CI gate (`check`) catches.
///
/// It reports one metric of its own, `redispatches_per_job` (lower is better), which summary.csv
/// and the gate show next to the built-in ones.
struct WatchdogScheduler: Coordinator {
    /// What the scheduler knows about one task it dispatched.
    struct Watch {
        /// Dispatches so far (1 for the first).
        var tries: Int
        /// The agent of the latest dispatch.
        var agent: AgentID
        /// The latest dispatch's number: its message payload and its watchdog timer's tag.
        var generation: UInt32
        /// Whether that dispatch arrived and the work was submitted.
        var submitted = false
    }

    /// The generation of a disarmed watchdog (never a dispatch's).
    static let disarmed = UInt32.max
    /// The message tag of a dispatch.
    static let dispatchTag: UInt32 = 1

    /// The agent that sends dispatches (its role only coordinates).
    let dispatcher: AgentID
    /// How long a dispatched task may go without a result before it is sent elsewhere.
    let patience: SimDuration
    /// Dispatches per task before its job fails.
    let maxTries: Int
    /// The deliberate bug: trust a delivered dispatch to be answered.
    let plantedBug: Bool
    /// The deliberate regression: dispatch without looking at load.
    let ignoreLoad: Bool
    /// Dispatches after the first, over every task.
    var redispatches = 0
    /// Tasks dispatched and not yet answered.
    var watches: [TaskRef: Watch] = [:]
    var nextGeneration: UInt32 = 0

    /// Creates the scheduler; `dispatcherRole` names the role whose first agent sends dispatches.
    init(
        dispatcherRole: String, patience: SimDuration, maxTries: Int, plantedBug: Bool,
        ignoreLoad: Bool = false, _ ctx: inout CoordinationContext
    ) {
        guard let pool = ctx.pool(forRole: dispatcherRole) else {
            preconditionFailure("no role \(dispatcherRole)")
        }
        dispatcher = ctx.members(of: pool)[0]
        self.patience = patience
        self.maxTries = maxTries
        self.plantedBug = plantedBug
        self.ignoreLoad = ignoreLoad
    }

    var name: String { plantedBug ? "watchdog_planted_bug" : "watchdog" }

    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        dispatch(task, tries: 1, avoiding: .none, &ctx)
    }

    /// Sends `task` to the least-loaded agent of its pool other than `avoiding` (unless it is the only
    /// one), and arms a watchdog for this dispatch.
    mutating func dispatch(_ task: TaskRef, tries: Int, avoiding: AgentID, _ ctx: inout CoordinationContext) {
        let members = ctx.members(of: ctx.pool(of: task))
        var best: AgentID?
        for m in members where m != avoiding || members.count == 1 {
            if best == nil || (!ignoreLoad && ctx.load(of: m) < ctx.load(of: best!)) { best = m }
        }
        let worker = best!
        if tries > 1 { redispatches += 1 }
        nextGeneration = (nextGeneration &+ 1) & 0xFF_FFFF  // timer tags stay below 2^24
        watches[task] = Watch(tries: tries, agent: worker, generation: nextGeneration)
        ctx.send(
            Message(
                from: dispatcher, to: worker, tag: Self.dispatchTag, task: task,
                payload: UInt64(nextGeneration)))
        ctx.setTimer(after: patience, tag: nextGeneration, task: task)
    }

    /// A dispatch arrived: the worker takes the task, once (a duplicate or superseded dispatch is
    /// dropped: the `submitted` flag makes this receiver idempotent without looking at
    /// `message.redelivered`).
    mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard var watch = watches[message.task], UInt64(watch.generation) == message.payload, !watch.submitted
        else { return }
        watch.submitted = true
        if plantedBug { watch.generation = Self.disarmed }  // BUG: a crash mid-call now goes unnoticed
        watches[message.task] = watch
        ctx.submit(message.task, toAgent: message.to)
    }

    /// The first result of a task is used; later ones (from superseded dispatches) are ignored.
    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        guard watches.removeValue(forKey: result.task) != nil else { return }
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }

    /// The watchdog of a dispatch fired: unless a result came back or the task was sent elsewhere
    /// since, send it elsewhere, or fail the job after the last try.
    mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        guard let watch = watches[task], watch.generation == tag else { return }
        retry(task, watch, reason: "no answer after \(maxTries) dispatches", &ctx)
    }

    /// The work failed for good on that agent (its errors outlasted its retries): try elsewhere.
    mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
        guard let watch = watches[task] else { return }
        retry(task, watch, reason: "task failed \(maxTries) times (\(reason))", &ctx)
    }

    mutating func retry(_ task: TaskRef, _ watch: Watch, reason: String, _ ctx: inout CoordinationContext) {
        if watch.tries < maxTries {
            dispatch(task, tries: watch.tries + 1, avoiding: watch.agent, &ctx)
        } else {
            forget(task.job)
            ctx.failJob(task.job, reason: reason)
        }
    }

    mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        forget(task.job)
        ctx.failJob(task.job, reason: "rejected: queue full")
    }

    mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        forget(job)
        ctx.completeJob(job)
    }

    /// Re-dispatches per arrived job: how often the watchdog had to step in.
    func reportedMetrics(_ ctx: borrowing CoordinationContext) -> [CustomMetric] {
        let arrived = ctx.stats.jobsArrived
        return [
            CustomMetric(
                "redispatches_per_job", arrived > 0 ? Double(redispatches) / Double(arrived) : 0,
                better: .lowerIsBetter)
        ]
    }

    /// Drops every watch of `job` (its id will be reused by a later job).
    mutating func forget(_ job: JobID) {
        watches = watches.filter { $0.key.job != job }
    }
}
