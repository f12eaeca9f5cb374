@testable import AgentSim

/// Runs a pattern's coordinator to the end of a run and hands it back, so that tests can read the
/// per-job state it still holds (``LiveStateReporting``).
enum LiveStateSupport {
    /// What a run left in the runtime: agent slots still held and work attempts still recorded.
    struct Leftovers {
        var heldSlots: Int
        var attempts: Int
        var violations: [Violation]
    }

    /// One replication of `scenario` with its own pattern, invariants checked, run as
    /// ``PatternDefinition/runOnce(_:replication:trace:)`` runs it.
    static func run<D: PatternDefinition>(_ definition: D.Type, _ scenario: Scenario) -> (
        coordinator: D.PatternCoordinator, summary: RunSummary, violations: [Violation]
    ) {
        let (coordinator, summary, left) = runEngine(definition, scenario)
        return (coordinator, summary, left.violations)
    }

    /// The coordinator after a checked run of `scenario`, the run's summary and its leftovers.
    static func runEngine<D: PatternDefinition>(_ definition: D.Type, _ scenario: Scenario) -> (
        D.PatternCoordinator, RunSummary, Leftovers
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
        let left = Leftovers(
            heldSlots: engine.ctx.agents.reduce(0) { $0 + Int($1.held) },
            attempts: engine.ctx.attempts.liveCount,
            violations: engine.ctx.violations)
        return (engine.coordinator, summary, left)
    }

    /// What a run left: the coordinator's ``LiveStateReporting/liveStateCount`` (`nil` when it
    /// does not report one), the runtime's leftovers, and the run's summary.
    struct LiveState {
        var count: Int?
        var left: Leftovers
        var summary: RunSummary
    }

    /// What a run of `scenario` with its own pattern left.
    static func liveState(_ scenario: Scenario) -> LiveState {
        scenario.pattern.definition.liveStateAfterRun(scenario)
    }
}

extension PatternDefinition {
    /// ``LiveStateSupport/liveState(_:)`` for this pattern (a static requirement-free method, so the
    /// existential metatype calls it without being opened).
    static func liveStateAfterRun(_ scenario: Scenario) -> LiveStateSupport.LiveState {
        let (coordinator, summary, left) = LiveStateSupport.runEngine(Self.self, scenario)
        return LiveStateSupport.LiveState(
            count: (coordinator as? any LiveStateReporting)?.liveStateCount, left: left, summary: summary)
    }
}
