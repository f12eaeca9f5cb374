import AgentSimKernel
import AgentSimSpec

/// The run-time state of `network.retransmit`: which send of its message each copy in flight is,
/// and the lost messages waiting for their resend.
///
/// Acknowledgements are not modelled as messages: the simulator knows when a copy is lost (a loss
/// draw, or a partition at send or while it is in flight), and only then does the sender resend,
/// at the time a sender without an acknowledgement would. A copy that arrives needs no resend, so
/// a run in which nothing is lost is the run without retransmission, draw for draw.
struct Retransmission {
    /// A lost message and the number its next send will have.
    struct Pending {
        var message: Message
        var attempt: UInt32
    }

    /// The policy; `nil`: off, and nothing else here is used.
    let spec: RetransmitSpec?
    /// Per message slot in flight (only while on): which send of its message the copy is (1 for
    /// the first; 0 for a network duplicate, which its sender knows nothing of and never resends),
    /// and when it was sent.
    var attemptOfSlot: [UInt32] = []
    var sentAtOfSlot: [Int64] = []
    /// Lost messages whose resend is scheduled (each holds its job, like a message in flight).
    var pending = SlotTable<Pending>()
    /// Resends the network carried (each also counted in the run's messages).
    var resent = 0

    init(_ spec: RetransmitSpec?) { self.spec = spec }

    /// Remembers that the copy in message slot `slot` is send `attempt`, sent at `nanos`.
    mutating func record(slot: UInt32, attempt: UInt32, at nanos: Int64) {
        let i = Int(slot)
        if attemptOfSlot.count <= i {
            attemptOfSlot += Array(repeating: 0, count: i + 1 - attemptOfSlot.count)
            sentAtOfSlot += Array(repeating: 0, count: i + 1 - sentAtOfSlot.count)
        }
        attemptOfSlot[i] = attempt
        sentAtOfSlot[i] = nanos
    }
}

extension CoordinationContext {
    /// A copy of `message` was lost: counted, and with `network.retransmit` on, send `attempt`
    /// (made at `sentNanos`) of a message that has sends left is resent when its retransmission
    /// timeout expires — or now, if the loss is only noticed after that (a copy cut off in flight
    /// after its timeout).
    ///
    /// The job is retained until the resend, exactly as for a message in flight, and whether or not
    /// the job is still active: the transport knows nothing of jobs, and a resent message of an
    /// ended job is delivered to the coordinator's `discarded` like any late message.
    mutating func lost(_ message: Message, attempt: UInt32, sentNanos: Int64) {
        layer.messagesDropped &+= 1
        if observing { notify(.messageLost(message)) }
        guard attempt > 0, let spec = layer.retransmission.spec, Int(attempt) < spec.maxAttempts else {
            return
        }
        let due = max(now.nanos, sentNanos &+ spec.timeout(ofSend: Int(attempt)).nanos)
        retainJob(message.task.job)
        let slot = layer.retransmission.pending.insert(.init(message: message, attempt: attempt &+ 1))
        sim.schedule(.resend(slot), at: SimTime(nanos: due))
    }

    /// A lost message's resend is due: it crosses the network again, counted in the run's
    /// messages, with a fresh latency and through the network faults active now.
    ///
    /// Its latency is drawn from "faults:network", not "network": a resend exists only because a
    /// fault lost a copy, and fault draws stay out of every other stream, so the latency of every
    /// first send is the one it has in the fault-free run.
    mutating func resend(_ slot: UInt32) {
        let pending = layer.retransmission.pending[slot]
        layer.retransmission.pending.remove(slot)
        stats.messages &+= 1
        layer.retransmission.resent &+= 1
        let delay =
            plan.networkIsInstant
            ? SimDuration.zero : SimDuration(seconds: plan.networkLatency.sampleNonNegative(&layer.rng))
        if !layer.activeNetwork.isEmpty {
            sendThroughFaults(pending.message, delay: delay, attempt: pending.attempt)
        } else if plan.networkIsInstant {
            if observing { notify(.messageDelivered(pending.message, slot: nil)) }
            notices.append(.delivered(pending.message))
        } else {
            scheduleDelivery(pending.message, after: delay, attempt: pending.attempt)
        }
        // Released after the copy now in flight retained it, so the job's slot is never freed in
        // between.
        releaseJob(pending.message.task.job)
    }

}
