extension Engine {
    /// Everything this run reports, after ``run(until:maxEvents:)``: its summary row, its settled
    /// cost ledger, its time series, its alerts (budgets and `max_in_flight`), its violations and
    /// its failures by reason.
    ///
    /// The one place a finished engine becomes a ``RunResult``, so that a user's own coordinator
    /// (``ScenarioRunner/detailedRun(_:replication:excludedRoles:coordinatorRole:makeCoordinator:)``,
    /// the gate, chaos) reports exactly what a built-in pattern reports.
    ///
    /// - Parameters:
    ///   - scenario: The scenario's name.
    ///   - replication: The replication index.
    ///   - seed: The root seed the run used.
    ///   - coordinatorRole: The role whose utilisation is reported as the coordinator's, if any.
    /// - Returns: The run's result.
    public func result(scenario: String, replication: Int, seed: UInt64, coordinatorRole: String?)
        -> RunResult
    {
        RunResult(
            summary: summary(
                scenario: scenario, replication: replication, seed: seed, coordinatorRole: coordinatorRole),
            ledger: ctx.settledLedger(), series: ctx.series, alerts: ctx.alertLog, violations: ctx.violations,
            failureReasons: ctx.failureCounts)
    }
}
