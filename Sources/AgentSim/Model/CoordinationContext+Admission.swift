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
        if request.isWork, let m = roles[role].model >= 0 ? roles[role].model : nil, pacers[m] != nil {
            // The client-side bucket holds the call (and its agent) until the provider will take it.
            let t = now
            wait = pacers[m]!.reserve(tokens: tokens, at: t)
        } else if request.isWork, let m = roles[role].model >= 0 ? roles[role].model : nil,
            requestNode[a] != nil || tokenNode[a] != nil
        {
            let t = now
            var retryAfter = SimDuration.zero
            if let n = requestNode[a] {
                retryAfter = max(retryAfter, requestTrees[m]!.timeUntilAvailable(1, from: n, at: t))
            }
            if let n = tokenNode[a] {
                retryAfter = max(retryAfter, tokenTrees[m]!.timeUntilAvailable(Int(tokens), from: n, at: t))
            }
            if retryAfter == .zero {
                // Both limits admit it: charge both (HTB charges the node and every ancestor).
                if let n = requestNode[a] { _ = requestTrees[m]!.tryTake(1, from: n, at: t) }
                if let n = tokenNode[a] { _ = tokenTrees[m]!.tryTake(Int(tokens), from: n, at: t) }
            } else {
                refuseWithA429(
                    request, retryAfter: retryAfter == TokenBucket.unavailable ? .zero : retryAfter,
                    retryable: retryAfter != TokenBucket.unavailable)
                return nil
            }
        }
        guard hasBudgets else { return wait }
        let usd = ledger.price(role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)
        let slot = Int(request.task.job.index)
        var stop: String?
        if let scope = budgetScopeOfAgent[a], budgetHardStop,
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
            if request.attempt != Self.noAttempt { endAttempt(request.attempt) }
            failJob(request.task.job, reason: "budget exceeded: \(scope)")
            return nil
        }
        let t = now
        if let scope = budgetScopeOfAgent[a] {
            for alert in budgets.spend(scope: scope, usd: usd, tokens: tokens, at: t) { raise(alert) }
        }
        if let scope = softScopeOfAgent[a] {
            for alert in softBudgets.spend(scope: scope, usd: usd, tokens: tokens, at: t) { raise(alert) }
        }
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
        let metric = alert.metric.name
        pendingAlerts.append("\(alert.scopeName) \(percent)% \(metric)")
        alertLog.append(alert)
    }

    /// The rate-limit trees of every model: its own limit (if any) at the root of a request tree and
    /// a token tree; each role with its own limit as a child node (borrowing or not), or one node per
    /// agent with `per_agent`. The nodes come back per agent; an agent without a limit of its role's
    /// takes from the root.
    static func rateLimitTrees(
        _ scenario: Scenario
    ) -> ([TokenBucketTree?], [TokenBucketTree?], [Int?], [Int?]) {
        func bucket(_ perMinute: Double?) -> TokenBucket? {
            perMinute.map {
                let r = Int64(max(1, $0.rounded()))
                return TokenBucket.perMinute(r, depth: r)
            }
        }
        var requestTrees: [TokenBucketTree?] = Array(repeating: nil, count: scenario.models.count)
        var tokenTrees = requestTrees
        var requestRoot: [Int?] = Array(repeating: nil, count: scenario.models.count)
        var tokenRoot = requestRoot
        for (m, model) in scenario.models.enumerated() {
            guard let limit = model.rateLimit, !limit.clientBucket else { continue }
            if let b = bucket(limit.requestsPerMinute) {
                var tree = TokenBucketTree()
                requestRoot[m] = tree.add(b)
                requestTrees[m] = tree
            }
            if let b = bucket(limit.tokensPerMinute) {
                var tree = TokenBucketTree()
                tokenRoot[m] = tree.add(b)
                tokenTrees[m] = tree
            }
        }
        var requestNode: [Int?] = []
        var tokenNode: [Int?] = []
        for role in scenario.agents {
            let m = role.model.flatMap { name in scenario.models.firstIndex { $0.name == name } }
            var shared: (request: Int?, token: Int?)?
            for _ in 0..<role.count {
                guard let m else {
                    requestNode.append(nil)
                    tokenNode.append(nil)
                    continue
                }
                var nodes: (request: Int?, token: Int?) = (requestRoot[m], tokenRoot[m])
                if let own = role.rateLimit {
                    if let made = shared, !own.perAgent {
                        nodes = made  // one bucket for the whole role
                    } else {
                        if let b = bucket(own.requestsPerMinute) {
                            if requestTrees[m] == nil { requestTrees[m] = TokenBucketTree() }
                            nodes.request = requestTrees[m]!.add(
                                b, parent: requestRoot[m], borrows: own.borrow)
                        }
                        if let b = bucket(own.tokensPerMinute) {
                            if tokenTrees[m] == nil { tokenTrees[m] = TokenBucketTree() }
                            nodes.token = tokenTrees[m]!.add(b, parent: tokenRoot[m], borrows: own.borrow)
                        }
                        shared = nodes
                    }
                }
                requestNode.append(nodes.request)
                tokenNode.append(nodes.token)
            }
        }
        return (requestTrees, tokenTrees, requestNode, tokenNode)
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
