/// The subscribers' side of the event bus: consumer groups, their joins, redeliveries and the sink.
extension EventDriven {
    /// An event reached the group of `group.step`; once every event its step waits for is in, the
    /// group takes the step's copies. A duplicate is absorbed by the join before that (it keys
    /// inputs by event), and makes the group do its step again after (it keeps no log of what it
    /// processed).
    mutating func inputArrived(_ group: TaskRef, duplicate: Bool, _ ctx: inout CoordinationContext) {
        let job = group.job
        let step = Int(group.step)
        let i = Int(job.index) * tasks.stepCount + step
        if duplicate {
            if started[i] {
                for c in 0..<tasks.copies(job, step: step) { redo(Self.copy(group, c), &ctx) }
            }
            return
        }
        received[i] += 1
        guard received[i] == needed[i] else { return }
        started[i] = true
        for c in 0..<tasks.copies(job, step: step) {
            deliverCopy(Self.copy(group, c), attempt: 1, duplicate: false, &ctx)
        }
    }

    /// The group takes one copy; a full queue makes the delivery fail, and the bus redelivers it
    /// after `redelivery_delay` or, after `dead_letter_after` failures, dead-letters it (the job
    /// fails).
    mutating func deliverCopy(
        _ task: TaskRef, attempt: Int, duplicate: Bool, _ ctx: inout CoordinationContext
    ) {
        let result = ctx.submit(task, to: ctx.pool(of: task))
        if duplicate {
            if result != .rejected { tally.duplicateWorkCalls += 1 }
            return
        }
        guard result == .rejected else { return }
        if attempt >= spec.deadLetterAfter {
            tally.deadLettered += 1
            ctx.failJob(task.job, reason: "dead-lettered (\(ctx.graph.steps[Int(task.step)].name))")
        } else {
            let next = UInt32(clamping: attempt + 1)
            ctx.setTimer(
                after: spec.redeliveryDelay, tag: EventBus.encode(.redeliveryWait, flags: 0, extra: next),
                task: task)
        }
    }

    /// Duplicate work (a duplicate after the step started, or a storm): paid, its result ignored.
    mutating func redo(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        if ctx.submit(task, to: ctx.pool(of: task)) != .rejected { tally.duplicateWorkCalls += 1 }
    }

    /// The sink completes the job once it has the event of every copy of every last step this
    /// pattern coordinates, and every step is done.
    mutating func completeIfAnswered(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        guard allDone[slot] else { return }
        var total = 0
        for s in lastSteps { total += tasks.copies(job, step: Int(s)) }
        if Int(sinkReceived[slot]) == total { ctx.completeJob(job) }
    }

    /// Resets the per-slot state the first time the pattern hears of `job`.
    mutating func begin(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        let n = tasks.stepCount
        while intake.count <= slot {
            intake.append(false)
            sinkReceived.append(0)
            allDone.append(false)
            needed += repeatElement(0, count: n)
            received += repeatElement(0, count: n)
            started += repeatElement(false, count: n)
        }
        guard tasks.begin(job, ctx) else { return }
        intake[slot] = false
        sinkReceived[slot] = 0
        allDone[slot] = false
        for i in (slot * n)..<(slot * n + n) {
            needed[i] = 0
            received[i] = 0
            started[i] = false
        }
    }

    static func jobTask(_ job: JobID) -> TaskRef { TaskRef(job: job, step: .max, copy: .max) }
    static func groupTask(_ job: JobID, _ step: UInt16) -> TaskRef { TaskRef(job: job, step: step, copy: 0) }
    static func copy(_ group: TaskRef, _ c: Int) -> TaskRef {
        TaskRef(job: group.job, step: group.step, copy: UInt16(c))
    }
}
