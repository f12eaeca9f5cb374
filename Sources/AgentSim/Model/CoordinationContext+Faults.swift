import AgentSimKernel
import AgentSimSpec

/// A scheduled fault resolved to agent indices and times.
struct CompiledFault: Sendable {
    var start: SimTime
    var end: SimTime?
    var agents: [Int]
    var kind: FaultSpec.Kind

    static func compile(_ specs: [FaultSpec], fleet: Fleet) -> [CompiledFault] {
        specs.compactMap { spec in
            guard let role = fleet.roles.first(where: { $0.name == spec.role }) else { return nil }
            let local = spec.agents ?? 0...(role.count - 1)
            let agents = local.filter { $0 < role.count }.map { role.firstAgent + $0 }
            return CompiledFault(
                start: .zero + spec.at, end: spec.duration.map { .zero + spec.at + $0 }, agents: agents,
                kind: spec.kind)
        }
    }
}

extension CoordinationContext {
    /// Schedules every fault's start and end: agent faults, then layer faults (numbered after them).
    mutating func scheduleFaults() {
        for (i, fault) in faults.enumerated() {
            sim.schedule(.fault(UInt32(2 * i)), at: fault.start)
            if let end = fault.end { sim.schedule(.fault(UInt32(2 * i + 1)), at: end) }
        }
        for (j, fault) in layer.faults.enumerated() {
            let i = faults.count + j
            sim.schedule(.fault(UInt32(2 * i)), at: fault.start)
            if let end = fault.end { sim.schedule(.fault(UInt32(2 * i + 1)), at: end) }
        }
    }

    /// Fault `code / 2` starts (even code) or ends (odd): the agents it covers get their effects
    /// recomputed from every fault active now; overlapping faults of one kind do not stack, the
    /// strongest applies. Codes past the agent faults are layer faults.
    mutating func applyFault(_ code: UInt32) {
        let i = Int(code / 2)
        let starting = code % 2 == 0
        if observing { notify(.faultToggled(code: code)) }
        if i >= faults.count {
            applyLayerFault(i - faults.count, starting: starting)
            return
        }
        faultActive[i] = starting
        if starting {
            stats.faultsInjected &+= 1
            layer.touched &+= 1
        }
        for a in faults[i].agents {
            var slowdown = 1.0
            var burst = 0.0
            var down = false
            var firstToken = SimDuration.zero
            var storm = false
            for (j, fault) in faults.enumerated() where faultActive[j] && fault.agents.contains(a) {
                switch fault.kind {
                case .slowdown(let factor): slowdown = max(slowdown, factor)
                case .errorRate(let p): burst = max(burst, p)
                case .crash: down = true
                case .slowFirstToken(let delay): firstToken = max(firstToken, delay)
                case .rateLimitStorm: storm = true
                }
            }
            agentSlowdown[a] = slowdown
            agentErrorBurst[a] = burst
            agentFirstTokenDelay[a] = firstToken
            agentRateLimitStorm[a] = storm
            if down && !agents[a].down { crash(a) }
            if !down && agents[a].down {
                agents[a].down = false
                takeWork(a)
            }
        }
    }

    /// Agent `a` stops silently: its calls in service never answer (their attempts learn of it only
    /// through their timeouts) and it takes no work until it restarts. Their tokens are booked as
    /// abandoned.
    mutating func crash(_ a: Int) {
        agents[a].down = true
        var lost: [UInt32] = []
        for slot in calls.liveSlots where calls[slot].agent == UInt32(a) { lost.append(slot) }
        for slot in lost {
            let record = calls[slot]
            calls.remove(slot)
            sim.cancel(record.completion)
            agents[a].busy &-= 1
            let role = Int(agents[a].role)
            stats.roleBusy[role].add(-1, at: now)
            book(record, role: role, cause: .abandoned)
            releaseJob(record.request.task.job)
            let attempt = record.request.attempt
            if attempt != Self.noAttempt {
                if plan.resultCache, record.request.isWork, leaderOfTask[record.request.task] == attempt {
                    settleFollowers(of: attempt, task: record.request.task, result: nil)
                }
                if attempts[attempt].state == .abandoned {
                    removeAttempt(attempt)  // already timed out and retried: nothing waits for it
                } else {
                    attempts[attempt].call = Self.noAttempt  // its timeout, if any, will find it lost
                }
            }
        }
    }

    /// A job timeout: the job fails if it is still the job that set it and still running.
    mutating func jobDeadlinePassed(_ slot: UInt32) {
        let s = Int(slot)
        guard jobs[s].active, jobs[s].deadline <= now.nanos else { return }
        stats.jobTimeouts &+= 1
        lastActivity = now
        failJob(JobID(index: slot), reason: "job timeout")
    }
}

extension CoordinationContext {
    /// Whether `agent` is down (crashed by a fault and not yet restarted).
    ///
    /// Fault state, so internal: coordinators see what faults cause, never the faults. Only
    /// hub-and-spoke's failover reads it, standing in for a deployment's health check
    /// (CustomCoordinator.md, "What a coordinator does not see").
    func isDown(_ agent: AgentID) -> Bool { agents[Int(agent.index)].down }
}
