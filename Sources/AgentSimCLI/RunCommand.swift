import AgentSim

/// `agentsim run SCENARIO.json [--seed N] [--replications N] [--set PATH=VALUE]... [--out DIR] [--check]`.
struct RunCommand: ParsableCommand {
    /// Put a limit on everything: far more replications than anyone needs for a confidence interval.
    static let maxReplications = 100_000

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "run",
            abstract: "Run the replications of a scenario and write summary.csv.",
            discussion: """
                Replications run in parallel across cores; replication r uses seed + r. The table \
                goes to standard output and one row per replication to DIR/summary.csv, written \
                atomically. With two or more replications, stats.csv holds the mean, standard \
                deviation and Student-t interval of every numeric summary column. The same scenario \
                and seed give byte-identical CSV; wall-clock time goes to standard error only. On a \
                bad scenario or option nothing is written (exit code 2).
                """,
            arguments: [ArgumentDeclaration(name: "scenario", help: "The scenario file (JSON).")],
            options: [
                .single(
                    "seed", valueName: "n", help: "The root seed of replication 0; replication r uses n + r.",
                    default: "the scenario's seed"),
                .single(
                    "replications", valueName: "n",
                    help: "How many replications to run (1...\(maxReplications)).",
                    default: "the scenario's run.replications"),
                .repeating(
                    "set", valueName: "path=value",
                    help: "Override a scenario value by its JSON path, e.g. agents.worker.count=8."),
                .single(
                    "out", valueName: "dir", help: "The folder that receives summary.csv.",
                    default: "results/<scenario name>/"),
                .flag(
                    "check",
                    help: "Check the invariants after every event; print violations and exit 1 on any."),
            ] + StatisticsOptions.declarations + TraceOptions.declarations(replication: true)
                + [ReportCommand.flag]
        )
    }

    /// The scenario file.
    var scenarioPath: String
    /// Replaces the scenario's seed.
    var seed: UInt64?
    /// Replaces the scenario's replication count.
    var replications: Int?
    /// `--set` assignments, in order.
    var overrides: [String]
    /// The output folder.
    var outputDirectory: String?
    /// Whether to check invariants.
    var check: Bool
    /// `--confidence`.
    var statistics: StatisticsOptions
    /// `--trace`, `--trace-jobs`, `--trace-replication`.
    var trace: TraceOptions
    /// `--report`.
    var report: Bool

    init(parsed: ParsedValues) throws(UsageError) {
        scenarioPath = try parsed.argument("scenario")
        seed = try parsed.value("seed")
        replications = try parsed.value("replications")
        overrides = parsed.values("set")
        outputDirectory = try parsed.value("out")
        check = parsed.flag("check")
        statistics = try StatisticsOptions(parsed: parsed)
        trace = try TraceOptions(parsed: parsed)
        report = parsed.flag("report")
    }

    func validate() throws(UsageError) {
        if let replications, !(1...Self.maxReplications).contains(replications) {
            throw UsageError("--replications must be in 1...\(Self.maxReplications), got \(replications)")
        }
        try CommandContext.checkScenarioOptions(overrides: overrides, outputDirectory: outputDirectory)
        try statistics.validate(replications: replications)
        try trace.validate(replications: statistics.precision == nil ? replications : nil)
    }

    func run(_ context: inout CommandContext) -> Int32 {
        guard var scenario = context.loadScenario(scenarioPath, overrides: overrides, seed: seed),
            let requested = context.replicationCount(
                replications, of: scenario, path: scenarioPath, precision: statistics),
            let directory = context.outputDirectory(outputDirectory, for: scenario)
        else { return ExitCode.usage }
        scenario.checkInvariants = check

        let clock = ContinuousClock()
        let started = clock.now
        let results = context.runReplications([scenario], count: requested, statistics: statistics)[0]
        let count = results.count
        let runs = results.map(\.summary)
        let elapsed = clock.now - started
        guard
            context.checkMeasurementWindow(
                results, scenario: scenario, path: scenarioPath, overrides: overrides)
        else {
            return ExitCode.usage
        }
        _ = context.reportAutomaticWarmups(results)

        context.out.write(RunTable.render(runs, confidence: statistics.confidence))
        context.out.write(RunTable.failureLines(results))
        context.out.write(ChaosFaultCount.line(runs, scenario: scenario))
        let stats =
            count >= 2 ? [("stats.csv", StatsCSV.text(for: runs, confidence: statistics.confidence))] : []
        guard
            let path = Self.writeOutputs(results, extra: stats, stale: ["stats.csv"], to: directory, &context)
        else {
            return ExitCode.usage
        }
        context.print("wrote \(path) (and \(Self.otherFiles(stats)))")
        if trace.enabled {
            guard trace.replication < count else {
                context.printError(
                    "error: --trace-replication \(trace.replication) is not run: replications are 0...\(count - 1)"
                )
                return ExitCode.usage
            }
            guard
                TraceOptions.write(
                    scenario, replication: trace.replication, jobs: trace.jobs, folder: directory, &context)
            else { return ExitCode.usage }
        }
        if report && !ReportCommand.write(directory, scenarioPath: scenarioPath, &context) {
            return ExitCode.usage
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let noun = count == 1 ? "replication" : "replications"
        context.printError(
            "ran \(count) \(noun) of \(scenario.name) in \(TextTable.format(seconds, significantDigits: 3)) s "
                + "(wall clock)")
        guard check else { return ExitCode.success }
        var broken = 0
        for result in results where !result.violations.isEmpty {
            broken += 1
            for v in result.violations { context.print("replication \(result.summary.replication): \(v)") }
        }
        context.print(
            broken == 0
                ? "invariants held in every replication" : "invariants broke in \(broken) of \(count) \(noun)"
        )
        return broken == 0 ? ExitCode.success : ExitCode.checkFailed
    }

    /// The names of the files written besides summary.csv, for the "wrote" line.
    static func otherFiles(_ extra: [(String, String)]) -> String {
        (["costs.csv", "timeseries.csv", "alerts.csv", "failures.csv"] + extra.map(\.0)).joined(
            separator: ", ")
    }

    /// Writes summary.csv, costs.csv, timeseries.csv, alerts.csv and the `extra` (name, text) files
    /// into `directory`, each atomically, and removes the `stale` files this run did not write (a
    /// stats.csv left by an earlier run with more replications would contradict the new summary).
    /// - Returns: The summary's path, or `nil` after printing the error.
    static func writeOutputs(
        _ results: [RunResult], extra: [(String, String)] = [], stale: [String] = [], to directory: String,
        _ context: inout CommandContext
    ) -> String? {
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        let files =
            [
                ("summary.csv", SummaryCSV.text(for: results.map(\.summary))),
                ("costs.csv", DetailCSV.costs(results)), ("timeseries.csv", DetailCSV.series(results)),
                ("alerts.csv", DetailCSV.alerts(results)), ("failures.csv", DetailCSV.failures(results)),
            ] + extra
        for (name, text) in files {
            do {
                try AtomicFile.write(text, to: folder + name)
            } catch {
                context.printError("error: \(error.description)")
                return nil
            }
        }
        for name in stale where !extra.contains(where: { $0.0 == name }) { OutputFiles.remove(folder + name) }
        return folder + "summary.csv"
    }
}
