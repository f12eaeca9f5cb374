import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim sweep` and `merge` in process on real scenario files: the rows are `run`'s rows, bad
/// input writes nothing, shards merge into the unsharded bytes, and foreign folders are refused.
@Suite struct CLISweepTests {
    /// An M/M/c-style pool: one skill, exponential service, no coordination calls.
    static let scenarioJSON = """
        {
          "name": "sweep-pool",
          "seed": 21,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "1.5/s" },
            "jobs": 300,
            "job": { "steps": [ { "name": "serve", "skill": "serve" } ] }
          },
          "agents": {
            "server": { "count": 2, "skills": ["serve"], "latency": { "dist": "exponential", "mean": "1s" } }
          },
          "pattern": { "type": "pipeline" }
        }
        """

    /// A folder holding `scenario.json`.
    static func workspace() throws -> String {
        let directory = CLITestSupport.makeDirectory()
        try AtomicFile.write(scenarioJSON, to: "\(directory)/scenario.json")
        return directory
    }

    static func agentsim(_ arguments: [String]) -> CLIResult {
        CLITestSupport.run(arguments, environment: .live)
    }

    static let outputs = ["sweep.csv", "stats.csv", "analysis.csv"]

    /// Replication r of a point is `run`'s replication r with the point's `--set` values: the
    /// sweep rows, without their leading `point` and path columns, are run's summary rows byte for
    /// byte, and likewise the stats rows.
    @Test func pointRowsAreRunRows() throws {
        let dir = try Self.workspace()
        let sweep = Self.agentsim([
            "sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2,3", "--vary",
            "workload.arrivals.rate=1/s,90/min", "--replications", "3", "--out", "\(dir)/sweep",
        ])
        #expect(sweep.code == 0, "\(sweep.stderr)")
        let rows = try #require(CLITestSupport.read("\(dir)/sweep/sweep.csv")).split(separator: "\n")
        let stats = try #require(CLITestSupport.read("\(dir)/sweep/stats.csv")).split(separator: "\n")
        let grid = [("2", "1/s"), ("2", "90/min"), ("3", "1/s"), ("3", "90/min")]
        for (point, (count, rate)) in grid.enumerated() {
            let out = "\(dir)/run\(point)"
            let run = Self.agentsim([
                "run", "\(dir)/scenario.json", "--set", "agents.server.count=\(count)", "--set",
                "workload.arrivals.rate=\(rate)", "--replications", "3", "--out", out,
            ])
            #expect(run.code == 0, "\(run.stderr)")
            let summary = try #require(CLITestSupport.read("\(out)/summary.csv")).split(separator: "\n")
            let runStats = try #require(CLITestSupport.read("\(out)/stats.csv")).split(separator: "\n")
            let prefix = "\(point),\(count),\(rate),"
            #expect(rows[0] == "point,agents.server.count,workload.arrivals.rate," + summary[0])
            let pointRows = rows.filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) }
            let pointStats = stats.filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) }
            #expect(pointRows == Array(summary.dropFirst()))
            #expect(pointStats == Array(runStats.dropFirst()))
        }
        #expect(rows.count == 1 + 4 * 3)
        #expect(sweep.stdout.contains("knee"))
    }

    /// With `--precision`, each point stops where `run --precision` stops for it alone.
    @Test func precisionIsDecidedPerPointAsRunDecidesIt() throws {
        let dir = try Self.workspace()
        let precision = [
            "--precision", "0.05:throughput_per_s", "--replications", "2", "--max-replications", "40",
        ]
        let sweep = Self.agentsim(
            ["sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2,4", "--out", "\(dir)/sweep"]
                + precision)
        #expect(sweep.code == 0, "\(sweep.stderr)")
        let rows = try #require(CLITestSupport.read("\(dir)/sweep/sweep.csv")).split(separator: "\n")
        var counts: [Int] = []
        for (point, count) in ["2", "4"].enumerated() {
            let out = "\(dir)/run\(point)"
            let run = Self.agentsim(
                ["run", "\(dir)/scenario.json", "--set", "agents.server.count=\(count)", "--out", out]
                    + precision)
            #expect(run.code == 0, "\(run.stderr)")
            let summary = try #require(CLITestSupport.read("\(out)/summary.csv")).split(separator: "\n")
            let prefix = "\(point),\(count),"
            #expect(
                rows.filter { $0.hasPrefix(prefix) }.map { $0.dropFirst(prefix.count) }
                    == Array(summary.dropFirst()))
            counts.append(summary.count - 1)
        }
        #expect(counts.allSatisfy { $0 >= 2 })
    }

    /// A value or path the scenario rejects is exit 2 before any run, naming the --vary point and
    /// the path, and nothing is written.
    @Test(arguments: [
        ("agents.server.count=2,x", "agents.server.count"),
        ("agents.nosuch.count=1,2", "nosuch"),
        ("agents.server.count=1..3:0", "not positive"),
        ("pattern.type=pipeline,hub_and_spoke", "cannot run this scenario"),
    ])
    func badVaryWritesNothing(vary: String, fragment: String) throws {
        let dir = try Self.workspace()
        let result = Self.agentsim(["sweep", "\(dir)/scenario.json", "--vary", vary, "--out", "\(dir)/out"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("--vary"), "\(result.stderr)")
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/out"))
    }

    @Test func badSLOAndShardAreUsageErrors() throws {
        let dir = try Self.workspace()
        for extra in [
            ["--slo-max", "latency_p99=3"], ["--shard", "3/3"], ["--slo-min", "throughput_per_s=fast"],
        ] {
            let result = Self.agentsim(
                ["sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2,3", "--out", "\(dir)/out"]
                    + extra)
            #expect(result.code == 2, "\(extra)")
            #expect(!CLITestSupport.exists("\(dir)/out"))
        }
    }

    /// Shards 0..<N merged, in any order, are the unsharded sweep byte for byte, for N below and
    /// above the grid's 4 points (shard 4 of 5 is empty).
    @Test(arguments: [3, 5])
    func mergeEqualsUnsharded(shards: Int) throws {
        let dir = try Self.workspace()
        let base = [
            "sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2..5", "--replications", "2",
            "--slo-max", "latency_p99_s=10s",
        ]
        #expect(Self.agentsim(base + ["--out", "\(dir)/whole"]).code == 0)
        for i in 0..<shards {
            let result = Self.agentsim(base + ["--shard", "\(i)/\(shards)", "--out", "\(dir)/s\(i)"])
            #expect(result.code == 0, "\(result.stderr)")
            #expect(!CLITestSupport.exists("\(dir)/s\(i)/sweep.csv"))
        }
        let folders = (0..<shards).reversed().map { "\(dir)/s\($0)" }
        let merged = Self.agentsim(["merge"] + folders + ["--out", "\(dir)/merged"])
        #expect(merged.code == 0, "\(merged.stderr)")
        for name in Self.outputs {
            let whole = try #require(CLITestSupport.read("\(dir)/whole/\(name)"))
            #expect(CLITestSupport.read("\(dir)/merged/\(name)") == whole, "\(name)")
        }
    }

    /// Missing, duplicated, foreign and unfinished shards are exit 2 naming what is wrong, and
    /// the output folder is not created.
    @Test func mergeRefusesBadShardSets() throws {
        let dir = try Self.workspace()
        let base = [
            "sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2..7", "--replications", "2",
        ]
        for i in 0..<3 {
            #expect(Self.agentsim(base + ["--shard", "\(i)/3", "--out", "\(dir)/s\(i)"]).code == 0)
        }
        let foreign = Self.agentsim(
            base + ["--set", "workload.jobs=200", "--shard", "1/3", "--out", "\(dir)/foreign"])
        #expect(foreign.code == 0)
        let cases: [([String], String)] = [
            (["\(dir)/s0", "\(dir)/s2"], "missing 1 of 3 shards: 1/3"),
            (["\(dir)/s0", "\(dir)/s1", "\(dir)/s1", "\(dir)/s2"], "shard 1/3 given twice"),
            (["\(dir)/s0", "\(dir)/foreign", "\(dir)/s2"], "a shard of another sweep"),
            (["\(dir)/s0", "\(dir)/nowhere"], "not a sweep folder"),
        ]
        for (folders, fragment) in cases {
            let result = Self.agentsim(["merge"] + folders + ["--out", "\(dir)/merged"])
            #expect(result.code == 2)
            #expect(result.stderr.contains(fragment), "\(result.stderr)")
            #expect(!CLITestSupport.exists("\(dir)/merged"))
        }
        try FileManager.default.removeItem(atPath: SweepFiles.rowsPath(1, in: "\(dir)/s1"))
        let unfinished = Self.agentsim([
            "merge", "\(dir)/s0", "\(dir)/s1", "\(dir)/s2", "--out", "\(dir)/merged",
        ])
        #expect(unfinished.code == 2)
        #expect(unfinished.stderr.contains("shard 1/3 is incomplete: 1 of 2 points"), "\(unfinished.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/merged"))
        // Finishing the shard (its own command again) makes the merge work.
        #expect(
            Self.agentsim(base + ["--shard", "1/3", "--out", "\(dir)/s1"]).stderr.contains("resuming: 1 of 2")
        )
        #expect(
            Self.agentsim(["merge", "\(dir)/s0", "\(dir)/s1", "\(dir)/s2", "--out", "\(dir)/merged"]).code
                == 0)
    }

    /// The same command again skips every finished point and writes the same bytes; another grid,
    /// scenario or shard in the same folder is refused and leaves it as it was.
    @Test func resumeAndRefuseAnotherSweep() throws {
        let dir = try Self.workspace()
        let command = [
            "sweep", "\(dir)/scenario.json", "--vary", "agents.server.count=2,3", "--out", "\(dir)/out",
        ]
        #expect(Self.agentsim(command).code == 0)
        let before = try #require(CLITestSupport.read("\(dir)/out/sweep.csv"))
        let again = Self.agentsim(command)
        #expect(again.code == 0)
        #expect(again.stderr.contains("resuming: 2 of 2 points"))
        #expect(CLITestSupport.read("\(dir)/out/sweep.csv") == before)
        for extra in [
            ["--vary", "workload.jobs=100,200"], ["--set", "workload.jobs=100"], ["--shard", "0/2"],
            ["--replications", "2"],
        ] {
            let other = Self.agentsim(command + extra)
            #expect(other.code == 2, "\(extra)")
            #expect(other.stderr.contains("never mixed"), "\(other.stderr)")
            #expect(CLITestSupport.read("\(dir)/out/sweep.csv") == before)
        }
    }
}
