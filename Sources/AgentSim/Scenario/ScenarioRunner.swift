/// Runs scenarios: the one code path behind `agentsim run` and the `mmc` benchmark.
public enum ScenarioRunner {
    /// Runs replication `replication` of `scenario` with seed `scenario.seed + replication`.
    public static func run(_ scenario: Scenario, replication: Int) -> RunSummary {
        fatalError("TODO(lead)")
    }
}
