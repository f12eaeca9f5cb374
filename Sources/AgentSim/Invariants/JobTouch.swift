/// What last touched a job, kept per job slot only while checking: what a liveness violation
/// reports to say where a stuck job was left.
struct JobTouch {
    /// The kind of event that touched the job.
    enum Kind: UInt8 {
        case arrived, callStarted, callFinished, messageDelivered, timerFired, attemptTimedOut, retryDue
        case deadlinePassed, messageResent

        /// How reports name it.
        var name: String {
            switch self {
            case .arrived: "arrival"
            case .callStarted: "call started"
            case .callFinished: "call finished"
            case .messageDelivered: "message delivered"
            case .timerFired: "timer fired"
            case .attemptTimedOut: "attempt timed out"
            case .retryDue: "retry due"
            case .deadlinePassed: "job deadline"
            case .messageResent: "message resent"
            }
        }
    }

    /// The last event that touched the job, and when.
    var kind = Kind.arrived
    var nanos: Int64 = 0
    /// The step and copy of the last event that named one (`step` `.max`: none yet).
    var step = UInt16.max
    var copy: UInt16 = 0
    /// The agent of the last event that named one: the agent that last held the job's work.
    var agent = AgentID.none
}

/// The hooks that keep ``JobTouch`` records: on every kernel event (``ModelEvent/eventStarts(_:)``)
/// and where a call starts (``ModelEvent/callStarted(_:agent:)``).
extension InvariantChecker {
    /// Kernel event `event` is about to be handled now: remember it for the job it concerns.
    /// - Complexity: O(1).
    mutating func noteTouch(_ event: EngineEvent, _ ctx: inout CoordinationContext) {
        eventNanos = ctx.now.nanos
        switch event {
        case .callDone(let slot):
            let call = ctx.calls[slot]
            let attempt = call.request.attempt
            // The call of an abandoned (timed-out) attempt is only booked: it changes no job.
            if attempt != CoordinationContext.noAttempt && ctx.attempts[attempt].state == .abandoned { break }
            touch(call.request.task, .callFinished, agent: AgentID(index: call.agent), &ctx)
        case .delivery(let slot):
            touch(
                ctx.transport.messages[slot].task, .messageDelivered, agent: ctx.transport.messages[slot].to,
                &ctx)
        case .timer(let slot):
            touch(ctx.transport.timers[slot].task, .timerFired, agent: .none, &ctx)
        case .attemptTimeout(let slot):
            touch(ctx.attempts[slot].task, .attemptTimedOut, agent: ctx.attemptAgent(slot), &ctx)
        case .retry(let slot):
            touch(ctx.attempts[slot].task, .retryDue, agent: ctx.attemptAgent(slot), &ctx)
        case .jobTimeout(let slot):
            let s = Int(slot)
            if ctx.jobs[s].active && ctx.jobs[s].deadline <= ctx.now.nanos {
                touch(slot: s, .deadlinePassed, &ctx)
            }
        case .resend(let slot):
            let message = ctx.layer.retransmission.pending[slot].message
            touch(message.task, .messageResent, agent: message.to, &ctx)
        case .arrival, .fault, .sample, .bulkhead:
            break  // an arrival is touched when admitted (``InvariantChecker/admit(slot:)``)
        }
    }

    mutating func touch(
        _ task: TaskRef, _ kind: JobTouch.Kind, agent: AgentID, _ ctx: inout CoordinationContext
    ) {
        let slot = Int(task.job.index)
        guard slot < touches.count, ctx.jobs[slot].active else { return }
        touch(slot: slot, kind, &ctx)
        if Int(task.step) < ctx.plan.stepCount {
            touches[slot].step = task.step
            touches[slot].copy = task.copy
        }
        if agent != .none { touches[slot].agent = agent }
    }

    mutating func touch(slot: Int, _ kind: JobTouch.Kind, _ ctx: inout CoordinationContext) {
        touches[slot].kind = kind
        touches[slot].nanos = ctx.now.nanos
        quietNanos = max(quietNanos, ctx.now.nanos)
    }
}

extension CoordinationContext {
    /// The agent an attempt runs on, or is bound for; ``AgentID/none`` for a pool.
    func attemptAgent(_ slot: UInt32) -> AgentID {
        let attempt = attempts[slot]
        if attempt.state == .running, attempt.call != Self.noAttempt {
            return AgentID(index: calls[attempt.call].agent)
        }
        if case .agent(let k) = attempt.destination { return AgentID(index: UInt32(k)) }
        return .none
    }
}
