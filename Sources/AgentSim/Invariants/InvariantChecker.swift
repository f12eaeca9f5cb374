/// The invariant observer of one run: the model's observer that holds the checker.
///
/// It is installed only when checking is on (``Engine/init(scenario:seed:fleet:makeCoordinator:)``);
/// without it (the default, so that `agentsim run` stays fast) the engine skips every event site
/// behind one flag. The checker is a value in it, accessed without the runtime's exclusivity check
/// (which would cost more than the checks of a typical event): only ``observe(_:in:)`` and
/// ``violations`` touch it, one at a time, on the run's one thread.
final class InvariantObserver: ModelObserver {
    /// The checks' state.
    @exclusivity(unchecked) var checker: InvariantChecker

    /// An observer for a run with root seed `seed` and delegation depth limit `maxDepth`.
    init(seed: UInt64, maxDepth: Int?) { checker = InvariantChecker(seed: seed, maxDepth: maxDepth) }

    func observe(_ event: ModelEvent, in ctx: inout CoordinationContext) { checker.observe(event, &ctx) }

    var violations: [Violation] { checker.violations }
}

/// What the invariant checks remember between events, and the checks themselves.
///
/// They never change the run: they hear the model's events (``ModelEvent``), read the engine's
/// state and record ``Violation`` values, nothing else.
struct InvariantChecker {
    /// Put a limit on everything: a run keeps at most this many violations (the first ones).
    static let maxViolations = 100

    /// The root seed, copied into every violation.
    let seed: UInt64
    /// The scenario's delegation depth limit, if it has one.
    let maxDepth: Int?
    /// The time of the last event seen.
    var lastNanos: Int64 = 0
    /// Arrived − ended − in flight at the last event (0 when jobs are conserved).
    var conservationGap = 0
    /// Violations in the order seen, at most ``maxViolations`` (plus a liveness check's stuck jobs).
    var violations: [Violation] = []
    /// Violations seen beyond the cap.
    var overflow = 0
    /// Per job slot × step: when the step was made ready (-1: not yet).
    var readyAt: [Int64] = []
    /// Per job slot × step: work results reported for it (`taskFinished`).
    var finished: [UInt32] = []
    /// Per message slot: when the message in flight was sent.
    var sentAt: [Int64] = []
    /// Whether the end-of-run checks already ran (they run once).
    var finishedRun = false
    /// Per job slot: what last touched the job (``JobTouch``).
    var touches: [JobTouch] = []
    /// The time of the event being handled (set before it is handled).
    var eventNanos: Int64 = 0
    /// The time of the last event that touched an active job: when the system went quiet.
    var quietNanos: Int64 = 0

    /// A checker for a run with root seed `seed`.
    init(seed: UInt64, maxDepth: Int?) {
        self.seed = seed
        self.maxDepth = maxDepth
    }

    /// `event` happened now in `ctx`.
    mutating func observe(_ event: ModelEvent, _ ctx: inout CoordinationContext) {
        switch event {
        case .eventStarts(let kernelEvent): noteTouch(kernelEvent, &ctx)
        case .eventEnded: checkAfterEvent(&ctx)
        case .callFinishing(let slot): checkCallCausality(slot, &ctx)
        case .jobAdmitted(let job): admit(slot: Int(job.index), stepCount: ctx.plan.stepCount)
        case .jobEndedTwice(let job, let how):
            violated(&ctx, .noJobEndsTwice, job: job, "\(how) a job that had already ended")
        case .stepReady(let job, let step):
            readyAt[Int(job.index) * ctx.plan.stepCount + step] = ctx.now.nanos
        case .taskFinished(let task):
            let i = Int(task.job.index) * ctx.plan.stepCount + Int(task.step)
            if i < finished.count { finished[i] &+= 1 }
        case .taskCompleted(let task, let agent): checkCompletion(task, by: agent, &ctx)
        case .taskCompletedTooOften(let task, let agent):
            violated(
                &ctx, .noTaskCompletesTwice, job: task.job, agent: agent,
                "step \(ctx.stepName(task.step)) completed more often than it has copies (a result used twice)"
            )
        case .releasedUnheld(let agent):
            violated(&ctx, .holdBalance, agent: agent, "released an agent that holds nothing")
        case .delegated(let depth): checkDepth(depth, &ctx)
        case .callStarted(let task, let a): touch(task, .callStarted, agent: AgentID(index: UInt32(a)), &ctx)
        case .messageSent(_, let slot): sent(slot: slot, at: ctx.now.nanos)
        case .messageDelivered(let message, let slot):
            checkDelivery(message, sentNanos: slot.map { sentAt[Int($0)] } ?? ctx.now.nanos, &ctx)
        case .runStopped(let stop): finishChecks(stop, &ctx)
        case .jobEnded, .callBooked, .messageLost, .faultToggled: break
        }
    }

    /// Records `violation`, or counts it once the cap is reached.
    mutating func record(_ violation: Violation) {
        if violations.count < Self.maxViolations {
            violations.append(violation)
        } else {
            overflow &+= 1
        }
    }

    /// Makes room for job slot `slot` and forgets what a previous job in the slot left.
    mutating func admit(slot: Int, stepCount: Int) {
        let needed = (slot + 1) * stepCount
        if readyAt.count < needed {
            readyAt += Array(repeating: -1, count: needed - readyAt.count)
            finished += Array(repeating: 0, count: needed - finished.count)
        }
        if touches.count <= slot { touches += Array(repeating: JobTouch(), count: slot + 1 - touches.count) }
        touches[slot] = JobTouch(kind: .arrived, nanos: eventNanos)
        quietNanos = max(quietNanos, eventNanos)
        let base = slot * stepCount
        for s in 0..<stepCount {
            readyAt[base + s] = -1
            finished[base + s] = 0
        }
    }

    /// Remembers when message slot `slot` was sent.
    mutating func sent(slot: UInt32, at nanos: Int64) {
        let i = Int(slot)
        if sentAt.count <= i { sentAt += Array(repeating: 0, count: i + 1 - sentAt.count) }
        sentAt[i] = nanos
    }
}
