import Testing

@testable import AgentSim

/// Chaos on a built-in pattern: a supervisor (hub-and-spoke) whose lead crashes loses its
/// coordination calls for good (they have no timeout), so its jobs hang: a liveness violation that
/// replays exactly and shrinks to the one crash of the lead.
@Suite struct ChaosRunnerTests {
    static let desk = """
        {"name": "tiny-desk", "seed": 1,
         "workload": {"arrivals": {"process": "poisson", "rate": "2/min"}, "jobs": 60,
           "job": {"steps": [{"name": "triage", "skill": "triage"}, {"name": "answer", "skill": "support", "after": ["triage"]}]}},
         "agents": {"lead": {"skills": ["plan"], "latency": "2s", "capacity": 4},
                    "support": {"count": 3, "skills": ["triage", "support"], "latency": {"dist": "exponential", "mean": "20s"}}},
         "network": {"latency": "5ms"},
         "pattern": {"type": "hub_and_spoke", "coordinator": "lead"},
         "chaos": {"horizon": "20m", "drain": "20m", "swarm": false,
                   "rates": {"crash": "1/4m", "slowdown": "1/4m", "latency_spike": "1/4m", "reorder": "1/4m"}}}
        """

    static func runner() throws -> ChaosRunner {
        ChaosRunner.builtIn(
            try ScenarioLoader.load(json: desk, file: "tiny-desk.json", baseDirectory: "/tmp").scenario)
    }

    /// The first failing seed from 1 up.
    static func firstFailure(_ runner: ChaosRunner) -> ChaosRun? {
        for seed in UInt64(1)...40 {
            let run = runner.run(seed: seed)
            if run.failed { return run }
        }
        return nil
    }

    @Test func aSeedThatFailsReplaysTheSameViolationAtTheSameTime() throws {
        let runner = try Self.runner()
        let failing = try #require(Self.firstFailure(runner))
        let violation = try #require(failing.violation)
        #expect(violation.invariant == .liveness)
        let replay = runner.run(seed: failing.seed)
        #expect(replay.violation == violation)
        #expect(replay.result.violations == failing.result.violations)
        #expect(ChaosCSV.outputBytes(replay.result) == ChaosCSV.outputBytes(failing.result))
    }

    @Test func shrinkingKeepsTheFailureWithNoMoreFaults() throws {
        let runner = try Self.runner()
        let failing = try #require(Self.firstFailure(runner))
        let shrunk = try #require(runner.shrink(failing))
        #expect(shrunk.faults.count <= failing.faults.count)
        #expect(shrunk.faults.count >= 1 && shrunk.isOneMinimal)
        #expect(shrunk.run.violation?.invariant == failing.violation?.invariant)
        // The minimal schedule fails on its own, every time.
        let again = runner.probe(seed: failing.seed, faults: shrunk.faults)
        #expect(again.violation == shrunk.run.violation)
        // Here it is a crash of the lead, the supervisor whose lost calls nothing retries.
        #expect(
            shrunk.faults.contains {
                if case .agent(let f) = $0 { f.role == "lead" && f.kind == .crash } else { false }
            })
    }

    @Test func theShrunkScheduleIsReplayedByProbingTheFullListToo() throws {
        // Probing with every injected fault is the original run: the drawn faults are the same
        // values as scheduled ones.
        let runner = try Self.runner()
        let failing = try #require(Self.firstFailure(runner))
        let probe = runner.probe(seed: failing.seed, faults: failing.faults)
        #expect(probe.result.violations == failing.result.violations)
        #expect(probe.result.summary == failing.result.summary)
    }
}
