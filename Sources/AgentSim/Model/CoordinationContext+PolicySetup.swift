/// Building the run's resilience policies from the scenario: circuit-breaker configurations and
/// the budget scope trees, which `init(scenario:seed:fleet:)` builds before the first event.
extension CoordinationContext {
    /// resilience4j's configuration from a scenario's breaker (thresholds there are fractions).
    static func breakerConfiguration(_ spec: BreakerSpec) -> CircuitBreaker.Configuration {
        var c = CircuitBreaker.Configuration()
        c.failureRateThreshold = max(spec.failureRateThreshold * 100, 1e-9)
        c.slowCallRateThreshold = max(spec.slowCallRateThreshold * 100, 1e-9)
        c.slowCallDurationThreshold = spec.slowCallDuration
        c.slidingWindowType = spec.timeBased ? .timeBased : .countBased
        c.slidingWindowSize = spec.windowSize
        c.minimumNumberOfCalls = spec.minimumCalls
        c.waitDurationInOpenState = spec.waitInOpen
        c.permittedNumberOfCallsInHalfOpenState = spec.permittedInHalfOpen
        return c
    }

    /// The run and role budgets as scope trees: a role's scope sits under the run's, so a role's
    /// spending counts against both. Hard-stop budgets go in one tree (checked before each call),
    /// alert-only ones in another.
    mutating func buildBudgets(_ scenario: Scenario) {
        let roleNames = scenario.agents.map(\.name)
        for hard in [true, false] {
            var tree = BudgetTree()
            var runScope: Int?
            if let run = scenario.budgets.first(where: { $0.scope == .run && $0.hardStop == hard }) {
                runScope = tree.addScope(
                    "run", limitUSD: run.usd, limitTokens: run.tokens.map(Int64.init),
                    alertFractions: run.alerts)
                if hard { hardCaps.append(("run", nil, run.usd, run.tokens.map(Int64.init))) }
                if hard, let usd = run.usd { budgetLimits[runScope!] = usd }
                if hard, let tokens = run.tokens { budgetTokenLimits[runScope!] = Int64(tokens) }
            }
            var scopes: [Int?] = Array(repeating: runScope, count: roleNames.count)
            for budget in scenario.budgets where budget.hardStop == hard {
                guard case .role(let name) = budget.scope, let r = roleNames.firstIndex(of: name) else {
                    continue
                }
                scopes[r] = tree.addScope(
                    "role:\(name)", parent: runScope, limitUSD: budget.usd,
                    limitTokens: budget.tokens.map(Int64.init),
                    alertFractions: budget.alerts)
                if hard { hardCaps.append(("role:\(name)", r, budget.usd, budget.tokens.map(Int64.init))) }
                if hard, let usd = budget.usd { budgetLimits[scopes[r]!] = usd }
                if hard, let tokens = budget.tokens { budgetTokenLimits[scopes[r]!] = Int64(tokens) }
            }
            var agentScopes: [Int?] = []
            for (r, role) in scenario.agents.enumerated() {
                agentScopes += Array(repeating: scopes[r], count: role.count)
            }
            for budget in scenario.budgets where budget.hardStop == hard {
                guard case .agent(let name, let k) = budget.scope, let r = roleNames.firstIndex(of: name),
                    k < scenario.agents[r].count
                else { continue }
                let a = fleet.roles[r].firstAgent + k
                agentScopes[a] = tree.addScope(
                    "agent:\(name)[\(k)]", parent: scopes[r], limitUSD: budget.usd,
                    limitTokens: budget.tokens.map(Int64.init), alertFractions: budget.alerts)
                if hard, let usd = budget.usd { budgetLimits[agentScopes[a]!] = usd }
                if hard, let tokens = budget.tokens { budgetTokenLimits[agentScopes[a]!] = Int64(tokens) }
            }
            if hard {
                budgets = tree
                budgetScopeOfAgent = agentScopes
                budgetHardStop = agentScopes.contains { $0 != nil }
            } else {
                softBudgets = tree
                softScopeOfAgent = agentScopes
            }
        }
        hasBudgets = !scenario.budgets.isEmpty
    }
}
