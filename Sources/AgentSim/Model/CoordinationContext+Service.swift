extension CoordinationContext {
    /// Starts `request` on agent `a` now: draws its sizes and service time, books its tokens and
    /// schedules its completion.
    mutating func start(_ request: CallRequest, on a: Int) {
        var request = request
        let roleIndex = Int(agents[a].role)
        if request.isWork {
            (request.tokensIn, request.tokensOut) = workTokens(request.task, role: roleIndex)
        }
        let seconds: Double
        switch roles[roleIndex].service {
        case .constant(let value):
            seconds = value
        case .exponential(let mean):
            seconds = Distribution.exponential(mean: mean).sample(&agentRNG[a])
        case .model(.distribution(let dist)):
            seconds = dist.sampleNonNegative(&agentRNG[a])
        case .model(.llm(let ttft, let tokensPerSecond)):
            seconds = ttft.sampleNonNegative(&agentRNG[a]) + Double(request.tokensOut) / tokensPerSecond
        }
        let service = SimDuration(seconds: seconds)
        agents[a].busy &+= 1
        stats.roleBusy[roleIndex].add(1, at: now)
        stats.calls &+= 1
        let m = roles[roleIndex].model
        stats.tokensIn &+= request.tokensIn
        stats.tokensOut &+= request.tokensOut
        if request.isWork {
            if m >= 0 {
                stats.workTokensIn[m] &+= request.tokensIn
                stats.workTokensOut[m] &+= request.tokensOut
            }
            if now >= stats.warmup {
                stats.waitTotalNanos += Double(now.nanos &- request.enqueuedAt)
                stats.waitCount &+= 1
            }
        } else {
            if m >= 0 {
                stats.coordinationTokensIn[m] &+= request.tokensIn
                stats.coordinationTokensOut[m] &+= request.tokensOut
            }
            stats.coordinationCalls &+= 1
        }
        retainJob(request.task.job)
        let slot = calls.insert(CallRecord(request: request, agent: UInt32(a)))
        sim.schedule(.callDone(slot), after: service)
    }

    /// The input and output tokens of a work task on a role: the step's sizes, else the role's
    /// defaults, else 0; drawn from a generator keyed by (job seed, step, copy) so that the same
    /// task has the same size under every pattern. `mutating` only so that calling it from
    /// ``start(_:on:)`` borrows the context instead of copying all of it (measured: a 704-byte
    /// memcpy per call).
    mutating func workTokens(_ task: TaskRef, role: Int) -> (Int64, Int64) {
        switch tokenPlans[Int(task.step) &* roles.count &+ role] {
        case .fixed(let tokensIn, let tokensOut):
            return (tokensIn, tokensOut)
        case .drawn(let inDist, let outDist):
            let key = UInt64(task.step) << 32 | UInt64(task.copy)
            var rng = Xoshiro256StarStar(
                seed: jobs[Int(task.job.index)].seed ^ (key &* 0xD1B5_4A32_D192_ED03))
            let tokensIn = inDist.map { Int64($0.sampleNonNegative(&rng).rounded()) } ?? 0
            let tokensOut = outDist.map { Int64($0.sampleNonNegative(&rng).rounded()) } ?? 0
            return (tokensIn, tokensOut)
        }
    }

    /// Whether agent `a`'s output is right: a draw from its own "quality" stream (so accuracy never
    /// moves a latency draw), skipped when its role is always right.
    mutating func drawCorrect(_ a: Int) -> Bool {
        let accuracy = roles[Int(agents[a].role)].accuracy
        if accuracy >= 1 { return true }
        return qualityRNG[a].nextDouble() < accuracy
    }

    /// Ends the call in `slot`: frees its agent's slot after the coordinator has reacted (depth
    /// first, see ``Notice``), and tells the coordinator unless the job already ended.
    mutating func finishCall(_ slot: UInt32) {
        let record = calls[slot]
        calls.remove(slot)
        let a = Int(record.agent)
        agents[a].busy &-= 1
        agents[a].held &+= 1  // released by .releaseFinishing once the coordinator has reacted
        stats.roleBusy[Int(agents[a].role)].add(-1, at: now)
        let request = record.request
        releaseJob(request.task.job)
        let agent = AgentID(index: record.agent)
        if request.isWork {
            notices.append(
                .taskFinished(TaskResult(task: request.task, agent: agent, correct: drawCorrect(a))))
        } else {
            let about: TaskRef? = request.task.step == .max ? nil : request.task
            notices.append(
                .coordinationFinished(
                    CoordinationCall(job: request.task.job, agent: agent, tag: request.tag, task: about)))
        }
        notices.append(.releaseFinishing(agent))
    }
}
