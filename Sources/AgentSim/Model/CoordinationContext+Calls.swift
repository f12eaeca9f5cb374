import AgentSimSpec

extension CoordinationContext {
    /// Submits a task's work to a pool: an idle agent starts it now, or it waits in the pool's
    /// queue (per-agent pools pick the agent by their dispatch rule), or a full queue rejects it.
    @discardableResult
    ///
    /// `from` names the agent that asks (a bulkhead limits each caller→callee edge); leave it out
    /// for work that comes from outside or when the caller does not matter.
    public mutating func submit(_ task: TaskRef, to pool: PoolID, from caller: AgentID = .none)
        -> SubmitResult
    {
        dispatchAttempt(newAttempt(task, .pool(Int(pool.index)), caller: caller))
    }

    /// Submits a task's work to one agent's own queue (the agent takes it before pool work of the
    /// same age only by FIFO order).
    @discardableResult
    public mutating func submit(_ task: TaskRef, toAgent agent: AgentID, from caller: AgentID = .none)
        -> SubmitResult
    {
        dispatchAttempt(newAttempt(task, .agent(Int(agent.index)), caller: caller))
    }

    /// Submits a handoff from `holder` with backpressure: when the pool cannot take the task, it
    /// waits for room while `holder` keeps one slot busy (blocking after service).
    @discardableResult
    public mutating func submitBlocking(_ task: TaskRef, to pool: PoolID, holding holder: AgentID)
        -> SubmitResult
    {
        let p = Int(pool.index)
        let slot = newAttempt(task, .pool(p), caller: holder)
        if canAdmit(p) { return dispatchAttempt(slot) }
        let role = attempts[slot].role
        let t = now
        rolePolicies[role].budget?.recordCall(at: t)
        let request = attemptRequest(slot)
        retainJob(task.job)
        poolBlocked[p].append(BlockedHandoff(request: request, holder: holder))
        agents[Int(holder.index)].held &+= 1
        return .blocked
    }

    /// Makes a coordination LLM call (planning, routing, synthesis, ...) on a pool's agents; the
    /// coordinator hears `coordinationFinished` when it is done.
    ///
    /// - Parameters:
    ///   - job: The job the call is for.
    ///   - tag: The coordinator's own label, returned in ``CoordinationCall/tag``.
    ///   - task: The task the call is about, if any.
    ///   - pool: Who makes the call (usually ``pool(forRole:)`` of the coordinator role).
    ///   - tokensIn: Input tokens.
    ///   - tokensOut: Output tokens.
    ///
    /// When the pool's role has a timeout (`policies.timeout`), the call is guarded like work: an
    /// attempt that times out (for example because its agent crashed) is retried by the role's
    /// retry policy, and when none is left the coordinator hears `coordinationFailed`. Without a
    /// timeout a call lost in a crash is never heard of again.
    @discardableResult
    public mutating func coordinationCall(
        for job: JobID, tag: UInt32, about task: TaskRef? = nil, on pool: PoolID, tokensIn: Int,
        tokensOut: Int, cause: CostCause = .coordination
    ) -> SubmitResult {
        let p = Int(pool.index)
        let role = Int(fleet.roleOfAgent[Int(fleet.pools[p].members[0].index)])
        if rolePolicies[role].timeout != nil {
            return guardedCall(job, tag, task, tokensIn, tokensOut, cause, .pool(p))
        }
        return submitRequest(coordinationRequest(job, tag, task, tokensIn, tokensOut, cause), to: pool)
    }

    /// Makes a coordination LLM call on one agent (its own queue), e.g. a peer's negotiation.
    @discardableResult
    public mutating func coordinationCall(
        for job: JobID, tag: UInt32, about task: TaskRef? = nil, onAgent agent: AgentID, tokensIn: Int,
        tokensOut: Int, cause: CostCause = .coordination
    ) -> SubmitResult {
        let a = Int(agent.index)
        if rolePolicies[Int(agents[a].role)].timeout != nil {
            return guardedCall(job, tag, task, tokensIn, tokensOut, cause, .agent(a))
        }
        return submitRequest(coordinationRequest(job, tag, task, tokensIn, tokensOut, cause), toAgent: a)
    }

    /// A coordination call made through the attempt machinery (see ``coordinationCall(for:tag:about:on:tokensIn:tokensOut:cause:)``).
    mutating func guardedCall(
        _ job: JobID, _ tag: UInt32, _ task: TaskRef?, _ tokensIn: Int, _ tokensOut: Int, _ cause: CostCause,
        _ destination: Destination
    ) -> SubmitResult {
        let ask = CoordinationAsk(
            tag: spaced(tag), cause: cause, tokensIn: Int64(tokensIn), tokensOut: Int64(tokensOut))
        let slot = newAttempt(
            task ?? TaskRef(job: job, step: .max, copy: .max), destination, coordination: ask)
        return submitAttempt(slot)
    }

    /// The request of a coordination call; without a task, it is about the job as a whole.
    mutating func coordinationRequest(
        _ job: JobID, _ tag: UInt32, _ task: TaskRef?, _ tokensIn: Int, _ tokensOut: Int, _ cause: CostCause
    ) -> CallRequest {
        CallRequest(
            task: task ?? TaskRef(job: job, step: .max, copy: .max), tag: spaced(tag), isWork: false,
            tokensIn: Int64(tokensIn), tokensOut: Int64(tokensOut), enqueuedAt: now.nanos, order: takeOrder(),
            attempt: Self.noAttempt, cause: cause)
    }

    /// Keeps one slot of `agent` busy until ``release(_:)``: e.g. while its result waits for a
    /// downstream queue to accept it.
    public mutating func hold(_ agent: AgentID) {
        agents[Int(agent.index)].held &+= 1
    }

    /// Gives back a slot taken by ``hold(_:)``; the agent then takes queued work.
    public mutating func release(_ agent: AgentID) {
        let a = Int(agent.index)
        if checking && agents[a].held == 0 {
            if observing { notify(.releasedUnheld(agent)) }
            return
        }
        precondition(agents[a].held > 0, "released an agent that holds nothing")
        agents[a].held &-= 1
        takeWork(a)
    }

    // MARK: - Internals

    /// `tag` in the current ``tagSpace`` (the layout is ``CoordinatorTag``).
    func spaced(_ tag: UInt32) -> UInt32 {
        precondition(
            tag <= CoordinatorTag.local.maximum,
            "coordinator tags must stay below 2^24 (the top 8 bits are the tag space)")
        return tag | CoordinatorTag.space.packing(tagSpace)
    }

    mutating func takeOrder() -> UInt64 { transport.takeOrder() }

    func freeSlots(_ a: Int) -> Int32 { agents[a].freeSlots }

    mutating func submitRequest(_ request: CallRequest, to pool: PoolID) -> SubmitResult {
        let p = Int(pool.index)
        if let rule = pools[p].dispatch {
            return submitRequest(request, toAgent: chooseAgent(p, rule))
        }
        if let a = popFreeAgent(p) {
            start(request, on: a)
            if freeSlots(a) > 0 { pushFree(p, a) }
            return .started
        }
        guard poolQueue[p].count < pools[p].queueCapacity else { return reject(request) }
        retainJob(request.task.job)
        poolQueue[p].append(request, serial: jobs[Int(request.task.job.index)].serial)
        return .queued
    }

    mutating func submitRequest(_ request: CallRequest, toAgent a: Int) -> SubmitResult {
        if freeSlots(a) > 0 {
            start(request, on: a)
            return .started
        }
        guard agentQueue[a].count < roles[Int(agents[a].role)].queueCapacity else {
            return reject(request)
        }
        retainJob(request.task.job)
        agentQueue[a].append(request, serial: jobs[Int(request.task.job.index)].serial)
        return .queued
    }

    mutating func reject(_ request: CallRequest) -> SubmitResult {
        if request.isWork { notices.append(.rejected(request.task)) }
        return .rejected
    }

    /// Whether a submission to pool `p` would start or queue (not be rejected).
    mutating func canAdmit(_ p: Int) -> Bool {  // mutating: borrows instead of copying the context
        if pools[p].dispatch != nil {
            return fleet.pools[p].members.contains {
                let a = Int($0.index)
                return freeSlots(a) > 0 || agentQueue[a].count < roles[Int(agents[a].role)].queueCapacity
            }
        }
        if poolQueue[p].count < pools[p].queueCapacity { return true }
        return poolFree[p].contains { freeSlots(Int($0)) > 0 }
    }

    mutating func chooseAgent(_ p: Int, _ rule: DispatchRule) -> Int {
        let members = fleet.pools[p].members
        switch rule {
        case .roundRobin:
            let a = members[pools[p].cursor % members.count]
            pools[p].cursor &+= 1
            return Int(a.index)
        case .random:
            return Int(members[Int(draws.dispatchRNG.next() % UInt64(members.count))].index)
        case .leastLoaded:
            var best = members[0]
            var bestLoad = load(of: best)
            for m in members.dropFirst() {
                let l = load(of: m)
                if l < bestLoad {
                    best = m
                    bestLoad = l
                }
            }
            return Int(best.index)
        }
    }

    mutating func popFreeAgent(_ p: Int) -> Int? {
        let n = fleet.agentCount
        while !poolFree[p].isEmpty {
            let a = poolFree[p].removeLast()  // not popLast(): that one is generic and out of line
            onFreeStack[p &* n &+ Int(a)] = false
            if freeSlots(Int(a)) > 0 { return Int(a) }
        }
        return nil
    }

    mutating func pushFree(_ p: Int, _ a: Int) {
        let k = p &* fleet.agentCount &+ a
        if !onFreeStack[k] {
            onFreeStack[k] = true
            poolFree[p].append(UInt32(a))
        }
    }

    /// Where agent `a`'s next call comes from: -1 its own queue, a pool index, or -2 for nothing.
    /// Each queue offers its head in its own order; the agent picks among the heads by its role's
    /// discipline (FIFO: queued first; LIFO: queued last; oldest-job-first: the oldest job's).
    mutating func nextQueue(_ a: Int) -> Int {
        let discipline = roles[Int(agents[a].role)].discipline
        if discipline == .fifo { return nextQueueFIFO(a) }
        // The rank of a head: lower is served first.
        func rank(_ request: CallRequest) -> (UInt64, UInt64) {
            switch discipline {
            case .fifo: return (0, request.order)
            case .lifo: return (0, ~request.order)
            case .oldestJobFirst: return (jobs[Int(request.task.job.index)].serial, request.order)
            }
        }
        var best = (UInt64.max, UInt64.max)
        var bestPool = -2
        if let own = agentQueue[a].first {
            best = rank(own)
            bestPool = -1
        }
        for k in Int(agents[a].poolStart)..<Int(agents[a].poolEnd) {
            let p = Int(agentPoolList[k])
            if let head = poolQueue[p].first {
                let r = rank(head)
                if r < best {
                    best = r
                    bestPool = p
                }
            }
        }
        return bestPool
    }

    /// ``nextQueue(_:)`` for a FIFO role: the head queued first, compared by queue order alone.
    mutating func nextQueueFIFO(_ a: Int) -> Int {
        var best = UInt64.max
        var bestPool = -2
        if let own = agentQueue[a].first {
            best = own.order
            bestPool = -1
        }
        for k in Int(agents[a].poolStart)..<Int(agents[a].poolEnd) {
            let p = Int(agentPoolList[k])
            if let head = poolQueue[p].first, bestPool == -2 || head.order < best {
                best = head.order
                bestPool = p
            }
        }
        return bestPool
    }

    /// Lets agent `a` take queued work (its own queue and its pools', in its role's discipline)
    /// while it has free slots; when nothing is queued it goes on its pools' free stacks.
    mutating func takeWork(_ a: Int) {
        while freeSlots(a) > 0 {
            let range = Int(agents[a].poolStart)..<Int(agents[a].poolEnd)
            let bestPool = nextQueue(a)
            if bestPool == -2 {
                for k in range { pushFree(Int(agentPoolList[k]), a) }
                // Handoffs blocked on a pool with no queue room (capacity 0) wait for a free agent,
                // not for a queue slot: now there is one.
                for k in range where !poolBlocked[Int(agentPoolList[k])].isEmpty {
                    admitBlocked(Int(agentPoolList[k]))
                }
                return
            }
            let request: CallRequest
            if bestPool == -1 {
                request = agentQueue[a].popFirst()!
                for k in range where pools[Int(agentPoolList[k])].dispatch != nil {
                    admitBlocked(Int(agentPoolList[k]))
                }
            } else {
                request = poolQueue[bestPool].popFirst()!
                admitBlocked(bestPool)
            }
            // Start before letting go of the queue's reference: releasing first could free the slot
            // of an ended job, and the call would then hold a freed slot.
            start(request, on: a)
            releaseJob(request.task.job)
        }
    }

    /// Moves blocked handoffs into pool `p` while it has room, releasing their holders' slots.
    mutating func admitBlocked(_ p: Int) {
        while !poolBlocked[p].isEmpty && canAdmit(p) {
            let blocked = poolBlocked[p].popFirst()!
            _ = submitRequest(blocked.request, to: PoolID(index: UInt32(p)))
            releaseJob(blocked.request.task.job)  // after the submission took its own reference
            release(blocked.holder)
        }
    }
}
