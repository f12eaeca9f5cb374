/// Which patterns a comparison runs on one scenario, and which it skips and why.
///
/// Every pattern runs on the identical workload: the scenario is copied with only its `pattern`
/// replaced, so arrivals, step sizes and fan-outs come from the same named streams with the same
/// seeds (common random numbers). A pattern that needs parameters the scenario lacks gets the
/// defaults its definition derives (``PatternDefinition/adapt(to:)``); one that cannot apply, or
/// whose adapted scenario does not validate, is skipped with a one-line reason.
public struct PatternComparison: Sendable {
    /// A pattern that runs, on its adapted copy of the scenario.
    public struct Entry: Sendable {
        /// The pattern's name.
        public var pattern: String
        /// The scenario with this pattern.
        public var scenario: Scenario
    }

    /// A pattern that does not run, and why.
    public struct Skip: Sendable, Hashable {
        /// The pattern's name.
        public var pattern: String
        /// One line.
        public var reason: String
    }

    /// The patterns that run, in the requested order.
    public var entries: [Entry] = []
    /// The patterns skipped, in the requested order.
    public var skipped: [Skip] = []

    /// Plans the comparison of `patterns` (names from ``PatternRegistry``) on `scenario`.
    public init(scenario: Scenario, patterns: [String]) {
        for name in patterns {
            guard let definition = PatternRegistry.definition(named: name) else {
                skipped.append(Skip(pattern: name, reason: "unknown pattern"))
                continue
            }
            switch definition.adapt(to: scenario) {
            case .inapplicable(let reason):
                skipped.append(Skip(pattern: name, reason: reason))
            case .parameters(let parameters):
                var adapted = scenario
                adapted.pattern = PatternSpec(name: name, parameters: parameters)
                do {
                    _ = try adapted.validate()
                    entries.append(Entry(pattern: name, scenario: adapted))
                } catch {
                    skipped.append(Skip(pattern: name, reason: error.message))
                }
            }
        }
    }
}
