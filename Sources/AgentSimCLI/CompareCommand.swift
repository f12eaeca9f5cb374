import AgentSim

/// `agentsim compare SCENARIO.json [--patterns all|p1,p2,...] [--replications N] [--set PATH=VALUE]...
/// [--seed N] [--out DIR]`.
struct CompareCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "compare",
            abstract: "Run several coordination patterns on the identical workload and rank them.",
            discussion: """
                Every pattern runs on the same arrivals, step sizes and fan-outs (common random \
                numbers). A pattern the scenario was not written for gets defaults derived from its \
                agents, and the roles it needs but the scenario lacks (a coordinator, managers, human \
                reviewers, hybrid stages), each assumption printed on one line and written to \
                DIR/derived.csv; one that cannot apply is skipped with a one-line reason. One row per pattern \
                and replication goes to DIR/summary.csv, written atomically; the table ranks patterns \
                by mean throughput, then by cost per job. With two or more replications, stats.csv \
                holds every pattern's intervals and differences.csv the paired-t interval of each \
                metric's difference from the baseline (replication r of every pattern uses the same \
                seed); the table marks the patterns tied with the best.
                """,
            arguments: [ArgumentDeclaration(name: "scenario", help: "The scenario file (JSON).")],
            options: [
                .single(
                    "patterns", valueName: "list",
                    help:
                        "'all', or pattern names separated by commas (\(PatternRegistry.names.joined(separator: ", "))).",
                    default: "all"),
                .single(
                    "replications", valueName: "n",
                    help: "Replications per pattern (1...\(RunCommand.maxReplications)).",
                    default: "the scenario's run.replications"),
                .single(
                    "seed", valueName: "n", help: "The root seed of replication 0.",
                    default: "the scenario's seed"),
                .repeating(
                    "set", valueName: "path=value",
                    help: "Override a scenario value by its JSON path, e.g. agents.worker.count=8."),
                .single(
                    "out", valueName: "dir", help: "The folder that receives summary.csv.",
                    default: "results/<scenario name>/compare/"),
                .single(
                    "baseline", valueName: "pattern",
                    help: "The pattern differences.csv compares every other pattern with.",
                    default: "the best-ranked pattern"),
            ] + StatisticsOptions.declarations + [ReportCommand.flag]
        )
    }

    var scenarioPath: String
    var patterns: [String]
    var replications: Int?
    var seed: UInt64?
    var overrides: [String]
    var outputDirectory: String?
    var baseline: String?
    var statistics: StatisticsOptions
    /// `--report`.
    var report: Bool

    init(parsed: ParsedValues) throws(UsageError) {
        scenarioPath = try parsed.argument("scenario")
        let list: String = try parsed.value("patterns") ?? "all"
        patterns =
            list == "all"
            ? PatternRegistry.names : list.split(separator: ",").map { String($0).trimmingSpaces() }
        replications = try parsed.value("replications")
        seed = try parsed.value("seed")
        overrides = parsed.values("set")
        outputDirectory = try parsed.value("out")
        baseline = try parsed.value("baseline")
        statistics = try StatisticsOptions(parsed: parsed)
        report = parsed.flag("report")
    }

    func validate() throws(UsageError) {
        let known = PatternRegistry.names
        for name in patterns where !known.contains(name) {
            throw UsageError(
                "unknown pattern '\(name)'"
                    + (ClosestKey.suggestion(for: name, among: known).map { "; did you mean '\($0)'?" } ?? "")
                    + "; known: all, \(known.joined(separator: ", "))")
        }
        if patterns.isEmpty { throw UsageError("--patterns needs at least one pattern") }
        if let replications, !(1...RunCommand.maxReplications).contains(replications) {
            throw UsageError(
                "--replications must be in 1...\(RunCommand.maxReplications), got \(replications)")
        }
        try CommandContext.checkScenarioOptions(overrides: overrides, outputDirectory: outputDirectory)
        try statistics.validate(replications: replications)
        if let baseline, !patterns.contains(baseline) {
            throw UsageError(
                "--baseline '\(baseline)' is not among the compared patterns: \(patterns.joined(separator: ", "))"
            )
        }
    }

    func run(_ context: inout CommandContext) -> Int32 {
        guard let scenario = context.loadScenario(scenarioPath, overrides: overrides, seed: seed),
            let requested = context.replicationCount(
                replications, of: scenario, path: scenarioPath, precision: statistics),
            let base = context.outputDirectory(outputDirectory, for: scenario, suffix: "compare")
        else { return ExitCode.usage }
        let plan = PatternComparison(scenario: scenario, patterns: patterns)
        for skip in plan.skipped { context.print("skipped \(skip.pattern): \(skip.reason)") }
        for assumption in plan.assumptions { context.print(assumption.line) }
        guard !plan.entries.isEmpty else {
            context.printError("error: no requested pattern applies to \(scenarioPath)")
            return ExitCode.usage
        }
        if let baseline, !plan.entries.contains(where: { $0.scenario.pattern.name == baseline }) {
            context.printError(
                "error: --baseline \(baseline) does not apply to \(scenarioPath) (skipped above)")
            return ExitCode.usage
        }

        let clock = ContinuousClock()
        let started = clock.now
        let entries = plan.entries
        let grouped = context.runReplications(
            entries.map(\.scenario), count: requested, statistics: statistics)
        let results = grouped.flatMap { $0 }
        let count = grouped.first?.count ?? 0
        let runs = results.map(\.summary)
        let elapsed = clock.now - started
        guard
            context.checkMeasurementWindow(
                results, scenario: scenario, path: scenarioPath, overrides: overrides)
        else {
            return ExitCode.usage
        }
        let unsteady = context.reportAutomaticWarmups(results)

        let confidence = statistics.confidence
        let ranking = CompareTable.rank(
            runs, unsteady: unsteady, failures: CompareTable.topFailures(results),
            saturated: CompareTable.saturated(results, workload: scenario.workload), confidence: confidence)
        context.out.write(CompareTable.render(ranking, confidence: confidence))
        var extra: [(String, String)] = [
            ("derived.csv", DetailCSV.derived(plan.assumptions, scenario: scenario.name))
        ]
        if count >= 2, let reference = baseline ?? ranking.best {
            extra.append(("stats.csv", StatsCSV.text(for: runs, confidence: confidence)))
            extra.append(
                (
                    "differences.csv",
                    DifferencesCSV.text(for: runs, baseline: reference, confidence: confidence)
                ))
        }
        guard
            let path = RunCommand.writeOutputs(
                results, extra: extra, stale: ["stats.csv", "differences.csv"], to: base, &context)
        else { return ExitCode.usage }
        context.print("wrote \(path) (and \(RunCommand.otherFiles(extra)))")
        if report && !ReportCommand.write(base, scenarioPath: scenarioPath, &context) {
            return ExitCode.usage
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        context.printError(
            "ran \(entries.count) patterns × \(count) replications of \(scenario.name) in "
                + "\(TextTable.format(seconds, significantDigits: 3)) s (wall clock)")
        return ExitCode.success
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
