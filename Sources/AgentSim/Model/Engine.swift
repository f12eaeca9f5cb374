import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// Runs one scenario replication: arrivals, calls, messages and a coordinator, on the kernel.
///
/// Generic over the concrete coordinator, so the whole run loop is specialised for it: no
/// existentials or closures per event.
public struct Engine<C: Coordinator>: ~Copyable {
    /// The world the coordinator acts on.
    public var ctx: CoordinationContext
    /// The coordination pattern.
    public var coordinator: C
    var arrivals: ArrivalGenerator
    var sizes: Xoshiro256StarStar

    /// Creates the run of `scenario` with root seed `seed` over `fleet`, observed by `observers`
    /// (installed before the coordinator is built), with a coordinator built against the run's
    /// context. The layer that creates a run picks its observers: the initializers without
    /// `observers` (Invariants/Engine+Checking.swift) install the invariant checker when the
    /// scenario asks for checks.
    init(
        scenario: Scenario, seed: UInt64, fleet: Fleet, observers: [any ModelObserver],
        makeCoordinator: (inout CoordinationContext) -> C
    ) {
        ctx = CoordinationContext(scenario: scenario, seed: seed, fleet: fleet)
        for observer in observers { ctx.addObserver(observer) }
        coordinator = makeCoordinator(&ctx)
        arrivals = ArrivalGenerator(workload: scenario.workload, rng: ctx.streams.stream("workload:arrivals"))
        sizes = ctx.streams.stream("workload:sizes")
    }

    /// Runs until every job has ended and nothing is pending, or the limits are reached.
    ///
    /// A chaos run also stops at its liveness deadline (the drain time after the last fault heals).
    /// With checking on, the end-of-run invariants (ledger, liveness) are checked before returning.
    /// - Returns: Why the run stopped.
    @discardableResult
    public mutating func run(until: SimTime, maxEvents: Int) -> StopReason {
        let end = min(until, ctx.livenessDeadline ?? until)
        if let first = arrivals.next(after: .zero) { ctx.sim.schedule(.arrival, at: first) }
        ctx.scheduleFaults()
        ctx.sim.schedule(.sample, after: ctx.plan.sampleInterval)
        let stop = runEvents(until: end, maxEvents: maxEvents)
        if ctx.observing { ctx.notify(.runStopped(stop)) }
        return stop
    }

    mutating func runEvents(until: SimTime, maxEvents: Int) -> StopReason {
        var executed = 0
        while executed < maxEvents {
            guard let event = ctx.sim.nextEvent(until: until) else {
                if ctx.sim.pendingCount > 0 {
                    ctx.sim.advance(to: until)
                    ctx.lastActivity = until
                    return .reachedTime
                }
                return .exhausted
            }
            executed &+= 1
            handle(event)
        }
        return .reachedMaxEvents
    }

    mutating func handle(_ event: EngineEvent) {
        if ctx.observing { ctx.notify(.eventStarts(event)) }
        switch event {
        case .sample, .jobTimeout: break  // bookkeeping: they mark activity only when they act
        default: ctx.lastActivity = ctx.now
        }
        switch event {
        case .arrival:
            // A rejected job still takes its size draw, so admission control moves no later job.
            let seed = sizes.next()
            let admitted = ctx.jobsInFlight < ctx.plan.maxInFlight
            let job = admitted ? ctx.admitJob(seed: seed) : nil
            if !admitted { ctx.rejectArrival() }
            if let next = arrivals.next(after: ctx.now) { ctx.sim.schedule(.arrival, at: next) }
            if let job { ctx.notices.append(.jobArrived(job)) }
        case .callDone(let slot):
            if ctx.observing { ctx.notify(.callFinishing(slot: slot)) }
            ctx.finishCall(slot)
        case .delivery(let slot):
            ctx.deliver(slot)
        case .timer(let slot):
            ctx.fireTimer(slot)
        case .attemptTimeout(let slot):
            ctx.attemptTimedOut(slot)
        case .retry(let slot):
            ctx.submitRetry(slot)
        case .jobTimeout(let slot):
            ctx.jobDeadlinePassed(slot)
        case .fault(let code):
            ctx.applyFault(code)
        case .sample:
            ctx.recordSample(arrivalsDone: arrivals.isDone)
        case .bulkhead(let edge):
            ctx.pollBulkhead(Int(edge))
        case .resend(let slot):
            ctx.resend(slot)
        }
        drainNotices(from: 0)
        if ctx.observing { ctx.notify(.eventEnded) }
    }

    /// Hands notices to the coordinator depth first: the notices a handler adds are reversed onto
    /// the stack so they pop in the order they were added, before older ones.
    mutating func drainNotices(from base: Int) {
        reverseNotices(from: base)
        while let notice = ctx.notices.popLast() {
            let mark = ctx.notices.count
            dispatch(notice)
            reverseNotices(from: mark)
        }
    }

    /// Reverses `notices[start...]` in place (a slice's `reverse()` copies).
    mutating func reverseNotices(from start: Int) {
        var i = start
        var j = ctx.notices.count - 1
        while i < j {
            ctx.notices.swapAt(i, j)
            i += 1
            j -= 1
        }
    }

    mutating func dispatch(_ notice: Notice) {
        switch notice {
        case .jobArrived(let job):
            coordinator.jobArrived(job, &ctx)
        case .taskReady(let task, let from):
            if ctx.isActive(task.job) {
                coordinator.taskReady(task, from: from, &ctx)
            } else {
                coordinator.discarded(.taskReady(task, from: from), &ctx)
            }
        case .taskFinished(let result):
            if ctx.observing { ctx.notify(.taskFinished(result.task)) }
            if ctx.isActive(result.task.job) {
                coordinator.taskFinished(result, &ctx)
            } else {
                coordinator.discarded(.taskFinished(result), &ctx)
            }
        case .coordinationFinished(let call):
            if ctx.isActive(call.job) {
                coordinator.coordinationFinished(call, &ctx)
            } else {
                coordinator.discarded(.coordinationFinished(call), &ctx)
            }
        case .delivered(let message):
            if ctx.isActive(message.task.job) {
                coordinator.messageDelivered(message, &ctx)
            } else {
                coordinator.discarded(.messageDelivered(message), &ctx)
            }
        case .stepsDone(let job, let agent):
            if ctx.isActive(job) {
                coordinator.allStepsDone(job, by: agent, &ctx)
            } else {
                coordinator.discarded(.allStepsDone(job, by: agent), &ctx)
            }
        case .rejected(let task):
            if ctx.isActive(task.job) {
                coordinator.taskRejected(task, &ctx)
            } else {
                coordinator.discarded(.taskRejected(task), &ctx)
            }
        case .timerFired(let tag, let task):
            if ctx.isActive(task.job) {
                coordinator.timerFired(tag: tag, task: task, &ctx)
            } else {
                coordinator.discarded(.timerFired(tag: tag, task: task), &ctx)
            }
        case .taskFailed(let task, let reason):
            if ctx.isActive(task.job) {
                coordinator.taskFailed(task, reason: reason, &ctx)
            } else {
                coordinator.discarded(.taskFailed(task, reason), &ctx)
            }
        case .coordinationFailed(let call, let reason):
            if ctx.isActive(call.job) {
                coordinator.coordinationFailed(call, reason: reason, &ctx)
            } else {
                coordinator.discarded(.coordinationFailed(call, reason), &ctx)
            }
        case .releaseFinishing(let agent):
            ctx.release(agent)
        case .jobEnded(let job):
            coordinator.jobEnded(job, &ctx)
        }
    }
}
