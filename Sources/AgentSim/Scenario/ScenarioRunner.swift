/// Runs scenarios: the one code path behind `agentsim run` and the `mmc` benchmark.
public enum ScenarioRunner {
    /// Runs replication `replication` of `scenario` with seed `scenario.seed &+ replication`.
    ///
    /// Runs share nothing mutable, so replications may run on different threads at once.
    public static func run(_ scenario: Scenario, replication: Int) -> RunSummary {
        detailedRun(scenario, replication: replication).summary
    }

    /// Runs replication `replication` and returns its summary, cost ledger and time series.
    public static func detailedRun(_ scenario: Scenario, replication: Int) -> RunResult {
        run(scenario, replication: replication, pattern: scenario.pattern.definition)
    }

    /// Opens the pattern's definition so the engine is specialised for its concrete coordinator.
    private static func run<P: PatternDefinition>(
        _ scenario: Scenario, replication: Int, pattern: P.Type
    ) -> RunResult {
        let seed = scenario.seed &+ UInt64(replication)
        let parameters = scenario.pattern.parameters
        let coordinating = P.coordinatingRoles(parameters)
        let fleet = Fleet(scenario: scenario, excludedRoles: Set(coordinating))
        var engine = Engine(scenario: scenario, seed: seed, fleet: fleet) {
            P.makeCoordinator(parameters, &$0)
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let summary = engine.summary(
            scenario: scenario.name, replication: replication, seed: seed, coordinatorRole: coordinating.first
        )
        return RunResult(summary: summary, ledger: engine.ctx.settledLedger(), series: engine.ctx.series)
    }
}
