import AgentSim
import Foundation

/// `agentsim sweep SCENARIO --vary PATH=LIST [--vary ...] [--replications N] [--shard I/N | auto/N]
/// [--slo-max METRIC=X]... [--slo-min METRIC=X]... [--out DIR]` (ARCHITECTURE.md §7).
struct SweepCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "sweep",
            abstract:
                "Run a scenario over a grid of values; find the knee and the cheapest point within the SLOs.",
            discussion: """
                Each --vary PATH=LIST gives one axis (LIST is a,b,c, A..B or A..B:STEP, values as --set \
                takes them; pattern.type varies the pattern as compare adapts it). The grid is every \
                combination, the first --vary varying slowest. Every point is decoded and validated \
                before anything runs. Replication r of a point is run's replication r of the scenario \
                with that point's --set values. Each finished point is kept at once in DIR/points/, so \
                the same command after an interruption resumes; another scenario, grid or option in \
                the same folder is refused. DIR/sweep.csv has a row per point and replication, \
                DIR/stats.csv (with 2+ replications) the intervals per point, DIR/analysis.csv the \
                knee, saturation and SLO verdict per point. With --shard, only the shard's points run \
                and `merge` joins the shards' folders into the same files.
                """,
            arguments: [ArgumentDeclaration(name: "scenario", help: "The scenario file (JSON).")],
            options: [
                .repeating(
                    "vary", valueName: "path=list",
                    help: "An axis of the grid: a,b,c | A..B | A..B:STEP, e.g. agents.worker.count=2..24:2."),
                .repeating(
                    "set", valueName: "path=value",
                    help: "Override a scenario value at every point, e.g. workload.arrivals.rate=40/min."),
                .single(
                    "seed", valueName: "n", help: "The root seed of replication 0.",
                    default: "the scenario's seed"),
                .single(
                    "replications", valueName: "n",
                    help: "Replications per point (1...\(RunCommand.maxReplications)).",
                    default: "the scenario's run.replications"),
                .single(
                    "shard", valueName: "i/n",
                    help: "Run shard i of n (points i, i + n, ...); auto/n reads i from "
                        + Shard.indexVariables.joined(separator: ", ") + "."),
                .repeating(
                    "slo-max", valueName: "metric=x",
                    help:
                        "A point is feasible only if the mean of this summary column is at most x (units allowed)."
                ),
                .repeating(
                    "slo-min", valueName: "metric=x",
                    help: "A point is feasible only if the mean is at least x."),
                .single(
                    "out", valueName: "dir", help: "The sweep folder.",
                    default: "results/<scenario name>/sweep/"),
            ] + StatisticsOptions.declarations + [ReportCommand.flag]
        )
    }

    var scenarioPath: String
    var grid: SweepGrid
    var overrides: [String]
    var seed: UInt64?
    var replications: Int?
    var shard: Shard
    var slos: [SweepSLO]
    var outputDirectory: String?
    var statistics: StatisticsOptions
    /// `--report`.
    var report: Bool

    init(parsed: ParsedValues) throws(UsageError) {
        scenarioPath = try parsed.argument("scenario")
        overrides = parsed.values("set")
        seed = try parsed.value("seed")
        replications = try parsed.value("replications")
        outputDirectory = try parsed.value("out")
        statistics = try StatisticsOptions(parsed: parsed)
        report = parsed.flag("report")
        let shardText: String? = try parsed.value("shard")
        do throws(SweepError) {
            grid = try SweepGrid(parsing: parsed.values("vary"))
            shard =
                try shardText.map { text throws(SweepError) in
                    try Shard.parse(text, environment: ProcessInfo.processInfo.environment)
                } ?? .whole
            var slos: [SweepSLO] = []
            for text in parsed.values("slo-max") { slos.append(try SweepSLO(parsing: text, bound: .max)) }
            for text in parsed.values("slo-min") { slos.append(try SweepSLO(parsing: text, bound: .min)) }
            self.slos = slos
        } catch {
            throw UsageError(String(error.description.dropFirst("error: ".count)))
        }
    }

    func validate() throws(UsageError) {
        if let replications, !(1...RunCommand.maxReplications).contains(replications) {
            throw UsageError(
                "--replications must be in 1...\(RunCommand.maxReplications), got \(replications)")
        }
        try CommandContext.checkScenarioOptions(overrides: overrides, outputDirectory: outputDirectory)
        try statistics.validate(replications: replications)
    }

    /// How replications are chosen, as the manifest records it.
    var replicationRule: String {
        guard let target = statistics.precision else {
            return replications.map(String.init) ?? "run.replications"
        }
        return "precision \(CSV.format(target.relative)):\(target.metrics.joined(separator: ",")) first "
            + "\(replications.map(String.init) ?? "default") max \(statistics.cap)"
    }
}
