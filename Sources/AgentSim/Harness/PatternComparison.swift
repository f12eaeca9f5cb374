import AgentSimMetrics
import AgentSimSpec

/// Which patterns a comparison runs on one scenario, and which it skips and why.
///
/// Every pattern runs on the identical workload: the scenario is copied with its `pattern`
/// replaced, so arrivals, step sizes and fan-outs come from the same named streams with the same
/// seeds (common random numbers). A pattern that needs parameters or roles the scenario lacks gets
/// the ones its definition derives (``PatternDefinition/fit(to:)``): derived roles come after the
/// scenario's own, so no existing agent changes its index or its streams, and each derivation is
/// listed in ``assumptions``. One that cannot apply, or whose adapted scenario does not validate,
/// is skipped with a one-line reason.
public struct PatternComparison: Sendable {
    /// A pattern that runs, on its adapted copy of the scenario.
    public struct Entry: Sendable {
        /// The pattern's name.
        public var pattern: String
        /// The scenario with this pattern (and any roles derived for it).
        public var scenario: Scenario
        /// What was derived to run it (empty: the scenario had everything).
        public var assumptions: [DerivedAssumption] = []
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

    /// Every assumption of the patterns that run, in their order.
    public var assumptions: [DerivedAssumption] { entries.flatMap(\.assumptions) }

    /// Plans the comparison of `patterns` (names from ``PatternRegistry``) on `scenario`.
    public init(scenario: Scenario, patterns: [String]) {
        for name in patterns {
            guard let definition = PatternRegistry.definition(named: name) else {
                skipped.append(Skip(pattern: name, reason: "unknown pattern"))
                continue
            }
            switch definition.fit(to: scenario) {
            case .inapplicable(let reason):
                skipped.append(Skip(pattern: name, reason: reason))
            case .runs(let adapted, let assumptions):
                do {
                    _ = try adapted.validate()
                    entries.append(Entry(pattern: name, scenario: adapted, assumptions: assumptions))
                } catch {
                    skipped.append(Skip(pattern: name, reason: error.message))
                }
            }
        }
    }
}

extension DetailCSV {
    /// The columns of derived.csv.
    public static let derivedColumns = ["scenario", "pattern", "what", "value", "why"]

    /// derived.csv: one row per assumption `compare` made to run a pattern (header only when it
    /// made none).
    public static func derived(_ assumptions: [DerivedAssumption], scenario: String) -> String {
        var writer = CSVWriter(header: derivedColumns)
        for a in assumptions { writer.append([scenario, a.pattern, a.what, a.value, a.why]) }
        return writer.text
    }
}
