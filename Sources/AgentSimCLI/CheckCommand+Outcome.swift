import AgentSim

/// What `check` does with the runs: record baselines, or compare and report.
extension CheckCommand {
    /// Writes a baseline per scenario.
    func record(_ scenarios: [Scenario], _ runs: [[RunSummary]], _ context: inout CommandContext) -> Int32 {
        for (scenario, scenarioRuns) in zip(scenarios, runs) {
            let baseline = Baseline(scenario: scenario, runs: scenarioRuns)
            let path = Gate.path(of: scenario.name, in: baselineDirectory)
            do {
                try AtomicFile.write(baseline.text, to: path)
            } catch {
                context.printError("error: \(error.description)")
                return ExitCode.usage
            }
            context.print(
                "recorded \(path) (\(baseline.entries.count) values, \(scenarioRuns.count) "
                    + (scenarioRuns.count == 1 ? "replication)" : "replications)"))
        }
        return ExitCode.success
    }

    /// Compares with the baselines, prints the table, writes the requested reports; exit 2 and
    /// nothing written when a scenario has no usable baseline.
    func compare(_ scenarios: [Scenario], _ runs: [[RunSummary]], _ context: inout CommandContext) -> Int32 {
        let results = zip(scenarios, runs).map { scenario, scenarioRuns in
            Gate.compare(
                scenario, runs: scenarioRuns, baselineDirectory: baselineDirectory, tolerances: tolerances)
        }
        let known = Set(GatedMetric.builtInNames + results.flatMap { $0.findings.map(\.metric.name) })
        for name in tolerances.keys.sorted() where !known.contains(name) {
            context.printError(
                "error: --tolerance \(name): no gated metric has this name"
                    + ClosestKey.didYouMean(name, among: Array(known).sorted())
                    + "; gated: " + GatedMetric.builtInNames.joined(separator: ", "))
            return ExitCode.usage
        }
        let report = GateReport(
            results: results, updateCommand: updateCommand(context.environment.programName))
        // Without a usable baseline there is nothing to report: say why on stderr, write nothing.
        let problems = results.compactMap { r in r.problem.map { (r.scenario, $0) } }
        guard problems.isEmpty else {
            // The command that fixes it records only the scenarios without a usable baseline: the
            // others' baselines are kept (results are in the order of scenarioPaths).
            let paths = zip(scenarioPaths, results).filter { $0.1.problem != nil }.map(\.0)
            let fix = GateReport(
                results: results, updateCommand: updateCommand(context.environment.programName, paths: paths))
            for (scenario, problem) in problems {
                context.printError("error: \(scenario): \(fix.explanation(problem))")
            }
            return ExitCode.usage
        }
        context.out.write(report.text)
        for (path, text) in [(markdownPath, report.markdown), (junitPath, report.junit)] {
            guard let path else { continue }
            do {
                try AtomicFile.write(text, to: path)
            } catch {
                context.printError("error: \(error.description)")
                return ExitCode.usage
            }
        }
        return report.exitCode
    }

    /// This command with `--update` (and without report and tolerance options): what records the
    /// baselines it compared with, or only those of `paths`.
    func updateCommand(_ program: String, paths: [String]? = nil) -> String {
        var words = [program, "check"] + (paths ?? scenarioPaths).map(ChaosCommand.shellQuoted)
        if baselineDirectory != Gate.defaultDirectory {
            words += ["--baseline", ChaosCommand.shellQuoted(baselineDirectory)]
        }
        for o in overrides { words += ["--set", ChaosCommand.shellQuoted(o)] }
        return (words + ["--update"]).joined(separator: " ")
    }
}
