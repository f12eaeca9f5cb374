import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `--confidence`, stats.csv and differences.csv through the commands, with the fake runner.
@Suite struct CLIStatisticsTests {
    @Test func runWritesStatsWithTwoOrMoreReplications() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(["run", "s.json", "--out", directory, "--confidence", "0.9"])
        #expect(result.code == 0)
        let scenario = CLITestSupport.scenario()
        let runs = (0..<3).map { CLITestSupport.fakeSummary(scenario, $0) }
        #expect(CLITestSupport.read("\(directory)/stats.csv") == StatsCSV.text(for: runs, confidence: 0.9))
        // The table: 0.80, 0.81, 0.82 → 0.81 ± t(0.95, 2)·0.01/√3 = 2.919985580·0.005774 = 0.01686.
        #expect(result.stdout.contains("mean ± half-width of the 90% Student-t interval over 3 replications"))
        #expect(result.stdout.contains("0.8100 ± 0.017"))
    }

    @Test func oneReplicationWritesNoStatsAndRemovesAStaleOne() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(CLITestSupport.run(["run", "s.json", "--out", directory]).code == 0)
        #expect(CLITestSupport.exists("\(directory)/stats.csv"))
        let single = CLITestSupport.run(["run", "s.json", "--out", directory, "--replications", "1"])
        #expect(single.code == 0)
        #expect(!CLITestSupport.exists("\(directory)/stats.csv"))
        #expect(!single.stdout.contains("±"))
    }

    @Test(arguments: ["0", "1", "1.5", "-0.2", "x", "nan"])
    func badConfidenceIsRefusedAndNothingWritten(level: String) {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for command in ["run", "compare"] {
            let result = CLITestSupport.run([command, "s.json", "--out", directory, "--confidence", level])
            #expect(result.code == 2)
            #expect(result.stderr.contains("--confidence"))
            #expect(!CLITestSupport.exists("\(directory)/summary.csv"))
        }
    }

    /// The fake scenario with a service time, so that patterns validate for `compare`.
    static func comparable() -> CommandEnvironment {
        var scenario = CLITestSupport.scenario()
        scenario.agents = [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))]
        return CLITestSupport.fakeEnvironment(scenario)
    }

    @Test func compareWritesDifferencesAgainstTheBaseline() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let arguments = [
            "compare", "s.json", "--patterns", "pipeline,event_driven", "--baseline", "event_driven", "--out",
            directory,
        ]
        let result = CLITestSupport.run(arguments, environment: Self.comparable())
        #expect(result.code == 0, "\(result.stdout)")
        let text = try #require(CLITestSupport.read("\(directory)/differences.csv"))
        let rows = text.split(separator: "\n").dropFirst()
        #expect(rows.count == SummaryColumns.numeric.count)
        #expect(rows.allSatisfy { $0.hasPrefix("fake,pipeline,event_driven,") })
        // The fake runner gives both patterns the same figures per replication: no difference.
        #expect(
            rows.contains { $0 == "fake,pipeline,event_driven,throughput_per_s,3,0.0,0.0,0.0,0.95,false" })
        #expect(CLITestSupport.exists("\(directory)/stats.csv"))
        #expect(result.stdout.contains("tied with "))
        let again = CLITestSupport.run(arguments, environment: Self.comparable())
        #expect(again.stdout == result.stdout)
        #expect(CLITestSupport.read("\(directory)/differences.csv") == text)
    }

    @Test func aBaselineOutsideThePatternsIsRefused() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run([
            "compare", "s.json", "--patterns", "pipeline", "--baseline", "market", "--out", directory,
        ])
        #expect(result.code == 2)
        #expect(result.stderr.contains("--baseline 'market' is not among the compared patterns: pipeline"))
        #expect(!CLITestSupport.exists("\(directory)/summary.csv"))
    }

    @Test func helpListsTheStatisticsOptions() {
        for command in ["run", "compare"] {
            let help = CLITestSupport.run([command, "--help"]).stdout
            #expect(help.contains("--confidence <level>"))
        }
        #expect(CLITestSupport.run(["compare", "--help"]).stdout.contains("--baseline <pattern>"))
    }

    /// A runner whose event_driven replications never reach a steady state (as MSER-5 reports it).
    static func unsteadyEventDriven() -> CommandEnvironment {
        var environment = comparable()
        let inner = environment.runReplication
        environment.runReplication = { scenario, replication in
            var result = inner(scenario, replication)
            let steady = scenario.pattern.name != "event_driven"
            result.automaticWarmup = MSER.Truncation(batches: 0, totalBatches: 20, reachedSteadyState: steady)
            if !steady { result.summary.warmupSeconds = nil }
            return result
        }
        return environment
    }

    @Test func noSteadyStateIsWarnedFlaggedAndRankedLast() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(
            ["compare", "s.json", "--patterns", "event_driven,pipeline", "--out", directory],
            environment: Self.unsteadyEventDriven())
        #expect(result.code == 0)
        #expect(
            result.stderr.contains(
                "warning: event_driven: MSER-5 found no steady state in 3 of 3 replications"))
        #expect(!result.stderr.contains("warning: pipeline"))
        let rows = result.stdout.split(separator: "\n").filter { $0.hasPrefix("   ") }
        #expect(rows.count == 2)
        #expect(rows[0].contains("pipeline") && rows[0].contains("best"))
        #expect(rows[1].contains("event_driven") && rows[1].hasSuffix("no steady state"))
        // Identical figures, but a pattern that does not settle is never tied with one that does.
        #expect(!rows[1].contains("tied"))
        let summary = try #require(CLITestSupport.read("\(directory)/summary.csv"))
        // event_driven, replication 0: warmup_s empty, then jobs_rejected
        #expect(summary.split(separator: "\n")[1].hasSuffix(",,0"))
    }

    @Test func aWarmupLongerThanTheRunIsRefused() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var scenario = CLITestSupport.scenario()
        scenario.agents = [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))]
        scenario.workload.warmup = .seconds(100 * 86_400)
        // The fake runs end at 0 s.
        for command in ["run", "compare"] {
            let result = CLITestSupport.run(
                [command, "s.json", "--patterns", "pipeline", "--out", directory].filter {
                    command == "compare" || ($0 != "--patterns" && $0 != "pipeline")
                }, environment: CLITestSupport.fakeEnvironment(scenario))
            #expect(result.code == 2)
            #expect(
                result.stderr.contains("workload.warmup: the warm-up (100d) is not shorter than the run ("))
            #expect(result.stderr.contains("ended at 0s"))
            #expect(!CLITestSupport.exists("\(directory)/summary.csv"))
        }
    }
}
