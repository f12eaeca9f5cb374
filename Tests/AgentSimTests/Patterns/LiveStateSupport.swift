@testable import AgentSim

/// Runs a pattern's coordinator to the end of a run and hands it back, so that tests can read the
/// per-job state it still holds (``LiveStateReporting``).
enum LiveStateSupport {
    /// One replication of `scenario` with its own pattern, invariants checked, run as
    /// ``PatternDefinition/runOnce(_:replication:trace:)`` runs it.
    static func run<D: PatternDefinition>(_ definition: D.Type, _ scenario: Scenario) -> (
        coordinator: D.PatternCoordinator, summary: RunSummary, violations: [Violation]
    ) {
        var checked = scenario
        checked.checkInvariants = true
        let parameters = checked.pattern.parameters
        let fleet = Fleet(scenario: checked, excludedRoles: Set(D.coordinatingRoles(parameters)))
        var engine = Engine(scenario: checked, seed: checked.seed, fleet: fleet) {
            D.makeCoordinator(parameters, &$0)
        }
        engine.run(until: .zero + checked.limits.until, maxEvents: checked.limits.maxEvents)
        let summary = engine.summary(
            scenario: checked.name, replication: 0, seed: checked.seed,
            coordinatorRole: D.coordinatingRoles(parameters).first)
        return (engine.coordinator, summary, engine.ctx.violations)
    }

    /// ``LiveStateReporting/liveStateCount`` of the coordinator after a run of `scenario`, with the
    /// run's summary; `nil` when the coordinator does not report it.
    static func liveState(_ scenario: Scenario) -> (count: Int?, summary: RunSummary, violations: [Violation])
    {
        func open<D: PatternDefinition>(_ d: D.Type) -> (Int?, RunSummary, [Violation]) {
            let (coordinator, summary, violations) = run(d, scenario)
            return ((coordinator as? any LiveStateReporting)?.liveStateCount, summary, violations)
        }
        return open(scenario.pattern.definition)
    }
}
