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

/// The hooks that keep ``JobTouch`` records: one line in the engine's event loop and one where a
/// call starts, both behind the checking flag, so an unchecked run pays nothing.
extension CoordinationContext {
    /// Kernel event `event` is about to be handled now: remember it for the job it concerns.
    /// - Complexity: O(1).
    mutating func noteTouch(_ event: EngineEvent) {
        checker.eventNanos = now.nanos
        switch event {
        case .callDone(let slot):
            let call = calls[slot]
            let attempt = call.request.attempt
            // The call of an abandoned (timed-out) attempt is only booked: it changes no job.
            if attempt != Self.noAttempt && attempts[attempt].state == .abandoned { break }
            touch(call.request.task, .callFinished, agent: AgentID(index: call.agent))
        case .delivery(let slot):
            touch(messages[slot].task, .messageDelivered, agent: messages[slot].to)
        case .timer(let slot):
            touch(timers[slot].task, .timerFired, agent: .none)
        case .attemptTimeout(let slot):
            touch(attempts[slot].task, .attemptTimedOut, agent: attemptAgent(slot))
        case .retry(let slot):
            touch(attempts[slot].task, .retryDue, agent: attemptAgent(slot))
        case .jobTimeout(let slot):
            let s = Int(slot)
            if jobs[s].active && jobs[s].deadline <= now.nanos { touch(slot: s, .deadlinePassed) }
        case .resend(let slot):
            let message = layer.retransmission.pending[slot].message
            touch(message.task, .messageResent, agent: message.to)
        case .arrival, .fault, .sample, .bulkhead:
            break  // an arrival is touched when admitted (``InvariantChecker/admit(slot:)``)
        }
    }

    /// A call for `task` started on agent `a` now.
    mutating func noteCallStarted(_ task: TaskRef, on a: Int) {
        touch(task, .callStarted, agent: AgentID(index: UInt32(a)))
    }

    /// The agent an attempt runs on, or is bound for; ``AgentID/none`` for a pool.
    func attemptAgent(_ slot: UInt32) -> AgentID {
        let attempt = attempts[slot]
        if attempt.state == .running, attempt.call != Self.noAttempt {
            return AgentID(index: calls[attempt.call].agent)
        }
        if case .agent(let k) = attempt.destination { return AgentID(index: UInt32(k)) }
        return .none
    }

    mutating func touch(_ task: TaskRef, _ kind: JobTouch.Kind, agent: AgentID) {
        let slot = Int(task.job.index)
        guard slot < checker.touches.count, jobs[slot].active else { return }
        touch(slot: slot, kind)
        if Int(task.step) < stepCount {
            checker.touches[slot].step = task.step
            checker.touches[slot].copy = task.copy
        }
        if agent != .none { checker.touches[slot].agent = agent }
    }

    mutating func touch(slot: Int, _ kind: JobTouch.Kind) {
        checker.touches[slot].kind = kind
        checker.touches[slot].nanos = now.nanos
        checker.quietNanos = max(checker.quietNanos, now.nanos)
    }
}
