import AgentSim

/// `agentsim check SCENARIO... [--baseline DIR] [--update] [--set PATH=VALUE]... [--tolerance METRIC=REL]...
/// [--markdown FILE] [--junit FILE]`: the CI gate (ARCHITECTURE.md §7).
struct CheckCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "check",
            abstract: "Hold each scenario's metrics to its recorded baseline: the CI gate.",
            discussion: """
                Runs every scenario's replications and compares its gated metrics, mean over the \
                replications both sides ran, with DIR/<scenario name>.baseline.csv. Higher is better \
                for \(Self.names(.higherIsBetter)); lower is better for \(Self.names(.lowerIsBetter)), \
                and for a coordinator's own metrics as it declares. The same scenario, seed and \
                version give the same bytes, so the default tolerance is 0: any worsening fails. \
                Improvements pass and print the command that accepts them; a scenario changed since \
                its baseline is reported as such. With 2 or more replications each change shows its \
                paired 95% interval (replication r against replication r: the same seeds) and the \
                run-to-run spread. --update records the baselines instead.

                Exit codes: 0 no metric got worse beyond its tolerance; 1 a regression; 2 a missing \
                or foreign baseline, or bad input (nothing is written then).
                """,
            arguments: [
                ArgumentDeclaration(name: "scenario", help: "The scenario files (JSON).", arity: .oneOrMore)
            ],
            options: [
                .single(
                    "baseline", valueName: "dir", help: "The folder of baseline files.",
                    default: Gate.defaultDirectory + "/"),
                .flag("update", help: "Record (or re-record) the baselines instead of comparing."),
                .repeating(
                    "set", valueName: "path=value",
                    help: "Override a value of every scenario by its JSON path, e.g. agents.worker.count=8."),
                .repeating(
                    "tolerance", valueName: "metric=rel",
                    help:
                        "Allow METRIC to get worse by REL of its baseline (0.05 or 5%), e.g. latency_p99_s=2%."
                ),
                .single(
                    "markdown", valueName: "file",
                    help: "Also write the report as Markdown (a CI step summary)."),
                .single(
                    "junit", valueName: "file",
                    help: "Also write JUnit XML: a test case per scenario × metric."),
            ]
        )
    }

    /// The metric names of `direction`, for the help text.
    static func names(_ direction: MetricDirection) -> String {
        GatedMetric.builtIn.filter { $0.direction == direction }.map(\.name).joined(separator: ", ")
    }

    var scenarioPaths: [String]
    var baselineDirectory: String
    var update: Bool
    var overrides: [String]
    var tolerances: [String: Double]
    var markdownPath: String?
    var junitPath: String?

    init(parsed: ParsedValues) throws(UsageError) {
        scenarioPaths = parsed.argumentValues("scenario")
        baselineDirectory = try parsed.value("baseline") ?? Gate.defaultDirectory
        update = parsed.flag("update")
        overrides = parsed.values("set")
        tolerances = try Self.tolerances(parsed.values("tolerance"))
        markdownPath = try parsed.value("markdown")
        junitPath = try parsed.value("junit")
    }

    /// `METRIC=REL` assignments: REL a fraction ≥ 0 or a percentage (`5%`).
    static func tolerances(_ assignments: [String]) throws(UsageError) -> [String: Double] {
        var result: [String: Double] = [:]
        for assignment in assignments {
            let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw UsageError(
                    "--tolerance expects METRIC=REL, e.g. latency_p99_s=0.02; got '\(assignment)'")
            }
            var text = parts[1]
            let percent = text.hasSuffix("%")
            if percent { text.removeLast() }
            guard let value = Double(text), value.isFinite, value >= 0 else {
                throw UsageError(
                    "--tolerance \(parts[0]): '\(parts[1])' is not a fraction ≥ 0 (0.05) or a percentage (5%)"
                )
            }
            result[parts[0]] = percent ? value / 100 : value
        }
        return result
    }

    func validate() throws(UsageError) {
        if baselineDirectory.isEmpty { throw UsageError("--baseline needs a folder name") }
        for (option, path) in [("--markdown", markdownPath), ("--junit", junitPath)]
        where path?.isEmpty == true {
            throw UsageError("\(option) needs a file name")
        }
        if update && !tolerances.isEmpty {
            throw UsageError("--tolerance applies to a check, not to --update")
        }
        try CommandContext.checkScenarioOptions(overrides: overrides, outputDirectory: nil)
    }

    func run(_ context: inout CommandContext) -> Int32 {
        var scenarios: [Scenario] = []
        for path in scenarioPaths {
            guard let scenario = context.loadScenario(path, overrides: overrides, seed: nil),
                context.replicationCount(nil, of: scenario, path: path) != nil
            else { return ExitCode.usage }
            scenarios.append(scenario)
        }
        var names: [String: String] = [:]
        for (scenario, path) in zip(scenarios, scenarioPaths) {
            if let other = names.updateValue(path, forKey: scenario.name) {
                context.printError(
                    "error: \(other) and \(path) are both scenario '\(scenario.name)'; a baseline is per scenario name"
                )
                return ExitCode.usage
            }
        }
        let runs = Self.runAll(scenarios, context.environment.runReplication)
        return update ? record(scenarios, runs, &context) : compare(scenarios, runs, &context)
    }

    /// Every replication of every scenario, in parallel across both, grouped back by scenario.
    static func runAll(_ scenarios: [Scenario], _ replication: @escaping Gate.Replication) -> [[RunSummary]] {
        let jobs = scenarios.indices.flatMap { s in (0..<scenarios[s].limits.replications).map { (s, $0) } }
        let frozen = scenarios
        let results = ParallelRuns.map(count: jobs.count) { i in
            replication(frozen[jobs[i].0], jobs[i].1).summary
        }
        var grouped = scenarios.map { _ in [RunSummary]() }
        for (i, job) in jobs.enumerated() { grouped[job.0].append(results[i]) }
        return grouped
    }
}
