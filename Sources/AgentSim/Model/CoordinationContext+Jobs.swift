extension CoordinationContext {
    /// Creates the record of a job arriving now with size seed `seed`; the engine calls this.
    mutating func admitJob(seed: UInt64) -> JobID {
        let slot: Int
        if let free = freeJobSlots.popLast() {
            slot = Int(free)
        } else {
            slot = jobArrival.count
            jobArrival.append(0)
            jobSerial.append(0)
            jobSeed.append(0)
            jobActive.append(false)
            jobRefs.append(0)
            jobStepsLeft.append(0)
            jobDepsLeft += Array(repeating: 0, count: stepCount)
            jobCopiesLeft += Array(repeating: 0, count: stepCount)
        }
        jobArrival[slot] = now.nanos
        jobSerial[slot] = nextSerial
        nextSerial &+= 1
        jobSeed[slot] = seed
        jobActive[slot] = true
        jobRefs[slot] = 0
        jobStepsLeft[slot] = Int32(stepCount)
        let base = slot &* stepCount
        for s in 0..<stepCount { jobDepsLeft[base &+ s] = graph.steps[s].dependencyCount }
        stats.jobsArrived &+= 1
        if now >= stats.warmup { stats.jobsArrivedMeasured &+= 1 }
        stats.jobsInSystem.add(1, at: now)
        return JobID(index: UInt32(slot))
    }

    /// Makes the job's first steps (those with no `after`) ready: the coordinator hears
    /// `taskReady` once per copy.
    public mutating func startJob(_ job: JobID) {
        for s in graph.roots { makeReady(job, step: Int(s), from: .none) }
    }

    /// Records that one copy of a step is done. When every copy of a step is done, the steps
    /// waiting for it may become ready (`taskReady`, from `agent`); when every step is done, the
    /// coordinator hears `allStepsDone`. Ignored for a job that already ended.
    public mutating func completeTask(_ task: TaskRef, by agent: AgentID) {
        let slot = Int(task.job.index)
        guard jobActive[slot] else { return }
        let i = slot &* stepCount &+ Int(task.step)
        precondition(jobCopiesLeft[i] > 0, "a task of step \(task.step) completed more often than it has copies")
        jobCopiesLeft[i] &-= 1
        if jobCopiesLeft[i] > 0 { return }
        jobStepsLeft[slot] &-= 1
        for d in graph.steps[Int(task.step)].dependents {
            let k = slot &* stepCount &+ Int(d)
            jobDepsLeft[k] &-= 1
            if jobDepsLeft[k] == 0 { makeReady(task.job, step: Int(d), from: agent) }
        }
        if jobStepsLeft[slot] == 0 { notices.append(.stepsDone(task.job, by: agent)) }
    }

    mutating func makeReady(_ job: JobID, step: Int, from agent: AgentID) {
        let slot = Int(job.index)
        let copies = graph.copies(of: step, jobSeed: jobSeed[slot])
        jobCopiesLeft[slot &* stepCount &+ step] = UInt32(copies)
        for c in 0..<copies {
            notices.append(.taskReady(TaskRef(job: job, step: UInt16(step), copy: UInt16(c)), from: agent))
        }
    }

    /// Ends a job successfully now. Work still in flight for it runs on and is paid for, but the
    /// coordinator hears nothing more about the job.
    public mutating func completeJob(_ job: JobID) {
        let slot = Int(job.index)
        guard jobActive[slot] else { return }
        stats.jobsCompleted &+= 1
        let arrival = SimTime(nanos: jobArrival[slot])
        if arrival >= stats.warmup { stats.latency.record(now.nanos &- arrival.nanos) }
        if now >= stats.warmup { stats.completionsMeasured &+= 1 }
        endJob(slot)
    }

    /// Ends a job as failed now, for `reason` (counted per reason in the run's statistics).
    public mutating func failJob(_ job: JobID, reason: String) {
        let slot = Int(job.index)
        guard jobActive[slot] else { return }
        stats.jobsFailed &+= 1
        stats.failureReasons[reason, default: 0] += 1
        endJob(slot)
    }

    mutating func endJob(_ slot: Int) {
        jobActive[slot] = false
        stats.jobsInSystem.add(-1, at: now)
        if jobRefs[slot] == 0 { freeJobSlots.append(UInt32(slot)) }
    }

    mutating func retainJob(_ job: JobID) { jobRefs[Int(job.index)] &+= 1 }

    mutating func releaseJob(_ job: JobID) {
        let slot = Int(job.index)
        jobRefs[slot] &-= 1
        if jobRefs[slot] == 0 && !jobActive[slot] { freeJobSlots.append(UInt32(slot)) }
    }

    /// Jobs neither completed nor failed.
    public var jobsInFlight: Int { stats.jobsArrived - stats.jobsCompleted - stats.jobsFailed }
}
