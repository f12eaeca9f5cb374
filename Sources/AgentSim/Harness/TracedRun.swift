import AgentSimSpec

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
        let recorder = TraceRecorder(jobLimit: jobs, afterWarmup: afterWarmup)
        let run = runOnce(scenario, replication: replication) { $0.trace = recorder }
        let metadata = TraceWriter.Metadata(
            scenario: scenario.name, pattern: scenario.pattern.name, replication: replication, seed: seed,
            warmupNanos: afterWarmup ? run.warmup.nanos : 0)
        return (run.result, TraceWriter.json(recorder, fleet: run.fleet, metadata: metadata))
    }
}
