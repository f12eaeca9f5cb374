import AgentSimPolicies

/// `policies`, `faults` and a model's `rate_limit`: the resilience layer as a scenario states it.
extension ScenarioDecoder {
    static let rolePolicyKeys = ["retry", "timeout", "cancellable", "circuit_breaker", "bulkhead"]
    static let scenarioPolicyKeys =
        rolePolicyKeys + ["job_timeout", "dead_letter", "budgets", "grounding", "result_cache"]
    static let retryKeys = ["max_attempts", "backoff", "base", "cap", "jitter", "on", "budget"]
    static let retryBudgetKeys = ["ratio", "window", "min_per_window"]
    static let breakerKeys = [
        "failure_rate_threshold", "slow_call_rate_threshold", "slow_call_duration", "sliding_window_type",
        "sliding_window_size", "minimum_number_of_calls", "wait_duration_in_open_state",
        "permitted_number_of_calls_in_half_open_state", "fallback",
    ]
    static let budgetKeys = ["scope", "usd", "tokens", "alerts", "hard_stop"]
    static let faultKeys = [
        "at", "for", "role", "agents", "slowdown", "error_rate", "crash", "slow_first_token",
        "rate_limit_storm",
    ]
    /// The keys that name an agent fault's kind.
    static let agentFaultKinds = ["slowdown", "error_rate", "crash", "slow_first_token", "rate_limit_storm"]

    func decodeScenarioPolicies(_ field: JSONField, into scenario: inout Scenario) throws(ScenarioError) {
        let object = try ObjectReader(
            field, allowed: Self.scenarioPolicyKeys, what: "policies", decoder: self)
        scenario.policies = try decodePolicy(field, keys: Self.scenarioPolicyKeys)
        if let f = object.optional("job_timeout") { scenario.jobTimeout = try positiveDuration(f) }
        if let f = object.optional("dead_letter") { scenario.deadLetter = try bool(f) }
        if let f = object.optional("result_cache") { scenario.resultCache = try bool(f) }
        if let f = object.optional("grounding") {
            let g = try ObjectReader(
                f, allowed: ["catch", "tokens_in", "tokens_out"], what: "a grounding check", decoder: self)
            var spec = GroundingSpec(catchRate: try probability(g.required("catch")))
            if let t = g.optional("tokens_in") {
                spec.tokensIn = try integer(t, minimum: 0, maximum: Int(InputLimits.maxTokensPerCall))
            }
            if let t = g.optional("tokens_out") {
                spec.tokensOut = try integer(t, minimum: 0, maximum: Int(InputLimits.maxTokensPerCall))
            }
            scenario.grounding = spec
        }
        if let f = object.optional("budgets") {
            var budgets: [BudgetSpec] = []
            for item in try array(f, minimumCount: 1, what: "budgets") {
                budgets.append(try decodeBudget(item))
            }
            scenario.budgets = budgets
        }
    }

    /// The per-call policies (retry, timeout, cancellable, circuit breaker) of `field`.
    func decodePolicy(_ field: JSONField, keys: [String]) throws(ScenarioError) -> PolicySpec {
        let object = try ObjectReader(field, allowed: keys, what: "policies", decoder: self)
        var policy = PolicySpec()
        if let f = object.optional("retry") { policy.retry = try decodeRetry(f) }
        if let f = object.optional("timeout") { policy.timeout = try positiveDuration(f) }
        if let f = object.optional("cancellable") { policy.cancellable = try bool(f) }
        if let f = object.optional("circuit_breaker") { policy.circuitBreaker = try decodeBreaker(f) }
        if let f = object.optional("bulkhead") {
            let b = try ObjectReader(
                f, allowed: ["max_concurrent_calls", "max_wait_duration"], what: "a bulkhead", decoder: self)
            var bulkhead = BulkheadSpec()
            if let g = b.optional("max_concurrent_calls") {
                bulkhead.maxConcurrentCalls = try integer(g, minimum: 1, maximum: InputLimits.maxCapacity)
            }
            if let g = b.optional("max_wait_duration") { bulkhead.maxWait = try duration(g) }
            policy.bulkhead = bulkhead
        }
        return policy
    }

    private func decodeRetry(_ field: JSONField) throws(ScenarioError) -> RetrySpec {
        let object = try ObjectReader(field, allowed: Self.retryKeys, what: "a retry policy", decoder: self)
        var retry = RetrySpec()
        if let f = object.optional("max_attempts") {
            retry.maxAttempts = try integer(f, minimum: 1, maximum: InputLimits.maxAttempts)
        }
        if let f = object.optional("backoff") { retry.backoff = try choice(f, of: BackoffKind.self) }
        if let f = object.optional("base") { retry.base = try duration(f) }
        if let f = object.optional("cap") { retry.cap = try duration(f) }
        if let f = object.optional("jitter") { retry.jitter = try choice(f, of: JitterKind.self) }
        if let f = object.optional("on") {
            var triggers = Set<RetryTrigger>()
            for item in try array(f, what: "retry triggers") {
                triggers.insert(try choice(item, of: RetryTrigger.self))
            }
            retry.on = triggers
        }
        if let f = object.optional("budget") {
            let b = try ObjectReader(f, allowed: Self.retryBudgetKeys, what: "a retry budget", decoder: self)
            var budget = RetryBudgetSpec()
            if let g = b.optional("ratio") {
                budget.ratio = try nonNegativeNumber(g)
                // RetryBudget counts retries per call in millionths: more than 1000 is refused here,
                // not trapped on at run time (found by the fuzz harness).
                guard budget.ratio <= 1000 else {
                    throw error(g, "a retry budget ratio above 1000 retries per call", allowed: "0...1000")
                }
            }
            if let g = b.optional("window") {
                budget.window = try positiveDuration(g)
                guard budget.window.nanos >= 10 else {  // it slides in 10 steps of whole nanoseconds
                    throw error(g, "a retry budget window shorter than 10 ns", allowed: "10ns or more")
                }
            }
            if let g = b.optional("min_per_window") { budget.minimumPerWindow = try integer(g, minimum: 0) }
            retry.budget = budget
        }
        if retry.cap < retry.base {
            throw error(object.field, "the retry cap (\(retry.cap)) is below the base delay (\(retry.base))")
        }
        return retry
    }

    private func decodeBreaker(_ field: JSONField) throws(ScenarioError) -> BreakerSpec {
        let object = try ObjectReader(
            field, allowed: Self.breakerKeys, what: "a circuit breaker", decoder: self)
        var b = BreakerSpec()
        if let f = object.optional("failure_rate_threshold") { b.failureRateThreshold = try probability(f) }
        if let f = object.optional("slow_call_rate_threshold") {
            b.slowCallRateThreshold = try probability(f)
        }
        if let f = object.optional("slow_call_duration") { b.slowCallDuration = try positiveDuration(f) }
        if let f = object.optional("sliding_window_type") {
            b.timeBased =
                try choice(f, among: ["count_based", "time_based"], what: "window type") == "time_based"
        }
        if let f = object.optional("sliding_window_size") {
            b.windowSize = try integer(f, minimum: 1, maximum: InputLimits.maxWindow)
        }
        if let f = object.optional("minimum_number_of_calls") { b.minimumCalls = try integer(f, minimum: 1) }
        if let f = object.optional("wait_duration_in_open_state") { b.waitInOpen = try positiveDuration(f) }
        if let f = object.optional("permitted_number_of_calls_in_half_open_state") {
            b.permittedInHalfOpen = try integer(f, minimum: 1)
        }
        if let f = object.optional("fallback") { b.fallback = try nonEmptyString(f) }
        return b
    }

    /// A positive rate per minute of at most ``InputLimits/maxPerMinute`` that a token bucket holds
    /// exactly (the run rounds it to a whole number per minute, at least 1).
    private func perMinute(_ field: JSONField) throws(ScenarioError) -> Double {
        let value = try positiveNumber(field)
        let allowed = "a number per minute > 0 and ≤ \(Int64(InputLimits.maxPerMinute))"
        if value > InputLimits.maxPerMinute {
            throw error(
                field, "must be at most \(Int64(InputLimits.maxPerMinute)), found \(written(field))",
                allowed: allowed)
        }
        let whole = Int64(max(1, value.rounded()))
        if !TokenBucket.isRepresentable(rate: whole, per: .seconds(60), depth: whole) {
            // Rounding to fewer significant digits shares factors with the minute's nanoseconds.
            var near = whole
            var unit: Int64 = 10
            while !TokenBucket.isRepresentable(rate: near, per: .seconds(60), depth: near) {
                near = max(unit, (whole + unit / 2) / unit * unit)
                unit *= 10
            }
            throw error(
                field,
                "\(written(field)) per minute is too fine for the exact token bucket (a refill of "
                    + "\(whole) tokens per 60,000,000,000 ns overflows 64 bits); \(near) works",
                allowed: allowed)
        }
        return value
    }

    func decodeRateLimit(_ field: JSONField) throws(ScenarioError) -> RateLimitSpec {
        let object = try ObjectReader(
            field, allowed: ["rpm", "tpm", "client_bucket", "borrow", "per_agent"], what: "a rate limit",
            decoder: self)
        var limit = RateLimitSpec()
        if let f = object.optional("rpm") { limit.requestsPerMinute = try perMinute(f) }
        if let f = object.optional("tpm") { limit.tokensPerMinute = try perMinute(f) }
        if let f = object.optional("client_bucket") { limit.clientBucket = try bool(f) }
        if let f = object.optional("borrow") { limit.borrow = try bool(f) }
        if let f = object.optional("per_agent") { limit.perAgent = try bool(f) }
        if limit.requestsPerMinute == nil && limit.tokensPerMinute == nil {
            throw error(field, "a rate limit needs rpm, tpm or both", allowed: "rpm, tpm (per minute)")
        }
        return limit
    }

    private func decodeBudget(_ field: JSONField) throws(ScenarioError) -> BudgetSpec {
        let object = try ObjectReader(field, allowed: Self.budgetKeys, what: "a budget", decoder: self)
        let scopeField = try object.required("scope")
        let text = try nonEmptyString(scopeField)
        let scope: BudgetSpec.Scope
        if text == "run" {
            scope = .run
        } else if text == "job" {
            scope = .job
        } else if text.hasPrefix("role:"), text.count > 5 {
            scope = .role(String(text.dropFirst(5)))
        } else if text.hasPrefix("agent:"),
            let (role, range) = try? faultTarget(scopeField, String(text.dropFirst(6))),
            let range, range.count == 1
        {
            scope = .agent(role, range.lowerBound)
        } else {
            throw error(
                scopeField, "unknown budget scope \(quoted(text))",
                allowed: "run, job, role:NAME, agent:NAME[i]")
        }
        var budget = BudgetSpec(scope: scope)
        if let f = object.optional("usd") { budget.usd = try money(f) }
        if let f = object.optional("tokens") { budget.tokens = try integer(f, minimum: 1, maximum: Int.max) }
        if budget.usd == nil && budget.tokens == nil {
            throw error(field, "a budget needs usd, tokens or both", allowed: "usd (money), tokens (a count)")
        }
        if let f = object.optional("alerts") {
            var fractions: [Double] = []
            for item in try array(f, what: "alert fractions") {
                let fraction = try probability(item)
                if fraction == 0 {
                    throw error(
                        item, "an alert fraction must be greater than 0", allowed: "a fraction in (0, 1]")
                }
                if fractions.contains(fraction) { throw error(item, "\(written(item)) is listed twice") }
                fractions.append(fraction)
            }
            budget.alerts = fractions.sorted()
        }
        if let f = object.optional("hard_stop") { budget.hardStop = try bool(f) }
        return budget
    }

    func decodeFaults(_ field: JSONField) throws(ScenarioError) -> [FaultSpec] {
        var faults: [FaultSpec] = []
        for item in try array(field, what: "faults") {
            let object = try ObjectReader(item, allowed: Self.faultKeys, what: "a fault", decoder: self)
            let at = try duration(object.required("at"))
            let lasting = try object.optional("for").map { f throws(ScenarioError) in try positiveDuration(f)
            }
            var role = ""
            var agents: ClosedRange<Int>?
            var kinds: [FaultSpec.Kind] = []
            if let f = object.optional("slowdown") { kinds.append(.slowdown(factor: try positiveNumber(f))) }
            if let f = object.optional("error_rate") { kinds.append(.errorRate(try probability(f))) }
            if let f = object.optional("slow_first_token") {
                kinds.append(.slowFirstToken(try positiveDuration(f)))
            }
            if let f = object.optional("rate_limit_storm") {
                guard try bool(f) else {
                    throw error(f, "a rate limit storm is `true` or absent", allowed: "true")
                }
                kinds.append(.rateLimitStorm)
            }
            if let f = object.optional("crash") {
                // `"crash": true` with `role`/`agents`, or the target itself: `"crash": "support[0..2]"`.
                if case .string(let target) = f.value.kind {
                    (role, agents) = try faultTarget(f, target)
                    kinds.append(.crash)
                } else if try bool(f) {
                    kinds.append(.crash)
                }
            }
            if role.isEmpty { role = try nonEmptyString(object.required("role")) }
            if let f = object.optional("agents") { agents = try agentRange(f) }
            guard kinds.count == 1 else {
                throw error(
                    item, "a fault needs exactly one kind, found \(kinds.count)",
                    allowed:
                        "slowdown (a factor), error_rate (a probability), crash (true), slow_first_token (a"
                        + " duration), rate_limit_storm (true)")
            }
            faults.append(FaultSpec(at: at, duration: lasting, role: role, agents: agents, kind: kinds[0]))
        }
        return faults
    }

    /// `"ROLE"`, `"ROLE[3]"` or `"ROLE[0..2]"`: a role and, optionally, agent indices within it.
    private func faultTarget(_ field: JSONField, _ text: String) throws(ScenarioError) -> (
        String, ClosedRange<Int>?
    ) {
        guard let open = text.firstIndex(of: "[") else { return (text, nil) }
        let role = String(text[..<open])
        let inner = text[text.index(after: open)...].dropLast()
        guard text.hasSuffix("]"), !role.isEmpty else {
            throw error(
                field, "expected a target like \"support[0..2]\", found \(quoted(text))",
                allowed: "ROLE, ROLE[i], ROLE[i..j]")
        }
        let parts = inner.split(separator: ".", omittingEmptySubsequences: true)
        if parts.count == 1, let i = Int(parts[0]), i >= 0 { return (role, i...i) }
        if inner.contains(".."), parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), 0 <= lo,
            lo <= hi
        {
            return (role, lo...hi)
        }
        throw error(
            field, "expected a target like \"support[0..2]\", found \(quoted(text))",
            allowed: "ROLE, ROLE[i], ROLE[i..j]")
    }

    /// `"0..2"` or a single index `3`: agent indices within a role.
    private func agentRange(_ field: JSONField) throws(ScenarioError) -> ClosedRange<Int> {
        if case .string(let text) = field.value.kind {
            let parts = text.split(separator: ".", omittingEmptySubsequences: true)
            if text.contains(".."), parts.count == 2, let lo = Int(parts[0]), let hi = Int(parts[1]), 0 <= lo,
                lo <= hi
            {
                return lo...hi
            }
            throw error(
                field, "expected an agent range like \"0..2\", found \(quoted(text))",
                allowed: "\"FIRST..LAST\" or an index")
        }
        let i = try integer(field, minimum: 0)
        return i...i
    }
}
