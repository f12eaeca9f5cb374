import AgentSimKernel
import AgentSimPolicies
import AgentSimSpec

/// The run's budgets (`policies.budgets`), one of the parts ``CoordinationContext`` owns
/// (ARCHITECTURE.md §2). Hard-stop scopes are checked before each call and alert-only scopes
/// only count. A role's scope sits under the run's and an agent's under its role's, so a call
/// counts against every scope above its agent. A per-job limit is kept here too.
///
/// The book decides and charges. The context acts on what it says: it fails the job, or it raises
/// the alerts.
struct BudgetBook {
    /// Hard-stop scopes (checked before each call).
    private(set) var hard = BudgetTree()
    /// Alert-only scopes.
    private(set) var soft = BudgetTree()
    /// The hard scope each agent's calls charge: its own, else its role's, else the run's.
    private var hardScopeOfAgent: [Int?]
    /// The alert-only scope each agent's calls charge.
    private var softScopeOfAgent: [Int?]
    /// Whether any agent charges a hard scope.
    private var hardStop = false
    /// Hard scopes whose limit stopped a call. Their 100% alert is raised then, once.
    private var limitReached: Set<Int> = []
    /// Each hard scope's USD limit.
    private var limitUSD: [Int: Double] = [:]
    /// Each hard scope's token limit.
    private var limitTokens: [Int: Int64] = [:]
    /// The hard-stop run and role budgets, for the `hard_budget` invariant: a name, the role (`nil`
    /// for the run) and the limits.
    var hardCaps: [(name: String, role: Int?, usd: Double?, tokens: Int64?)] = []
    /// Whether the scenario sets any budget (`false`: admission skips the book).
    let isEmpty: Bool
    /// A per-job budget, if the scenario sets one.
    let perJob: BudgetSpec?

    /// The run, role and agent budgets of `scenario` as scope trees over `fleet`'s agents.
    init(_ scenario: Scenario, fleet: Fleet) {
        isEmpty = scenario.budgets.isEmpty
        perJob = scenario.budgets.first { $0.scope == .job }
        hardScopeOfAgent = Array(repeating: nil, count: fleet.agentCount)
        softScopeOfAgent = hardScopeOfAgent
        let roleNames = scenario.agents.map(\.name)
        for hard in [true, false] {
            var tree = BudgetTree()
            var runScope: Int?
            if let run = scenario.budgets.first(where: { $0.scope == .run && $0.hardStop == hard }) {
                runScope = tree.addScope(
                    "run", limitUSD: run.usd, limitTokens: run.tokens.map(Int64.init),
                    alertFractions: run.alerts)
                if hard { hardCaps.append(("run", nil, run.usd, run.tokens.map(Int64.init))) }
                if hard { setLimits(runScope!, run) }
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
                if hard { setLimits(scopes[r]!, budget) }
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
                if hard { setLimits(agentScopes[a]!, budget) }
            }
            if hard {
                self.hard = tree
                hardScopeOfAgent = agentScopes
                hardStop = agentScopes.contains { $0 != nil }
            } else {
                soft = tree
                softScopeOfAgent = agentScopes
            }
        }
    }

    private mutating func setLimits(_ scope: Int, _ budget: BudgetSpec) {
        if let usd = budget.usd { limitUSD[scope] = usd }
        if let tokens = budget.tokens { limitTokens[scope] = Int64(tokens) }
    }

    /// The hard scope that a call of `agent` costing `usd` and `tokens` would take past its limit,
    /// or `nil` when every scope above the agent admits it. The scope is the first one on the path
    /// up from the agent's scope whose limit the spend passes.
    func refusingScope(agent: Int, usd: Double, tokens: Int64) -> Int? {
        guard hardStop, let scope = hardScopeOfAgent[agent],
            !hard.canSpend(scope: scope, usd: usd, tokens: tokens)
        else { return nil }
        var s: Int? = scope
        while let current = s {
            if let limit = limitUSD[current], hard.spentUSD(current) + usd > limit { return current }
            if let limit = limitTokens[current], hard.spentTokens(current) + tokens > limit { return current }
            s = hard.parent(of: current)
        }
        return scope  // which canSpend rules out
    }

    /// The name of hard scope `scope` (`run`, `role:NAME`, `agent:NAME[K]`).
    func name(ofHardScope scope: Int) -> String { hard.name(of: scope) }

    /// The 100% alert of a hard-stop scope whose next call was refused. The refused spend never
    /// crosses the limit, so the tree itself never raises this alert. Once per scope: `nil` after
    /// the first time.
    mutating func limitReachedAlert(_ scope: Int, at t: SimTime) -> BudgetAlert? {
        guard limitReached.insert(scope).inserted else { return nil }
        return BudgetAlert(
            scope: scope, scopeName: hard.name(of: scope), metric: .usd, fraction: 1, time: t,
            spent: hard.spentUSD(scope), limit: limitUSD[scope] ?? 0)
    }

    /// Commits an admitted call of `agent` to every scope above it, hard first. Returns the alerts
    /// it crosses, in the order they fire.
    mutating func charge(agent: Int, usd: Double, tokens: Int64, at t: SimTime) -> [BudgetAlert] {
        var alerts: [BudgetAlert] = []
        if let scope = hardScopeOfAgent[agent] {
            alerts += hard.spend(scope: scope, usd: usd, tokens: tokens, at: t)
        }
        if let scope = softScopeOfAgent[agent] {
            alerts += soft.spend(scope: scope, usd: usd, tokens: tokens, at: t)
        }
        return alerts
    }
}
