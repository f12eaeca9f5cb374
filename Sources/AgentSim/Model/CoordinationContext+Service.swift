extension CoordinationContext {
    /// Starts `request` on agent `a` now: draws its sizes and service time, books its tokens and
    /// schedules its completion.
    mutating func start(_ request: CallRequest, on a: Int) {
        var request = request
        let roleIndex = Int(fleet.roleOfAgent[a])
        let role = fleet.roles[roleIndex]
        if request.isWork { (request.tokensIn, request.tokensOut) = workTokens(request.task, role: role) }
        let service: SimDuration
        switch role.latency {
        case .distribution(let dist):
            service = SimDuration(seconds: dist.sampleNonNegative(&agentRNG[a]))
        case .llm(let ttft, let tokensPerSecond):
            service = SimDuration(
                seconds: ttft.sampleNonNegative(&agentRNG[a]) + Double(request.tokensOut) / tokensPerSecond)
        }
        agentBusy[a] &+= 1
        stats.roleBusy[roleIndex].add(1, at: now)
        stats.calls &+= 1
        if let m = role.model {
            if request.isWork {
                stats.workTokensIn[m] &+= request.tokensIn
                stats.workTokensOut[m] &+= request.tokensOut
            } else {
                stats.coordinationTokensIn[m] &+= request.tokensIn
                stats.coordinationTokensOut[m] &+= request.tokensOut
            }
        }
        if request.isWork {
            if now >= stats.warmup {
                stats.waitTotalNanos += Double(now.nanos &- request.enqueuedAt)
                stats.waitCount &+= 1
            }
        } else {
            stats.coordinationCalls &+= 1
        }
        retainJob(request.task.job)
        let slot = calls.insert(CallRecord(request: request, agent: UInt32(a)))
        sim.schedule(.callDone(slot), after: service)
    }

    /// The input and output tokens of a work task on `role`: the step's sizes, else the role's
    /// defaults, else 0; drawn from a generator keyed by (job seed, step, copy) so that the same
    /// task has the same size under every pattern.
    func workTokens(_ task: TaskRef, role: Role) -> (Int64, Int64) {
        let step = graph.steps[Int(task.step)]
        let inDist = step.tokensIn ?? role.tokensIn
        let outDist = step.tokensOut ?? role.tokensOut
        if inDist == nil && outDist == nil { return (0, 0) }
        if let i = inDist?.constantValue ?? (inDist == nil ? 0 : nil),
            let o = outDist?.constantValue ?? (outDist == nil ? 0 : nil)
        {
            return (Int64(i.rounded()), Int64(o.rounded()))
        }
        let key = UInt64(task.step) << 32 | UInt64(task.copy)
        var rng = Xoshiro256StarStar(seed: jobSeed[Int(task.job.index)] ^ (key &* 0xD1B5_4A32_D192_ED03))
        let tokensIn = inDist.map { Int64($0.sampleNonNegative(&rng).rounded()) } ?? 0
        let tokensOut = outDist.map { Int64($0.sampleNonNegative(&rng).rounded()) } ?? 0
        return (tokensIn, tokensOut)
    }

    /// Ends the call in `slot`: frees its agent's slot after the coordinator has reacted (depth
    /// first, see ``Notice``), and tells the coordinator unless the job already ended.
    mutating func finishCall(_ slot: UInt32) {
        let record = calls[slot]
        calls.remove(slot)
        let a = Int(record.agent)
        agentBusy[a] &-= 1
        agentHeld[a] &+= 1  // released by .releaseFinishing once the coordinator has reacted
        stats.roleBusy[Int(fleet.roleOfAgent[a])].add(-1, at: now)
        let request = record.request
        releaseJob(request.task.job)
        let agent = AgentID(index: record.agent)
        if request.isWork {
            notices.append(.taskFinished(request.task, by: agent))
        } else {
            let about: TaskRef? = request.task.step == .max ? nil : request.task
            notices.append(
                .coordinationFinished(CoordinationCall(job: request.task.job, agent: agent, tag: request.tag, task: about)))
        }
        notices.append(.releaseFinishing(agent))
    }
}
