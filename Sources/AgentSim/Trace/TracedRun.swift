/// One replication run with the trace observer on: `agentsim run --trace` and `chaos --trace`.
public enum TracedRun {
    /// Runs replication `replication` of `scenario` with a recorder of its first `jobs` jobs after
    /// warm-up.
    ///
    /// The run is the same run as without tracing (the recorder only reads), so its result equals
    /// ``ScenarioRunner/detailedRun(_:replication:)``'s for a fixed warm-up; with `warmup: "auto"`
    /// the trace is of the run before truncation, its warm-up zero.
    /// `afterWarmup` false traces from the first job instead (a chaos seed: its faults strike
    /// from time zero, warm-up or not).
    /// - Returns: The run's result and the trace file's text.
    public static func run(_ scenario: Scenario, replication: Int, jobs: Int, afterWarmup: Bool = true) -> (
        result: RunResult, json: String
    ) {
        scenario.pattern.definition.tracedReplication(
            scenario, replication: replication, jobs: jobs, afterWarmup: afterWarmup)
    }
}

extension PatternDefinition {
    /// One run of `scenario` with a trace recorder attached (see ``TracedRun``).
    static func tracedReplication(_ scenario: Scenario, replication: Int, jobs: Int, afterWarmup: Bool) -> (
        result: RunResult, json: String
    ) {
        let seed = scenario.seed &+ UInt64(replication)
        let parameters = scenario.pattern.parameters
        let coordinating = coordinatingRoles(parameters)
        let fleet = Fleet(scenario: scenario, excludedRoles: Set(coordinating))
        var engine = Engine(scenario: scenario, seed: seed, fleet: fleet) { makeCoordinator(parameters, &$0) }
        let recorder = TraceRecorder(jobLimit: jobs, afterWarmup: afterWarmup)
        engine.ctx.trace = recorder
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let summary = engine.summary(
            scenario: scenario.name, replication: replication, seed: seed, coordinatorRole: coordinating.first
        )
        let result = RunResult(
            summary: summary, ledger: engine.ctx.settledLedger(), series: engine.ctx.series,
            alerts: engine.ctx.alertLog, violations: engine.ctx.violations,
            failureReasons: engine.ctx.failureCounts)
        let metadata = TraceWriter.Metadata(
            scenario: scenario.name, pattern: scenario.pattern.name, replication: replication, seed: seed,
            warmupNanos: afterWarmup ? engine.ctx.stats.warmup.nanos : 0)
        return (result, TraceWriter.json(recorder, fleet: engine.ctx.fleet, metadata: metadata))
    }
}
