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
    mutating func admitCall(_ request: CallRequest, role: Int) -> SimDuration? {
        let tokens = request.tokensIn + request.tokensOut
        var wait = SimDuration.zero
        if request.isWork, let m = roles[role].model >= 0 ? roles[role].model : nil, pacers[m] != nil {
            // The client-side bucket holds the call (and its agent) until the provider will take it.
            let t = now
            wait = pacers[m]!.reserve(tokens: tokens, at: t)
        } else if request.isWork, let m = roles[role].model >= 0 ? roles[role].model : nil, limiters[m] != nil
        {
            let t = now
            if !limiters[m]!.tryAcquire(tokens: Int(tokens), at: t) {
                stats.rateLimited &+= 1
                let retryAfter = limiters[m]!.retryAfter(tokens: Int(tokens), at: t)
                let attempt = attempts[request.attempt]
                endAttempt(request.attempt)
                retryOrFail(
                    attempt, .rateLimited,
                    retryAfter: retryAfter == TokenBucket.unavailable ? .zero : retryAfter,
                    retryable: retryAfter != TokenBucket.unavailable)
                return nil
            }
        }
        guard hasBudgets else { return wait }
        let usd = ledger.price(role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)
        let slot = Int(request.task.job.index)
        var stop: String?
        if let scope = budgetScopeOfRole[role], budgetHardStop,
            !budgets.canSpend(scope: scope, usd: usd, tokens: tokens)
        {
            let exhausted = exceededScope(from: scope, usd: usd, tokens: tokens)
            stop = budgets.name(of: exhausted)
            raiseLimitReached(exhausted)
        }
        if stop == nil, let limit = jobBudget, limit.hardStop {
            if let cap = limit.usd, jobs[slot].spentUSD + usd > cap { stop = "job" }
            if let cap = limit.tokens, jobs[slot].spentTokens + tokens > Int64(cap) { stop = "job" }
        }
        if let scope = stop {
            stats.budgetStops &+= 1
            if request.isWork { endAttempt(request.attempt) }
            failJob(request.task.job, reason: "budget exceeded: \(scope)")
            return nil
        }
        let t = now
        if let scope = budgetScopeOfRole[role] {
            for alert in budgets.spend(scope: scope, usd: usd, tokens: tokens, at: t) { raise(alert) }
        }
        if let scope = softScopeOfRole[role] {
            for alert in softBudgets.spend(scope: scope, usd: usd, tokens: tokens, at: t) { raise(alert) }
        }
        jobs[slot].spentUSD += usd
        jobs[slot].spentTokens += tokens
        return wait
    }

    /// The first scope on the path from `scope` up whose limit this spend would pass: the one that
    /// stops the call (the scope itself when none does, which ``BudgetTree/canSpend`` rules out).
    func exceededScope(from scope: Int, usd: Double, tokens: Int64) -> Int {
        var s: Int? = scope
        while let current = s {
            if let limit = budgetLimits[current], budgets.spentUSD(current) + usd > limit { return current }
            if let limit = budgetTokenLimits[current], budgets.spentTokens(current) + tokens > limit {
                return current
            }
            s = budgets.parent(of: current)
        }
        return scope
    }

    /// The 100% alert of a hard-stop scope whose next call was refused: the refused spend never
    /// crosses the limit, so the tree itself never raises it. Once per scope.
    mutating func raiseLimitReached(_ scope: Int) {
        guard !limitReached.contains(scope) else { return }
        limitReached.insert(scope)
        let t = now
        raise(
            BudgetAlert(
                scope: scope, scopeName: budgets.name(of: scope), metric: .usd, fraction: 1, time: t,
                spent: budgets.spentUSD(scope), limit: budgetLimits[scope] ?? 0))
    }

    /// Records a budget alert for the time series and the alert log.
    mutating func raise(_ alert: BudgetAlert) {
        let percent = Int((alert.fraction * 100).rounded())
        let metric = alert.metric == .usd ? "usd" : "tokens"
        pendingAlerts.append("\(alert.scopeName) \(percent)% \(metric)")
        alertLog.append(alert)
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
