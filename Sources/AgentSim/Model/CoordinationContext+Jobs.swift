import AgentSimKernel
import AgentSimPolicies

extension CoordinationContext {
    /// Creates the record of a job arriving now with size seed `seed`; the engine calls this.
    mutating func admitJob(seed: UInt64) -> JobID {
        let slot: Int
        if !freeJobSlots.isEmpty {
            slot = Int(freeJobSlots.removeLast())  // not popLast(): generic and out of line
            precondition(
                jobs[slot].refs == 0 && !jobs[slot].active, "job slot \(slot) reused while still held")
        } else {
            slot = jobs.count
            jobs.append(JobRecord())
            stepCounters += Array(repeating: StepCounter(), count: plan.stepCount)
            if plan.tracksTurns { jobRoleTurns += Array(repeating: 0, count: roles.count) }
        }
        if plan.tracksTurns {
            for r in 0..<roles.count { jobRoleTurns[slot &* roles.count &+ r] = 0 }
        }
        jobs[slot] = JobRecord(
            arrival: now.nanos, serial: nextSerial, seed: seed, refs: 0, stepsLeft: Int32(plan.stepCount),
            active: true)
        nextSerial &+= 1
        if let timeout = plan.jobTimeout {
            jobs[slot].deadline = (now + timeout).nanos
            sim.schedule(.jobTimeout(UInt32(slot)), after: timeout)
        }
        let base = slot &* plan.stepCount
        for s in 0..<plan.stepCount { stepCounters[base &+ s].dependenciesLeft = plan.stepDependencies[s] }
        stats.jobsArrived &+= 1
        if now >= stats.warmup { stats.jobsArrivedMeasured &+= 1 }
        stats.jobsInSystem.add(1, at: now)
        if observing { notify(.jobAdmitted(JobID(index: UInt32(slot)))) }
        return JobID(index: UInt32(slot))
    }

    /// Makes the job's first steps (those with no `after`) ready: the coordinator hears
    /// `taskReady` once per copy.
    public mutating func startJob(_ job: JobID) {
        for s in plan.graph.roots { makeReady(job, step: Int(s), from: .none) }
    }

    /// Records that one copy of a step is done. When every copy of a step is done, the steps
    /// waiting for it may become ready (`taskReady`, from `agent`); when every step is done, the
    /// coordinator hears `allStepsDone`. Ignored for a job that already ended.
    ///
    /// A wrong output (`correct` false) makes the job's answer wrong: errors cascade downstream
    /// unless the coordinator catches them before completing the task (a check, a vote, a review).
    public mutating func completeTask(_ task: TaskRef, by agent: AgentID, correct: Bool = true) {
        let slot = Int(task.job.index)
        guard jobs[slot].active else { return }
        if !correct {
            jobs[slot].wrong = true
        } else if jobs[slot].wrong, plan.stepCatches[Int(task.step)] > 0,
            draws.checkRNG.nextDouble() < plan.stepCatches[Int(task.step)]
        {
            jobs[slot].wrong = false  // a reviewer caught and fixed an earlier error
        }
        let i = slot &* plan.stepCount &+ Int(task.step)
        if checking {
            if observing { notify(.taskCompleted(task, by: agent)) }
            if stepCounters[i].copiesLeft == 0 {
                if observing { notify(.taskCompletedTooOften(task, by: agent)) }
                return
            }
        }
        precondition(
            stepCounters[i].copiesLeft > 0, "step \(task.step) completed more often than it has copies")
        stepCounters[i].copiesLeft &-= 1
        if stepCounters[i].copiesLeft > 0 { return }
        jobs[slot].stepsLeft &-= 1
        for d in plan.graph.steps[Int(task.step)].dependents {
            let k = slot &* plan.stepCount &+ Int(d)
            stepCounters[k].dependenciesLeft &-= 1
            if stepCounters[k].dependenciesLeft == 0 { makeReady(task.job, step: Int(d), from: agent) }
        }
        if jobs[slot].stepsLeft == 0 { notices.append(.stepsDone(task.job, by: agent)) }
    }

    mutating func makeReady(_ job: JobID, step: Int, from agent: AgentID) {
        let slot = Int(job.index)
        let copies = plan.graph.copies(of: step, jobSeed: jobs[slot].seed)
        if observing { notify(.stepReady(job, step: step)) }
        stepCounters[slot &* plan.stepCount &+ step].copiesLeft = UInt32(copies)
        for c in 0..<copies {
            notices.append(.taskReady(TaskRef(job: job, step: UInt16(step), copy: UInt16(c)), from: agent))
        }
    }

    /// Ends a job successfully now. Work still in flight for it runs on and is paid for, but the
    /// coordinator hears nothing more about the job.
    public mutating func completeJob(_ job: JobID) {
        let slot = Int(job.index)
        guard jobs[slot].active else {
            if observing { notify(.jobEndedTwice(job, how: "completed")) }
            return
        }
        stats.jobsCompleted &+= 1
        let arrival = jobs[slot].arrival
        if arrival >= stats.warmup.nanos {
            stats.latency.record(now.nanos &- arrival)
            if !jobs[slot].wrong { stats.correctMeasured &+= 1 }
        }
        if now >= stats.warmup { stats.completionsMeasured &+= 1 }
        if stats.completionSeries != nil {
            let time = now
            stats.completionSeries?.record(latencyNanos: time.nanos &- arrival, at: time)
        }
        endJob(slot)
        if observing { notify(.jobEnded(job, .completed)) }
    }

    /// Ends a job as failed now, for `reason` (counted per reason in the run's statistics).
    public mutating func failJob(_ job: JobID, reason: String) {
        let slot = Int(job.index)
        guard jobs[slot].active else {
            if observing { notify(.jobEndedTwice(job, how: "failed")) }
            return
        }
        stats.jobsFailed &+= 1
        stats.failureReasons[reason, default: 0] += 1
        endJob(slot)
        if observing { notify(.jobEnded(job, .failed(reason))) }
    }

    /// Every way a job ends comes through here, so the coordinator hears ``Coordinator/jobEnded(_:_:)``
    /// exactly once per job. The slot may go on the free list at once: no job is admitted while
    /// notices are drained (arrivals admit before), so the notice still names this job.
    mutating func endJob(_ slot: Int) {
        jobs[slot].active = false
        stats.jobsInSystem.add(-1, at: now)
        if !coordinatorWaits.isEmpty { forgetCoordinatorWaits(slot: slot) }
        if jobs[slot].refs == 0 { freeJobSlots.append(UInt32(slot)) }
        notices.append(.jobEnded(JobID(index: UInt32(slot))))
    }

    /// Takes a reference on the job's slot: the slot is not reused while any is held.
    ///
    /// A job that ended with no reference left is already on the free list, yet something may still
    /// take one: a coordinator acting for it from `discarded` (stigmergy's zero timer for an agent
    /// whose task finished after its job ended), or any runtime path that drops a reference before
    /// taking the next. The slot leaves the free list then; otherwise the last release would free it
    /// a second time and two later jobs would share it.
    mutating func retainJob(_ job: JobID) {
        let slot = Int(job.index)
        if jobs[slot].refs == 0 && !jobs[slot].active {
            let i = freeJobSlots.lastIndex(of: UInt32(slot))  // usually the last: it was just freed
            precondition(i != nil, "an ended job's slot with no reference is on the free list")
            freeJobSlots.remove(at: i!)
        }
        jobs[slot].refs &+= 1
    }

    mutating func releaseJob(_ job: JobID) {
        let slot = Int(job.index)
        jobs[slot].refs &-= 1
        if jobs[slot].refs == 0 && !jobs[slot].active { freeJobSlots.append(UInt32(slot)) }
    }

    /// Whether the job's answer is still right so far (no uncaught wrong step output).
    public func isCorrect(_ job: JobID) -> Bool { !jobs[Int(job.index)].wrong }

    /// Marks the job's answer wrong (e.g. a vote that chose a wrong output).
    public mutating func markWrong(_ job: JobID) { jobs[Int(job.index)].wrong = true }

    /// Records that a job's work was delegated `depth` levels deep (agent to agent); the run
    /// reports the deepest.
    public mutating func recordDelegationDepth(_ depth: Int) {
        if depth > stats.delegationDepthMax { stats.delegationDepthMax = depth }
        if observing { notify(.delegated(depth: depth)) }
    }

    /// Jobs neither completed nor failed: the jobs-in-system level, kept by arrivals and job ends
    /// independently of the completed and failed counters, so conservation (arrived = completed +
    /// failed + in flight) is a real check, not an identity.
    public var jobsInFlight: Int { stats.jobsInSystem.level }
}

extension CoordinationContext {
    /// The failure reason of a job rejected by `workload.max_in_flight`.
    public static let maxInFlightReason = "rejected: max_in_flight"

    /// A job arrived while `workload.max_in_flight` jobs were in flight: it is rejected at once,
    /// without a slot and unseen by the coordinator. It counts as arrived and as failed (so job
    /// conservation, arrived = completed + failed + dead-lettered + in flight, holds unchanged and
    /// the invariant checker needs no special case) and as rejected. The first rejection of a run
    /// raises one alert (scope `max_in_flight`, metric `jobs`); `jobs_rejected` counts them all.
    mutating func rejectArrival() {
        stats.jobsArrived &+= 1
        if now >= stats.warmup { stats.jobsArrivedMeasured &+= 1 }
        stats.jobsFailed &+= 1
        stats.failureReasons[Self.maxInFlightReason, default: 0] += 1
        stats.jobsRejected &+= 1
        if stats.jobsRejected == 1 {
            let t = now
            raise(
                BudgetAlert(
                    scope: -1, scopeName: "max_in_flight", metric: .jobs, fraction: 1, time: t,
                    spent: Double(jobsInFlight), limit: Double(plan.maxInFlight)))
        }
    }
}
