import AgentSimKernel
import AgentSimSpec

extension ScenarioRunner {
    /// Runs replication `replication` of `scenario` (seed `scenario.seed &+ replication`) with your
    /// own coordinator instead of the scenario's pattern: the one run recipe behind
    /// ``ChaosRunner/custom(_:excludedRoles:coordinatorRole:makeCoordinator:)`` and
    /// ``Gate/replication(excludedRoles:coordinatorRole:makeCoordinator:)``, reporting through
    /// ``Engine/result(scenario:replication:seed:coordinatorRole:)`` like a built-in pattern.
    ///
    /// - Parameters:
    ///   - scenario: The scenario (its `pattern` is not used, except for a `max_depth` limit).
    ///   - replication: The replication index.
    ///   - excludedRoles: Roles left out of the skill pools (roles that only coordinate).
    ///   - coordinatorRole: The role reported as the coordinator's in the summary, if any.
    ///   - makeCoordinator: Builds the coordinator of the run against its context.
    /// - Returns: The run's summary, ledger, time series, alerts, violations and failures.
    public static func detailedRun<C: Coordinator>(
        _ scenario: Scenario, replication: Int, excludedRoles: Set<String>, coordinatorRole: String?,
        makeCoordinator: (inout CoordinationContext) -> C
    ) -> RunResult {
        let seed = scenario.seed &+ UInt64(replication)
        let fleet = Fleet(scenario: scenario, excludedRoles: excludedRoles)
        var engine = Engine(scenario: scenario, seed: seed, fleet: fleet, makeCoordinator: makeCoordinator)
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        return engine.result(
            scenario: scenario.name, replication: replication, seed: seed, coordinatorRole: coordinatorRole)
    }
}
