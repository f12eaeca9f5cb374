import AgentSimKernel
import AgentSimPolicies
import AgentSimSpec

/// Work attempts: the layer between a coordinator's "do this task" and the calls that do it, where
/// the resilience policies act (timeouts, retries with backoff and budgets, errors, 429s, breakers).
///
/// A coordinator submits a task once; the runtime makes as many attempts as the destination role's
/// policy allows and reports one outcome: `taskFinished` (the first success) or `taskFailed`.
///
/// Coordination calls on a role with a timeout get attempts too (timeout, retries with backoff and
/// the retry budget; no result cache, breaker or bulkhead), reported as `coordinationFinished` or
/// `coordinationFailed`: a call lost with a crashed agent is retried, not waited for forever.
extension CoordinationContext {
    /// The attempt slot of calls that serve no attempt (coordination calls without a timeout,
    /// grounding checks).
    static let noAttempt = UInt32.max

    /// A new first attempt at `task` for `destination`, asked by `caller` (an agent, or
    /// ``AgentID/none``), with its timeout armed; `coordination` for a coordination call's.
    mutating func newAttempt(
        _ task: TaskRef, _ destination: Destination, caller: AgentID = .none,
        coordination: CoordinationAsk? = nil
    ) -> UInt32 {
        let role: Int
        switch destination {
        case .pool(let p): role = Int(fleet.roleOfAgent[Int(fleet.pools[p].members[0].index)])
        case .agent(let a): role = Int(agents[a].role)
        }
        let backoff = rolePolicies[role].backoff
        retainJob(task.job)  // released in removeAttempt: a late timeout never touches a reused slot
        let slot = attempts.insert(
            AttemptRecord(
                task: task, number: 1, destination: destination, role: role, state: .queued, timeout: nil,
                backoff: backoff, coordination: coordination))
        attempts[slot].caller = caller == .none ? roles.count : Int(agents[Int(caller.index)].role)
        armTimeout(slot)
        return slot
    }

    mutating func armTimeout(_ slot: UInt32) {
        if let timeout = rolePolicies[attempts[slot].role].timeout {
            attempts[slot].timeout = sim.schedule(.attemptTimeout(slot), after: timeout)
        }
    }

    /// The request of attempt `slot`.
    mutating func attemptRequest(_ slot: UInt32) -> CallRequest {
        if let ask = attempts[slot].coordination {
            return CallRequest(
                task: attempts[slot].task, tag: ask.tag, isWork: false, tokensIn: ask.tokensIn,
                tokensOut: ask.tokensOut, enqueuedAt: now.nanos, order: takeOrder(), attempt: slot,
                cause: ask.cause)
        }
        return CallRequest(
            task: attempts[slot].task, tag: 0, isWork: true, tokensIn: 0, tokensOut: 0,
            enqueuedAt: endCoordinatorWait(attempts[slot].task) ?? now.nanos, order: takeOrder(),
            attempt: slot)
    }

    /// Submits attempt `slot` to its destination, unless the destination role's circuit breaker is
    /// open: then to the fallback role's pool, or the task fails at once (fail fast).
    mutating func dispatchAttempt(_ slot: UInt32) -> SubmitResult {
        if attempts[slot].coordination != nil { return submitAttempt(slot) }
        if plan.resultCache, let cached = coalesce(slot) { return cached }
        let role = attempts[slot].role
        if !breakerPermits(role) {
            if let fallback = breakerFallback[role] {
                attempts[slot].destination = .pool(Int(fallback.index))
            } else {
                let task = attempts[slot].task
                endAttempt(slot)
                notices.append(.taskFailed(task, .breakerOpen))
                return .rejected
            }
        }
        if let limit = rolePolicies[role].bulkhead, attempts[slot].edge < 0 {
            let e = bulkheadEdge(caller: attempts[slot].caller, callee: role, limit)
            let t = now
            switch bulkheads[e].tryAcquire(UInt64(slot), at: t) {
            case .admitted:
                attempts[slot].edge = e
            case .queued(let deadline):
                attempts[slot].state = .waiting
                sim.schedule(.bulkhead(UInt32(e)), at: deadline)
                return .queued
            case .rejected:
                stats.bulkheadRejected &+= 1
                let task = attempts[slot].task
                endAttempt(slot)
                notices.append(.taskFailed(task, .bulkheadFull))
                return .rejected
            }
        }
        return submitAttempt(slot)
    }

    /// The bulkhead of the caller→callee edge, made on first use.
    mutating func bulkheadEdge(caller: Int, callee: Int, _ limit: BulkheadSpec) -> Int {
        let key = caller * (roles.count + 1) + callee
        if let e = bulkheadOfEdge[key] { return e }
        bulkheads.append(Bulkhead(maxConcurrentCalls: limit.maxConcurrentCalls, maxWait: limit.maxWait))
        bulkheadOfEdge[key] = bulkheads.count - 1
        return bulkheads.count - 1
    }

    /// Hands freed slots of bulkhead `e` to its waiters in order, and fails the waiters whose wait
    /// ran out.
    mutating func pollBulkhead(_ e: Int) {
        let t = now
        while let event = bulkheads[e].poll(at: t) {
            switch event {
            case .granted(let id):
                let slot = UInt32(id)
                attempts[slot].edge = e
                attempts[slot].state = .queued
                if isActive(attempts[slot].task.job) {
                    _ = submitAttempt(slot)
                } else {
                    removeAttempt(slot)  // its job ended while it waited: give the slot back
                }
            case .timedOut(let id):
                let slot = UInt32(id)
                stats.bulkheadRejected &+= 1
                let task = attempts[slot].task
                endAttempt(slot)
                notices.append(.taskFailed(task, .bulkheadFull))
            }
        }
    }

    /// Submits attempt `slot` to its destination as it stands; with the result cache, it leads its
    /// task while queued or running.
    mutating func submitAttempt(_ slot: UInt32) -> SubmitResult {
        if plan.resultCache && attempts[slot].coordination == nil { leaderOfTask[attempts[slot].task] = slot }
        let role = attempts[slot].role
        let t = now
        rolePolicies[role].budget?.recordCall(at: t)
        let request = attemptRequest(slot)
        let result: SubmitResult
        switch attempts[slot].destination {
        case .pool(let p): result = submitRequest(request, to: PoolID(index: UInt32(p)))
        case .agent(let a): result = submitRequest(request, toAgent: a)
        }
        if result == .rejected { endAttempt(slot) }
        return result
    }

    /// Frees attempt `slot` and disarms its timeout.
    mutating func endAttempt(_ slot: UInt32) {
        if let timeout = attempts[slot].timeout { sim.cancel(timeout) }
        attempts[slot].timeout = nil
        attempts[slot].state = .done
        removeAttempt(slot)
    }

    /// Frees attempt `slot` and its reference on its job. A leader of its task that ends here
    /// without having handed on a result sends the attempts waiting on it their own way.
    mutating func removeAttempt(_ slot: UInt32) {
        let task = attempts[slot].task
        if plan.resultCache, leaderOfTask[task] == slot { settleFollowers(of: slot, task: task, result: nil) }
        let edge = attempts[slot].edge
        attempts.remove(slot)
        releaseJob(task.job)
        if edge >= 0 {
            let t = now
            bulkheads[edge].release(at: t)
            pollBulkhead(edge)
        }
    }

    /// The attempt's timeout fired: the attempt is abandoned (cancelled, when the role's calls are
    /// cancellable) and retried or given up.
    mutating func attemptTimedOut(_ slot: UInt32) {
        let attempt = attempts[slot]
        guard attempt.state == .queued || attempt.state == .running else { return }
        attempts[slot].timeout = nil
        stats.timeouts &+= 1
        if attempt.coordination == nil {
            recordBreaker(attempt.role, failed: true, duration: rolePolicies[attempt.role].timeout ?? .zero)
        }
        let cancellable = rolePolicies[attempt.role].cancellable
        if attempt.state == .running && attempt.call == Self.noAttempt {
            removeAttempt(slot)  // its call was lost with a crashed agent: nothing will end it
        } else if cancellable, attempt.state == .running {
            cancelCall(attempt.call)  // frees the agent; books the call as abandoned
            removeAttempt(slot)
        } else {
            // Queued (found and dropped when dequeued, if cancellable) or running on: it ends later
            // and is booked as abandoned then.
            attempts[slot].state = .abandoned
        }
        retryOrFail(attempt, .timeout, retryAfter: .zero)
    }

    /// Decides after a failed attempt: schedule the next attempt after its backoff, or report the
    /// task failed.
    mutating func retryOrFail(
        _ attempt: AttemptRecord, _ outcome: RetryTrigger, retryAfter: SimDuration, retryable: Bool = true
    ) {
        let role = attempt.role
        var allowed =
            retryable && attempt.number < rolePolicies[role].maxAttempts
            && rolePolicies[role].retryOn.contains(outcome)
        if allowed, rolePolicies[role].budget != nil {
            let t = now
            allowed = rolePolicies[role].budget!.allowRetry(at: t)
        }
        guard allowed, var backoff = attempt.backoff else {
            let failure: TaskFailure
            switch outcome {
            case .error: failure = .error
            case .timeout: failure = .timeout
            case .rateLimited: failure = .rateLimited
            }
            reportFailed(attempt, failure)
            return
        }
        stats.retries &+= 1
        let delay = max(backoff.delay(forRetry: attempt.number, rng: &draws.retryRNG), retryAfter)
        retainJob(attempt.task.job)  // the retry's own reference, released in removeAttempt
        let slot = attempts.insert(
            AttemptRecord(
                task: attempt.task, number: attempt.number + 1, destination: attempt.destination, role: role,
                state: .waiting, timeout: nil, backoff: backoff, caller: attempt.caller,
                coordination: attempt.coordination))
        sim.schedule(.retry(slot), after: delay)
    }

    /// Reports that `attempt`'s task (or coordination call) failed for good.
    mutating func reportFailed(_ attempt: AttemptRecord, _ failure: TaskFailure) {
        if let ask = attempt.coordination {
            let task = attempt.task
            let call = CoordinationCall(
                job: task.job, agent: .none, tag: ask.tag, task: task.step == .max ? nil : task)
            notices.append(.coordinationFailed(call, failure))
        } else {
            notices.append(.taskFailed(attempt.task, failure))
        }
    }

    /// A retry's backoff is over: submit it (unless its job ended meanwhile).
    mutating func submitRetry(_ slot: UInt32) {
        guard isActive(attempts[slot].task.job) else {
            removeAttempt(slot)
            return
        }
        attempts[slot].state = .queued
        armTimeout(slot)
        let attempt = attempts[slot]
        if dispatchAttempt(slot) == .rejected && attempt.coordination != nil {
            reportFailed(attempt, .queueFull)  // work hears of a full queue through taskRejected
        }
    }

    /// Ends a job because its work failed for good: to the dead-letter queue when the scenario keeps
    /// one, else as failed for `reason`.
    public mutating func giveUp(_ job: JobID, reason: String) {
        if plan.deadLetterEnabled {
            deadLetter(job)
        } else {
            failJob(job, reason: reason)
        }
    }

    /// Ends a job in the dead-letter queue (counted as `dlq_jobs`, apart from failed jobs).
    public mutating func deadLetter(_ job: JobID) {
        let slot = Int(job.index)
        guard jobs[slot].active else { return }
        stats.jobsDeadLettered &+= 1
        endJob(slot)
        if observing { notify(.jobEnded(job, .deadLettered)) }
    }

    // MARK: - Result cache

    /// With the result cache on: answers attempt `slot` from a known result of its task, or makes it
    /// wait on the call already serving its task. `nil`: neither, a call is needed.
    mutating func coalesce(_ slot: UInt32) -> SubmitResult? {
        let task = attempts[slot].task
        let serial = jobs[Int(task.job.index)].serial
        if let known = knownResults[task], known.serial == serial {
            stats.cacheHits &+= 1
            endAttempt(slot)
            notices.append(.taskFinished(known.result))
            return .started
        }
        if let leader = leaderOfTask[task] {
            stats.cacheHits &+= 1
            followers[leader, default: []].append(slot)
            return .queued
        }
        return nil
    }

    /// The leading attempt `slot` at `task` ended: with `result` (a success) the attempts waiting
    /// on it get the same result and it is remembered; without one (it failed, was cancelled or was
    /// lost) they go on their own.
    mutating func settleFollowers(of slot: UInt32, task: TaskRef, result: TaskResult?) {
        guard plan.resultCache else { return }
        if leaderOfTask[task] == slot { leaderOfTask[task] = nil }
        let waiting = followers.removeValue(forKey: slot) ?? []
        if let result {
            knownResults[task] = (jobs[Int(task.job.index)].serial, result)
        }
        for follower in waiting {
            let state = attempts[follower].state
            if state == .abandoned {
                removeAttempt(follower)  // it timed out while waiting; its retry decides
                continue
            }
            if let result {
                endAttempt(follower)
                notices.append(.taskFinished(result))
            } else {
                _ = dispatchAttempt(follower)
            }
        }
    }
}
