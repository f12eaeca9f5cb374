extension CoordinationContext {
    /// Sends a coordination message over the network; the coordinator hears `messageDelivered`
    /// after the network latency. Every message is counted.
    public mutating func send(_ message: Message) {
        let message = Message(
            from: message.from, to: message.to, tag: spaced(message.tag), task: message.task,
            payload: message.payload)
        stats.messages &+= 1
        if networkIsInstant {
            notices.append(.delivered(message))
            return
        }
        let delay = SimDuration(seconds: networkLatency.sampleNonNegative(&networkRNG))
        retainJob(message.task.job)
        let slot = messages.insert(message)
        sim.schedule(.delivery(slot), after: delay)
    }

    /// Calls the coordinator's `timerFired` after `delay`, with `tag` and `task`.
    public mutating func setTimer(after delay: SimDuration, tag: UInt32, task: TaskRef) {
        retainJob(task.job)
        let slot = timers.insert(TimerRecord(tag: spaced(tag), task: task))
        sim.schedule(.timer(slot), after: delay)
    }

    mutating func deliver(_ slot: UInt32) {
        let message = messages[slot]
        messages.remove(slot)
        releaseJob(message.task.job)
        notices.append(.delivered(message))
    }

    mutating func fireTimer(_ slot: UInt32) {
        let timer = timers[slot]
        timers.remove(slot)
        releaseJob(timer.task.job)
        notices.append(.timerFired(tag: timer.tag, task: timer.task))
    }
}
