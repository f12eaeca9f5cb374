import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim chaos` in process, on real scenario files: exit codes, replay lines, shrunk scenarios.
@Suite struct CLIChaosCommandTests {
    /// A supervisor that loses its coordination calls when it crashes (nothing retries them).
    static let desk = """
        {"name": "tiny-desk", "seed": 1,
         "workload": {"arrivals": {"process": "poisson", "rate": "2/min"}, "jobs": 60,
           "job": {"steps": [{"name": "triage", "skill": "triage"}, {"name": "answer", "skill": "support", "after": ["triage"]}]}},
         "agents": {"lead": {"skills": ["plan"], "latency": "2s", "capacity": 4},
                    "support": {"count": 3, "skills": ["triage", "support"], "latency": {"dist": "exponential", "mean": "20s"}}},
         "network": {"latency": "5ms"},
         "pattern": {"type": "hub_and_spoke", "coordinator": "lead"},
         "chaos": {"horizon": "20m", "drain": "20m", "swarm": false,
                   "rates": {"crash": "1/4m", "slowdown": "1/4m", "latency_spike": "1/4m"}}}
        """

    static func workspace() throws -> String {
        let directory = CLITestSupport.makeDirectory()
        try AtomicFile.write(desk, to: "\(directory)/desk.json")
        return directory
    }

    static func run(_ arguments: [String]) -> CLIResult {
        CLITestSupport.run(arguments, environment: .live)
    }

    /// The `  replay: agentsim ...` lines of an output, without `agentsim`.
    static func replays(_ text: String) -> [[String]] {
        text.split(separator: "\n").filter { $0.hasPrefix("  replay: agentsim ") }.map {
            $0.dropFirst("  replay: agentsim ".count).split(separator: " ").map(String.init)
        }
    }

    @Test func failingSeedsExitOneWithAReplayCommandAndAShrunkScenario() throws {
        let dir = try Self.workspace()
        let r = Self.run(["chaos", "\(dir)/desk.json", "--seeds", "12", "--out", "\(dir)/out"])
        #expect(r.code == 1)
        #expect(r.stderr.contains("12/12 seeds run"))
        let lines = r.stdout.split(separator: "\n")
        let failing = try #require(lines.first { $0.hasPrefix("seed ") && $0.contains(": liveness at t=") })
        let replays = Self.replays(r.stdout)
        #expect(replays.first?.starts(with: ["chaos", "\(dir)/desk.json", "--seed"]) == true)
        // The printed replay command reproduces the same violation, at the same virtual time.
        let again = Self.run(try #require(replays.first) + ["--out", "\(dir)/again", "--shrink", "0"])
        #expect(again.code == 1)
        #expect(again.stdout.contains(String(failing)))
        // The shrunk scenario fails on its own, under chaos --seed and under run --check.
        let shrunkReplay = try #require(replays.first { $0[1].hasSuffix("-shrunk.json") })
        #expect(Self.run(shrunkReplay + ["--out", "\(dir)/s", "--shrink", "0"]).code == 1)
        let checked = Self.run(["run", shrunkReplay[1], "--check", "--out", "\(dir)/r"])
        #expect(checked.code == 1 && checked.stdout.contains("liveness"))
        let summary = try #require(CLITestSupport.read("\(dir)/out/summary.csv"))
        #expect(summary.split(separator: "\n").count == 13)
        #expect(summary.hasPrefix(ChaosCSV.columns.joined(separator: ",") + "\n"))
    }

    @Test func aScenarioThatSurvivesExitsZero() throws {
        let dir = try Self.workspace()
        let r = Self.run([
            "chaos", "\(dir)/desk.json", "--seeds", "4", "--out", "\(dir)/out", "--check-determinism",
            "--set", #"chaos.rates={"slowdown": "1/4m", "latency_spike": "1/4m"}"#,
        ])
        #expect(r.code == 0)
        #expect(r.stdout.contains("4 seeds, 0 failing"))
    }

    @Test func badInputExitsTwo() throws {
        let dir = try Self.workspace()
        #expect(Self.run(["chaos", "\(dir)/desk.json", "--seeds", "0"]).code == 2)
        #expect(Self.run(["chaos", "\(dir)/desk.json", "--seeds", "3", "--seed", "4"]).code == 2)
        #expect(Self.run(["chaos", "\(dir)/missing.json"]).code == 2)
        let bad = Self.run(["chaos", "\(dir)/desk.json", "--set", #"chaos.rates={"crsh": 1}"#])
        #expect(bad.code == 2 && bad.stderr.contains("did you mean"))
    }

    /// Counts calls across threads.
    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func next() -> Int {
            lock.withLock {
                value += 1
                return value
            }
        }
    }

    @Test func outputThatDiffersBetweenTwoRunsOfASeedFailsTheDeterminismCheck() {
        let calls = Counter()
        var environment = CLITestSupport.fakeEnvironment()
        environment.runReplication = { scenario, replication in
            var summary = CLITestSupport.fakeSummary(scenario, replication)
            summary.events = calls.next()  // a different run every time
            return RunResult(summary: summary, ledger: Ledger(roles: [], prices: []), series: [])
        }
        let dir = CLITestSupport.makeDirectory()
        let r = CLITestSupport.run(
            ["chaos", "x.json", "--seeds", "3", "--check-determinism", "--out", dir], environment: environment
        )
        #expect(r.code == 1)
        #expect(r.stdout.contains("seed 100: nondeterministic"))
        #expect(CLITestSupport.read(dir + "/summary.csv")?.contains(",nondeterministic,") == true)
        let steady = CLITestSupport.run(
            ["chaos", "x.json", "--seeds", "3", "--check-determinism", "--out", dir])
        #expect(steady.code == 0)
    }

    @Test func csvLinesReadBackAsWritten() {
        var writer = CSVWriter(header: ["a", "b", "c"])
        writer.append(["x,y", #"say "hi""#, "plain"])
        let line = String(writer.text.split(separator: "\n")[1])
        #expect(CSVLine.fields(line) == ["x,y", #"say "hi""#, "plain"])
    }

    @Test func replayCommandsQuoteForTheShell() {
        #expect(
            ChaosCommand.replayCommand("a b.json", seed: 3, overrides: ["x.y=1", #"c={"k": 1}"#])
                == #"agentsim chaos 'a b.json' --seed 3 --set x.y=1 --set 'c={"k": 1}'"#)
        #expect(ChaosCommand.shellQuoted("it's") == #"'it'\''s'"#)
    }
}
