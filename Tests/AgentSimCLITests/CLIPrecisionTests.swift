import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `--precision`, `--max-replications` and `--threads`.
@Suite struct CLIPrecisionTests {
    /// A fake runner whose throughput is 1 + U(−0.5, 0.5), a fixed draw per replication (SplitMix64
    /// of the replication): the relative half-width falls as about 2.0·0.29/√n, so a 5% target needs
    /// roughly 130 replications. Latency and cost per job are constant (half-width 0).
    static func noisy() -> CommandEnvironment {
        var environment = CLITestSupport.fakeEnvironment()
        environment.runReplication = { scenario, replication in
            var summary = CLITestSupport.fakeSummary(scenario, replication)
            var rng = SplitMix64(seed: UInt64(replication))
            summary.throughputPerSecond = 0.5 + Double(rng.next() >> 11) * 0x1p-53
            return RunResult(summary: summary, ledger: Ledger(roles: [], prices: []), series: [])
        }
        return environment
    }

    /// The replication counts of the stderr progress lines.
    static func progress(_ stderr: String) -> [Int] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("precision: ") }.map {
            Int($0.dropFirst("precision: ".count).prefix { $0.isNumber })!
        }
    }

    @Test func stopsAtTheFirstBatchWhereTheTargetHolds() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(
            ["run", "s.json", "--out", directory, "--precision", "0.05"], environment: Self.noisy())
        #expect(result.code == 0, "\(result.stderr)")
        let counts = Self.progress(result.stderr)
        let final = try #require(counts.last)
        #expect(counts == Array(stride(from: 10, through: final, by: 10)))  // fixed batches of 10
        #expect(result.stderr.contains("target 0.0500: reached"))
        let rows = try #require(CLITestSupport.read("\(directory)/summary.csv")).split(separator: "\n")
        #expect(rows.count == 1 + final)
        // The target holds at the end and did not one batch earlier (recomputed from the rows).
        let throughput = rows.dropFirst().map { Double($0.split(separator: ",")[10])! }
        func relative(_ n: Int) -> Double { Estimate(Array(throughput.prefix(n)))!.relativeHalfWidth! }
        #expect(relative(final) <= 0.05)
        #expect(relative(final - 10) > 0.05)
        // 2·0.2887/√n ≤ 0.05 needs n ≈ 133; allow for the sample's own spread.
        #expect((80...200).contains(final), "\(final)")
    }

    @Test func respectsTheCap() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(
            [
                "run", "s.json", "--out", directory, "--precision", "0.001:throughput_per_s",
                "--max-replications", "25",
            ],
            environment: Self.noisy())
        #expect(result.code == 0)
        #expect(Self.progress(result.stderr) == [10, 20, 25])
        #expect(result.stderr.contains("NOT reached within --max-replications 25"))
        let rows = try #require(CLITestSupport.read("\(directory)/summary.csv")).split(separator: "\n")
        #expect(rows.count == 26)
        let compare = CLITestSupport.run(
            [
                "compare", "s.json", "--patterns", "pipeline,event_driven", "--out", directory, "--precision",
                "0.001", "--max-replications", "12", "--replications", "5",
            ], environment: CLIStatisticsTests.comparable())
        #expect(compare.code == 0, "\(compare.stdout)")
        #expect(Self.progress(compare.stderr) == [5, 12])
        let compared = try #require(CLITestSupport.read("\(directory)/summary.csv")).split(separator: "\n")
        #expect(compared.count == 1 + 2 * 12)
    }

    /// A real M/M/1 (ρ = 0.8, 300 jobs per replication) to a 10% target, on 1 and 2 threads: the
    /// same stopping point and the same bytes in every file.
    @Test func sameBytesOnOneAndTwoThreads() throws {
        var scenario = CLITestSupport.scenario(seed: 42)
        scenario.workload.arrivals = .poisson(ratePerSecond: 0.8)
        scenario.workload.jobs = 300
        scenario.agents = [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))]
        var environment = CommandEnvironment.live
        let frozen = scenario
        environment.loadScenario = { _, _ throws(ScenarioError) in (frozen, []) }
        var outputs: [[String: String]] = []
        var stderrs: [[Int]] = []
        for threads in ["1", "2"] {
            let directory = CLITestSupport.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = CLITestSupport.run(
                ["run", "s.json", "--out", directory, "--precision", "0.1", "--threads", threads],
                environment: environment)
            #expect(result.code == 0)
            stderrs.append(Self.progress(result.stderr))
            var files: [String: String] = [:]
            for name in ["summary.csv", "stats.csv", "costs.csv", "timeseries.csv"] {
                let text = try #require(CLITestSupport.read("\(directory)/\(name)"))
                files[name] = text
            }
            outputs.append(files)
        }
        #expect(stderrs[0] == stderrs[1] && (stderrs[0].last ?? 0) > 10)
        #expect(outputs[0] == outputs[1])
    }

    @Test(arguments: [
        (["--precision", "0"], "REL > 0"), (["--precision", "x"], "REL > 0"),
        (["--precision", "0.1:"], "names no metric"),
        (["--precision", "0.1:latency_mean"], "did you mean 'latency_mean_s'?"),
        (["--precision", "0.1:scenario"], "not a numeric summary column"),
        (["--max-replications", "50"], "--max-replications needs --precision"),
        (["--precision", "0.1", "--max-replications", "1"], "--max-replications must be in 2..."),
        (
            ["--precision", "0.1", "--max-replications", "20", "--replications", "30"],
            "exceeds --max-replications"
        ),
        (["--threads", "0"], "--threads must be at least 1"),
    ])
    func badOptionsAreRefused(arguments: [String], message: String) {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(["run", "s.json", "--out", directory] + arguments)
        #expect(result.code == 2)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!CLITestSupport.exists("\(directory)/summary.csv"))
    }
}
