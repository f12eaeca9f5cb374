import AgentSimKernel

extension CoordinationContext {
    /// Sends a coordination message over the network; the coordinator hears `messageDelivered`
    /// after the network latency. Every message is counted, including those network faults lose.
    ///
    /// While a network fault is active the message goes through the chaos layer
    /// (``sendThroughFaults(_:)``): it may be lost, delayed, duplicated or cut off by a partition.
    public mutating func send(_ message: Message) {
        let message = message.retagged(spaced(message.tag))
        stats.messages &+= 1
        if !layer.activeNetwork.isEmpty {
            let delay =
                plan.networkIsInstant
                ? SimDuration.zero
                : SimDuration(seconds: plan.networkLatency.sampleNonNegative(&draws.networkRNG))
            sendThroughFaults(message, delay: delay, attempt: 1)
            return
        }
        if plan.networkIsInstant {
            if observing { notify(.messageDelivered(message, slot: nil)) }
            notices.append(.delivered(message))
            return
        }
        let delay = SimDuration(seconds: plan.networkLatency.sampleNonNegative(&draws.networkRNG))
        scheduleDelivery(message, after: delay)
    }

    /// Puts `message` in flight, to be delivered after `delay`; it is send `attempt` of the message
    /// (0: a network duplicate), which retransmission needs if the copy is cut off in flight.
    mutating func scheduleDelivery(_ message: Message, after delay: SimDuration, attempt: UInt32 = 1) {
        retainJob(message.task.job)
        let slot = transport.messages.insert(message)
        if observing { notify(.messageSent(message, slot: slot)) }
        if layer.retransmission.spec != nil {
            layer.retransmission.record(slot: slot, attempt: attempt, at: now.nanos)
        }
        sim.schedule(.delivery(slot), after: delay)
    }

    /// Calls the coordinator's `timerFired` after `delay`, with `tag` and `task`.
    public mutating func setTimer(after delay: SimDuration, tag: UInt32, task: TaskRef) {
        retainJob(task.job)
        let slot = transport.timers.insert(TimerRecord(tag: spaced(tag), task: task))
        sim.schedule(.timer(slot), after: delay)
    }

    /// A message arrives: unless a partition that started while it was in flight cuts its link
    /// (then it is lost, and may be resent: ``lost(_:attempt:sentNanos:)``), the coordinator hears
    /// `messageDelivered`.
    mutating func deliver(_ slot: UInt32) {
        let message = transport.messages[slot]
        transport.messages.remove(slot)
        if layer.activePartitions > 0, layer.partitionCutting(message) != nil {
            if layer.retransmission.spec == nil {
                lost(message, attempt: 0, sentNanos: 0)
            } else {
                let i = Int(slot)
                lost(
                    message, attempt: layer.retransmission.attemptOfSlot[i],
                    sentNanos: layer.retransmission.sentAtOfSlot[i])
            }
            // Released after a resend retained the job, so its slot is never freed in between.
            releaseJob(message.task.job)
            return
        }
        releaseJob(message.task.job)
        if observing { notify(.messageDelivered(message, slot: slot)) }
        notices.append(.delivered(message))
    }

    mutating func fireTimer(_ slot: UInt32) {
        let timer = transport.timers[slot]
        transport.timers.remove(slot)
        releaseJob(timer.task.job)
        notices.append(.timerFired(tag: timer.tag, task: timer.task))
    }
}
