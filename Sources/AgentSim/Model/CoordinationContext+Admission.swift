import AgentSimKernel
import AgentSimPolicies

/// Admission of a call about to start: rate limits and budgets, the policies that act when the
/// call's size is known.
extension CoordinationContext {
    /// Whether the call may start now: `nil` if not, else how long a client-side pacer holds it
    /// first (zero without one).
    ///
    /// - A work call over its model's rate limit gets a 429: the attempt fails now (no service, no
    ///   cost) and retries after the limiter's exact retry-after, if its policy retries 429s.
    ///   Coordination calls are not limited (they are not refused or charged: a documented
    ///   simplification).
    /// - A call whose known cost would take a budget with a hard stop past its limit is refused, and
    ///   its job fails ("budget exceeded: SCOPE"). Otherwise the cost is committed and alerts fire.
    mutating func admitCall(_ request: CallRequest, role: Int, agent a: Int) -> SimDuration? {
        let tokens = request.tokensIn + request.tokensOut
        var wait = SimDuration.zero
        if request.isWork && agentRateLimitStorm[a] {
            // A 429 storm fault: the provider refuses the call outright, without a Retry-After.
            refuseWithA429(request, retryAfter: .zero, retryable: true)
            return nil
        }
        if request.isWork, roles[role].model >= 0 {
            let t = now
            switch rateLimits.admit(model: roles[role].model, agent: a, tokens: tokens, at: t) {
            case .admitted(let held): wait = held
            case .refused(let retryAfter):
                refuseWithA429(
                    request, retryAfter: retryAfter == TokenBucket.unavailable ? .zero : retryAfter,
                    retryable: retryAfter != TokenBucket.unavailable)
                return nil
            }
        }
        guard !budgets.isEmpty else { return wait }
        let usd = ledger.price(role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)
        let slot = Int(request.task.job.index)
        var stop: String?
        if let exhausted = budgets.refusingScope(agent: a, usd: usd, tokens: tokens) {
            stop = budgets.name(ofHardScope: exhausted)
            let t = now
            if let alert = budgets.limitReachedAlert(exhausted, at: t) { raise(alert) }
        }
        if stop == nil, let limit = budgets.perJob, limit.hardStop {
            if let cap = limit.usd, jobs[slot].spentUSD + usd > cap { stop = "job" }
            if let cap = limit.tokens, jobs[slot].spentTokens + tokens > Int64(cap) { stop = "job" }
        }
        if let scope = stop {
            stats.budgetStops &+= 1
            if request.attempt != Self.noAttempt { endAttempt(request.attempt) }
            failJob(request.task.job, reason: "budget exceeded: \(scope)")
            return nil
        }
        let t = now
        for alert in budgets.charge(agent: a, usd: usd, tokens: tokens, at: t) { raise(alert) }
        jobs[slot].spentUSD += usd
        jobs[slot].spentTokens += tokens
        return wait
    }

    /// A work call refused with a 429: its attempt ends and the role's policy retries it (after at
    /// least `retryAfter`) or fails it, unless it was abandoned at its timeout, which already did.
    mutating func refuseWithA429(_ request: CallRequest, retryAfter: SimDuration, retryable: Bool) {
        stats.rateLimited &+= 1
        let attempt = attempts[request.attempt]
        if attempt.state == .abandoned {
            // Queued when it timed out (not cancellable), it was retried or failed then; another
            // retry here would run a second chain of attempts at the same task.
            endAttempt(request.attempt)
            return
        }
        endAttempt(request.attempt)
        // If that freed an ended job's slot, the retry's reference takes it back (retainJob).
        retryOrFail(attempt, .rateLimited, retryAfter: retryAfter, retryable: retryable)
    }

    /// Records a budget alert for the time series and the alert log.
    mutating func raise(_ alert: BudgetAlert) {
        let percent = Int((alert.fraction * 100).rounded())
        let metric = alert.metric.name
        seriesBook.raise(alert, label: "\(alert.scopeName) \(percent)% \(metric)")
    }

    /// Whether a call to `role` may go now, by the role's circuit breaker (always, without one).
    mutating func breakerPermits(_ role: Int) -> Bool {
        guard breakers[role] != nil else { return true }
        let t = now
        return breakers[role]!.tryAcquire(at: t)
    }

    /// Tells `role`'s breaker how a call went.
    mutating func recordBreaker(_ role: Int, failed: Bool, duration: SimDuration) {
        guard breakers[role] != nil else { return }
        let t = now
        breakers[role]!.record(failed ? .failure : .success, duration: duration, at: t)
    }

    /// Seconds the circuit breakers of all roles spent open, up to `time` (0 without breakers).
    public func breakerOpenSeconds(at time: SimTime) -> Double {
        var total = SimDuration.zero
        for breaker in breakers { if let b = breaker { total = total + b.openDuration(upTo: time) } }
        return total.seconds
    }
}
