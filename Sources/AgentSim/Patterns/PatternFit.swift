import AgentSimSpec

/// One assumption `agentsim compare` made to run a pattern on a scenario written for another: a
/// role it added, a parameter it chose. Printed one per line and written to derived.csv.
public struct DerivedAssumption: Sendable, Hashable {
    /// The pattern that needed it.
    public var pattern: String
    /// What was derived, e.g. `role coordinator` or `stages`.
    public var what: String
    /// The value chosen, e.g. `1 agent × capacity 4 on model strong`.
    public var value: String
    /// Why, and from which default (one sentence).
    public var why: String

    /// Creates an assumption.
    public init(pattern: String, what: String, value: String, why: String) {
        self.pattern = pattern
        self.what = what
        self.value = value
        self.why = why
    }

    /// The line `compare` prints: `derived PATTERN: WHAT = VALUE (WHY)`.
    public var line: String { "derived \(pattern): \(what) = \(value) (\(why))" }
}

/// How a pattern runs on a scenario it was not written for: the scenario to run (the original with
/// its `pattern` replaced and, where the pattern needs roles the scenario lacks, those roles added
/// after the scenario's own, so every existing agent keeps its index and its random streams), or
/// why it cannot apply.
public enum PatternFit: Sendable, Hashable {
    /// Run `scenario`; `assumptions` lists what was derived (empty: nothing was).
    case runs(Scenario, assumptions: [DerivedAssumption])
    /// It cannot apply, for this reason (one line).
    case inapplicable(String)
}

extension PatternDefinition {
    /// The scenario with this pattern and the parameters ``adapt(to:)`` gives; no role is added.
    public static func fit(to scenario: Scenario) -> PatternFit { adaptedFit(to: scenario) }

    /// ``fit(to:)``'s default, for patterns that derive roles only when ``adapt(to:)`` cannot apply.
    public static func adaptedFit(to scenario: Scenario) -> PatternFit {
        switch adapt(to: scenario) {
        case .inapplicable(let reason):
            return .inapplicable(reason)
        case .parameters(let parameters):
            var adapted = scenario
            adapted.pattern = PatternSpec(name: name, parameters: parameters)
            return .runs(adapted, assumptions: [])
        }
    }

    /// `scenario` with this pattern and `parameters`, and the roles in `added` appended.
    static func derived(
        _ scenario: Scenario, parameters: PatternParameters, adding added: [AgentRoleSpec],
        _ assumptions: [DerivedAssumption]
    ) -> PatternFit {
        var adapted = scenario
        adapted.agents += added
        adapted.pattern = PatternSpec(name: name, parameters: parameters)
        return .runs(adapted, assumptions: assumptions)
    }

    /// Roles with skills some step needs: the agents that work.
    static func workingRoles(in scenario: Scenario) -> [AgentRoleSpec] {
        let needed = Set(scenario.workload.job.steps.map(\.skill))
        return scenario.agents.filter { !needed.isDisjoint(with: $0.skills) }
    }
}
