import AgentSim

/// What every command that runs a scenario does first: load it, apply `--seed`, check the
/// replication count and pick the output folder. Each returns `nil` after printing the error
/// (the command then exits 2 and writes nothing).
extension CommandContext {
    /// Loads `path` with `overrides`, prints its warnings, and applies `seed`.
    mutating func loadScenario(_ path: String, overrides: [String], seed: UInt64?) -> Scenario? {
        do {
            let loaded = try environment.loadScenario(path, overrides)
            for warning in loaded.warnings { printError(warning.description) }
            var scenario = loaded.scenario
            // The document this scenario was decoded from, whatever the loader (tests use fakes).
            scenario.source = ScenarioSource(path: path, overrides: overrides)
            if let seed { scenario.seed = seed }
            return scenario
        } catch {
            printError(error.description)
            return nil
        }
    }

    /// `explicit`, or the scenario's `run.replications`, checked against the limit. With
    /// `--precision`, the first batch: `explicit`, or ``ParallelRuns/precisionBatch``.
    mutating func replicationCount(
        _ explicit: Int?, of scenario: Scenario, path: String, precision: StatisticsOptions? = nil
    ) -> Int? {
        if let precision, precision.precision != nil {
            return explicit ?? min(ParallelRuns.precisionBatch, precision.cap)
        }
        let count = explicit ?? scenario.limits.replications
        guard (1...RunCommand.maxReplications).contains(count) else {
            printError(
                "error: \(path): run.replications is \(count); expected 1...\(RunCommand.maxReplications)")
            return nil
        }
        return count
    }

    /// `explicit`, or `results/<scenario name>` (plus `/suffix`).
    mutating func outputDirectory(_ explicit: String?, for scenario: Scenario, suffix: String? = nil)
        -> String?
    {
        if let explicit { return explicit }
        let name = scenario.name
        guard !(name.isEmpty || name == "." || name == ".." || name.contains("/")) else {
            printError("error: the scenario name '\(name)' cannot be a folder name; choose one with --out")
            return nil
        }
        return "results/\(name)" + (suffix.map { "/\($0)" } ?? "")
    }

    /// The checks every scenario command makes of `--set` and `--out` before it runs.
    static func checkScenarioOptions(overrides: [String], outputDirectory: String?) throws(UsageError) {
        for assignment in overrides where !assignment.contains("=") || assignment.hasPrefix("=") {
            throw UsageError("--set expects PATH=VALUE, e.g. workload.jobs=1000; got '\(assignment)'")
        }
        if outputDirectory?.isEmpty == true { throw UsageError("--out needs a folder name") }
    }
}
