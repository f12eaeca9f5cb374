import AgentSimMetrics
import AgentSimSpec

/// The gate for a coordinator of your own that is not registered as a pattern.
extension Gate {
    /// A replication that runs your coordinator on a scenario (its `pattern` is not used).
    ///
    /// - Parameters:
    ///   - excludedRoles: Roles left out of the skill pools (roles that only coordinate).
    ///   - coordinatorRole: The role reported as the coordinator's in the summary, if any.
    ///   - makeCoordinator: Builds the coordinator of one run against its context.
    public static func replication<C: Coordinator & SendableMetatype>(
        excludedRoles: Set<String> = [], coordinatorRole: String? = nil,
        makeCoordinator: @escaping @Sendable (inout CoordinationContext) -> C
    ) -> Replication {
        { scenario, replication in
            ScenarioRunner.detailedRun(
                scenario, replication: replication, excludedRoles: excludedRoles,
                coordinatorRole: coordinatorRole, makeCoordinator: makeCoordinator)
        }
    }

    /// Runs your coordinator on `scenario` and compares it with the baseline in `directory`.
    public static func check<C: Coordinator & SendableMetatype>(
        _ scenario: Scenario, baselineDirectory directory: String = defaultDirectory,
        tolerances: [String: Double] = [:], excludedRoles: Set<String> = [], coordinatorRole: String? = nil,
        makeCoordinator: @escaping @Sendable (inout CoordinationContext) -> C
    ) -> GateResult {
        check(
            scenario, baselineDirectory: directory, tolerances: tolerances,
            replication: replication(
                excludedRoles: excludedRoles, coordinatorRole: coordinatorRole,
                makeCoordinator: makeCoordinator))
    }

    /// Runs your coordinator on `scenario` and records its baseline in `directory`.
    @discardableResult
    public static func record<C: Coordinator & SendableMetatype>(
        _ scenario: Scenario, baselineDirectory directory: String = defaultDirectory,
        excludedRoles: Set<String> = [], coordinatorRole: String? = nil,
        makeCoordinator: @escaping @Sendable (inout CoordinationContext) -> C
    ) throws(AtomicFileError) -> Baseline {
        try record(
            scenario, baselineDirectory: directory,
            replication: replication(
                excludedRoles: excludedRoles, coordinatorRole: coordinatorRole,
                makeCoordinator: makeCoordinator))
    }
}
