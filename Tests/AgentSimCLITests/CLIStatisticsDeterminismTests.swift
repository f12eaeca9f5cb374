import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// Every file the statistics add (stats.csv, differences.csv, the warmup_s column) is the same bytes
/// for the same command: run twice, on 1 and on 2 worker threads, with the real simulator.
@Suite struct CLIStatisticsDeterminismTests {
    /// M/M/1 at ρ = 0.8, 300 jobs, `warmup: "auto"`; two patterns so that differences.csv is written.
    static func environment() -> CommandEnvironment {
        var scenario = CLITestSupport.scenario(seed: 7)
        scenario.workload.arrivals = .poisson(ratePerSecond: 0.8)
        scenario.workload.jobs = 300
        scenario.workload.automaticWarmup = true
        scenario.agents = [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))]
        var environment = CommandEnvironment.live
        let frozen = scenario
        environment.loadScenario = { _, _ throws(ScenarioError) in (frozen, []) }
        return environment
    }

    static let files = ["summary.csv", "stats.csv", "differences.csv", "costs.csv", "timeseries.csv"]

    /// One fixed-size compare and one driven by `--precision` (several batches of 10).
    @Test(arguments: [
        ["--replications", "4"], ["--precision", "0.15:throughput_per_s", "--max-replications", "40"],
    ])
    func compareGivesTheSameBytesEveryTimeOnAnyThreadCount(options: [String]) throws {
        var outputs: [[String: String]] = []
        for threads in ["1", "2", "2"] {
            let directory = CLITestSupport.makeDirectory()
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = CLITestSupport.run(
                [
                    "compare", "s.json", "--patterns", "pipeline,event_driven", "--out", directory,
                    "--threads", threads,
                ]
                    + options, environment: Self.environment())
            #expect(result.code == 0, "\(result.stderr)")
            var files: [String: String] = [:]
            for name in Self.files {
                let text = try #require(CLITestSupport.read("\(directory)/\(name)"))
                files[name] = text
            }
            outputs.append(files)
        }
        #expect(outputs[0] == outputs[1] && outputs[1] == outputs[2])
        // The files are not trivially equal: differences.csv has a row per non-baseline metric, and
        // MSER-5 chose a warm-up (a non-empty warmup_s) in some replication.
        let summary = outputs[0]["summary.csv"]!.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let column = try #require(summary[0].firstIndex(of: "warmup_s"))
        #expect(summary.dropFirst().contains { !$0[column].isEmpty })
        let differences = outputs[0]["differences.csv"]!.split(separator: "\n")
        #expect(differences.count == 1 + SummaryColumns.numeric.count)
    }
}
