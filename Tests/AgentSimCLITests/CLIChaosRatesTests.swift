import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim chaos --rates`: short for `--set chaos.rates.KIND=RATE`, on scenarios with or without a
/// chaos spec; a partition on a single-role scenario is skipped with a warning, not refused.
@Suite struct CLIChaosRatesTests {
    /// One role, no chaos spec: an M/M/1 queue.
    static let single = """
        {"name": "one-role", "seed": 3,
         "workload": {"arrivals": {"process": "poisson", "rate": "1/min"}, "jobs": 20,
           "job": {"steps": [{"name": "serve", "skill": "s"}]}},
         "agents": {"server": {"skills": ["s"], "latency": {"dist": "exponential", "mean": "30s"}}}}
        """

    static func workspace() throws -> String {
        let directory = CLITestSupport.makeDirectory()
        try AtomicFile.write(single, to: "\(directory)/one.json")
        return directory
    }

    static func run(_ arguments: [String]) -> CLIResult {
        CLITestSupport.run(arguments, environment: .live)
    }

    @Test func aPartitionOnOneRoleWarnsAndRuns() throws {
        let dir = try Self.workspace()
        let r = Self.run([
            "chaos", "\(dir)/one.json", "--rates", "partition=1/3m,loss=1/3m", "--seeds", "4", "--out",
            "\(dir)/o",
        ])
        #expect(r.code == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("warning: chaos.rates.partition: skipped: "))
        #expect(r.stderr.contains("only the role server; give the scenario a second role"))
        #expect(r.stdout.contains("4 seeds, 0 failing"))
        let summary = try #require(CLITestSupport.read("\(dir)/o/summary.csv"))
        #expect(summary.split(separator: "\n").count == 5)
    }

    @Test func ratesAreOverridesSoReplayCommandsCarryThem() {
        #expect(
            ChaosCommand.rateOverrides(["partition=1/3m, loss=2/h", "crash=0.01"])
                == ["chaos.rates.partition=1/3m", "chaos.rates.loss=2/h", "chaos.rates.crash=0.01"])
    }

    @Test func anUnknownKindOrABadRateExitsTwoWritingNothing() throws {
        let dir = try Self.workspace()
        let typo = Self.run(["chaos", "\(dir)/one.json", "--rates", "partiton=1/3m", "--out", "\(dir)/a"])
        #expect(typo.code == 2)
        #expect(
            typo.stderr.contains(#"unknown fault kind "partiton"; did you mean "partition"?"#),
            "\(typo.stderr)")
        let bare = Self.run(["chaos", "\(dir)/one.json", "--rates", "loss", "--out", "\(dir)/b"])
        #expect(bare.code == 2)
        let rate = Self.run(["chaos", "\(dir)/one.json", "--rates", "loss=often", "--out", "\(dir)/c"])
        #expect(rate.code == 2 && rate.stderr.contains("chaos.rates.loss"), "\(rate.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/a") && !CLITestSupport.exists("\(dir)/b"))
        #expect(!CLITestSupport.exists("\(dir)/c"))
    }

    @Test func runSaysHowManyFaultsItInjectedAndWhereRandomChaosBelongs() throws {
        var scenario = CLITestSupport.scenario(replications: 2)
        #expect(ChaosFaultCount.line([], scenario: scenario) == "")  // no faults, no chaos: nothing
        scenario.chaos = ChaosSpec(rates: [.crash: 0.01])
        var runs = (0..<2).map { CLITestSupport.fakeSummary(scenario, $0) }
        runs[1].faultsInjected = 2
        let line = ChaosFaultCount.line(runs, scenario: scenario)
        #expect(line.hasPrefix("faults injected: 0 to 2 per replication, 2 in all (scheduled); "))
        #expect(line.contains("agentsim chaos injects them"))
    }
}
