import AgentSimSpec

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
        scenario.pattern.definition.runReplication(scenario, replication: replication)
    }
}
