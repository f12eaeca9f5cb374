import AgentSimDistributions
import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

extension CoordinationContext {
    /// Starts `request` on agent `a` now: draws its sizes and service time, schedules its
    /// completion. Returns false when the call did not start: a work attempt that was abandoned and
    /// cancelled while queued, a rate limit's 429, or a budget's hard stop; the agent's slot stays
    /// free then.
    @discardableResult
    mutating func start(_ request: CallRequest, on a: Int) -> Bool {
        var request = request
        let roleIndex = Int(agents[a].role)
        let attempt = request.attempt
        if attempt != Self.noAttempt && attempts[attempt].state == .abandoned {
            // Timed out while queued: a cancellable attempt is dropped; otherwise it still runs.
            if rolePolicies[attempts[attempt].role].cancellable {
                removeAttempt(attempt)
                return false
            }
        }
        if request.isWork {
            (request.tokensIn, request.tokensOut) = workTokens(request.task, role: roleIndex)
        }
        if plan.tracksTurns {
            // Accumulated history: every earlier call of this job to this role adds to the input.
            let k = Int(request.task.job.index) &* roles.count &+ roleIndex
            // Saturating at the per-call token limit: a long job on a fast-growing context never
            // overflows (both terms are at most 10^9 before the product).
            let (grown, overflow) = roles[roleIndex].contextGrowth.multipliedReportingOverflow(
                by: Int64(jobRoleTurns[k]))
            let limit = InputLimits.maxTokensPerCall
            request.tokensIn = overflow ? limit : min(request.tokensIn &+ min(grown, limit), limit)
            jobRoleTurns[k] &+= 1
        }
        guard let pacing = admitCall(request, role: roleIndex, agent: a) else { return false }
        let seconds: Double
        switch roles[roleIndex].service {
        case .constant(let value):
            seconds = value
        case .exponential(let mean):
            seconds = Distribution.exponential(mean: mean).sample(&draws.agentRNG[a])
        case .model(.distribution(let dist)):
            seconds = dist.sampleNonNegative(&draws.agentRNG[a])
        case .model(.llm(let ttft, let tokensPerSecond)):
            seconds = ttft.sampleNonNegative(&draws.agentRNG[a]) + Double(request.tokensOut) / tokensPerSecond
        }
        let service = SimDuration(seconds: seconds * agentSlowdown[a]) + agentFirstTokenDelay[a] + pacing
        agents[a].busy &+= 1
        stats.roleBusy[roleIndex].add(1, at: now)
        stats.calls &+= 1
        if request.isWork {
            if now >= stats.warmup {
                stats.waitTotalNanos += Double(now.nanos &- request.enqueuedAt)
                stats.waitCount &+= 1
            }
        } else {
            stats.coordinationCalls &+= 1
        }
        if attempt != Self.noAttempt && attempts[attempt].state != .abandoned {
            attempts[attempt].state = .running
        }
        retainJob(request.task.job)
        if observing { notify(.callStarted(request.task, agent: a)) }  // the agent that last held the job
        let slot = calls.insert(
            CallRecord(request: request, agent: UInt32(a), startedAt: now.nanos, completion: EventID(seq: 0)))
        calls[slot].completion = sim.schedule(.callDone(slot), after: service)
        if attempt != Self.noAttempt { attempts[attempt].call = slot }
        return true
    }

    /// The input and output tokens of a work task on a role: the step's sizes, else the role's
    /// defaults, else 0; drawn from a generator keyed by (job seed, step, copy) so that the same
    /// task has the same size under every pattern. `mutating` only so that calling it from
    /// ``start(_:on:)`` borrows the context instead of copying all of it (measured: a 704-byte
    /// memcpy per call).
    mutating func workTokens(_ task: TaskRef, role: Int) -> (Int64, Int64) {
        switch plan.tokenPlans[Int(task.step) &* roles.count &+ role] {
        case .fixed(let tokensIn, let tokensOut):
            return (tokensIn, tokensOut)
        case .drawn(let inDist, let outDist):
            let key = UInt64(task.step) << 32 | UInt64(task.copy)
            var rng = Xoshiro256StarStar(
                seed: jobs[Int(task.job.index)].seed ^ (key &* 0xD1B5_4A32_D192_ED03))
            let tokensIn = inDist.map { InputLimits.tokens($0.sampleNonNegative(&rng)) } ?? 0
            let tokensOut = outDist.map { InputLimits.tokens($0.sampleNonNegative(&rng)) } ?? 0
            return (tokensIn, tokensOut)
        }
    }

    /// Whether agent `a`'s output is right: a draw from its own "quality" stream (so accuracy never
    /// moves a latency draw), skipped when its role is always right.
    mutating func drawCorrect(_ a: Int) -> Bool {
        let accuracy = roles[Int(agents[a].role)].accuracy
        if accuracy >= 1 { return true }
        return draws.qualityRNG[a].nextDouble() < accuracy
    }

    /// Ends the call in `slot`: books it, frees its agent's slot after the coordinator has reacted
    /// (depth first, see ``Notice``), and reports the outcome: a coordination call's end, or a work
    /// attempt's success or failure (retried by policy). An abandoned attempt's call is only booked.
    mutating func finishCall(_ slot: UInt32) {
        let record = calls[slot]
        calls.remove(slot)
        let a = Int(record.agent)
        agents[a].busy &-= 1
        agents[a].held &+= 1  // released by .releaseFinishing once the coordinator has reacted
        let roleIndex = Int(agents[a].role)
        stats.roleBusy[roleIndex].add(-1, at: now)
        let request = record.request
        let agent = AgentID(index: record.agent)
        defer {
            releaseJob(request.task.job)
            notices.append(.releaseFinishing(agent))
        }
        guard request.isWork else {
            if request.attempt != Self.noAttempt {
                if attempts[request.attempt].state == .abandoned {
                    book(record, role: roleIndex, cause: .abandoned)  // timed out; a retry took over
                    removeAttempt(request.attempt)
                    return
                }
                endAttempt(request.attempt)
            }
            let cause: CostCause = isActive(request.task.job) ? request.cause : .duplicate
            book(record, role: roleIndex, cause: cause)
            if request.check != Self.noAttempt {
                finishCheck(request.check)
                return
            }
            let about: TaskRef? = request.task.step == .max ? nil : request.task
            notices.append(
                .coordinationFinished(
                    CoordinationCall(job: request.task.job, agent: agent, tag: request.tag, task: about)))
            return
        }
        let attemptSlot = request.attempt
        let attempt = attempts[attemptSlot]
        let failed = drawError(a)
        if attempt.state == .abandoned {
            // Nobody waits for this attempt any more, but a retry may have joined its call.
            book(record, role: roleIndex, cause: .abandoned)
            let shared = failed ? nil : TaskResult(task: request.task, agent: agent, correct: drawCorrect(a))
            settleFollowers(of: attemptSlot, task: request.task, result: shared)
            removeAttempt(attemptSlot)
            return
        }
        recordBreaker(attempt.role, failed: failed, duration: now - SimTime(nanos: record.startedAt))
        if failed {
            book(record, role: roleIndex, cause: .retry)
            endAttempt(attemptSlot)  // its followers go their own way
            retryOrFail(attempt, .error, retryAfter: .zero)
            return
        }
        book(record, role: roleIndex, cause: isActive(request.task.job) ? .work : .duplicate)
        let result = TaskResult(task: request.task, agent: agent, correct: drawCorrect(a))
        settleFollowers(of: attemptSlot, task: request.task, result: result)
        endAttempt(attemptSlot)
        if let grounding = plan.grounding, isActive(request.task.job) {
            // The agent checks its own output before handing it on: one more (coordination) call.
            let slot = checks.insert(result)
            let check = CallRequest(
                task: request.task, tag: 0, isWork: false, tokensIn: Int64(grounding.tokensIn),
                tokensOut: Int64(grounding.tokensOut), enqueuedAt: now.nanos, order: takeOrder(),
                attempt: Self.noAttempt, cause: .coordination, check: slot)
            if submitRequest(check, toAgent: a) != .rejected { return }
            checks.remove(slot)
        }
        notices.append(.taskFinished(result))
    }

    /// A grounding check ended: a wrong output it catches is redone (a new attempt at the task);
    /// anything else goes on to the coordinator as the task's result.
    mutating func finishCheck(_ slot: UInt32) {
        let result = checks[slot]
        checks.remove(slot)
        guard isActive(result.task.job) else { return }
        if !result.correct, let grounding = plan.grounding, draws.checkRNG.nextDouble() < grounding.catchRate
        {
            stats.reworks &+= 1
            knownResults[result.task] = nil  // a caught output must be redone, not served again
            _ = dispatchAttempt(
                newAttempt(result.task, .pool(Int(plan.stepPool[Int(result.task.step)].index))))
            return
        }
        notices.append(.taskFinished(result))
    }

    /// Whether agent `a`'s call fails: the role's error rate, or a burst's if one is on; drawn from
    /// the agent's own "errors" stream, skipped when neither applies.
    mutating func drawError(_ a: Int) -> Bool {
        let rate = max(rolePolicies[Int(agents[a].role)].errorRate, agentErrorBurst[a])
        if rate <= 0 { return false }
        return draws.errorRNG[a].nextDouble() < rate
    }

    /// Books a call in the ledger under `cause`, at the prices of its role's model (and in the
    /// trace, when one is recorded).
    mutating func book(_ record: CallRecord, role: Int, cause: CostCause) {
        let request = record.request
        costs.book(cause, role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)
        if observing { notify(.callBooked(record, cause: cause)) }
    }

    /// Cancels the call in `slot` (a cancellable timeout): it never completes, its agent is freed, and
    /// it is booked as abandoned.
    mutating func cancelCall(_ slot: UInt32) {
        let record = calls[slot]
        calls.remove(slot)
        sim.cancel(record.completion)
        let a = Int(record.agent)
        agents[a].busy &-= 1
        let roleIndex = Int(agents[a].role)
        stats.roleBusy[roleIndex].add(-1, at: now)
        book(record, role: roleIndex, cause: .abandoned)
        releaseJob(record.request.task.job)
        takeWork(a)
    }
}
