/// Runs scenarios: the one code path behind `agentsim run` and the `mmc` benchmark.
public enum ScenarioRunner {
    /// Runs replication `replication` of `scenario` with seed `scenario.seed &+ replication`.
    ///
    /// Runs share nothing mutable, so replications may run on different threads at once.
    public static func run(_ scenario: Scenario, replication: Int) -> RunSummary {
        let seed = scenario.seed &+ UInt64(replication)
        switch scenario.pattern {
        case .pipeline(let spec):
            let fleet = Fleet(scenario: scenario)
            var engine = Engine(
                scenario: scenario, seed: seed, fleet: fleet, coordinator: Pipeline(spec: spec))
            return finish(&engine, scenario, replication, seed, coordinatorRole: nil)
        case .hubAndSpoke(let spec):
            let fleet = Fleet(scenario: scenario, excludedRoles: [spec.coordinator])
            var engine = Engine(scenario: scenario, seed: seed, fleet: fleet) {
                HubAndSpoke(spec: spec, ctx: &$0)
            }
            return finish(&engine, scenario, replication, seed, coordinatorRole: spec.coordinator)
        }
    }

    private static func finish<C: Coordinator>(
        _ engine: inout Engine<C>, _ scenario: Scenario, _ replication: Int, _ seed: UInt64,
        coordinatorRole: String?
    ) -> RunSummary {
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        return engine.summary(
            scenario: scenario.name, replication: replication, seed: seed, coordinatorRole: coordinatorRole)
    }
}
