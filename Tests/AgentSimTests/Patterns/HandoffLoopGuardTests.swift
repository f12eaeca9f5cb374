import Testing

@testable import AgentSim

/// Loop guards on handoffs: a depth limit, cycle detection, and the `loop` cost cause.
@Suite struct HandoffLoopGuardTests {
    /// Roles a and b ping-pong a step only c can do (routes a>b, b>a); every handoff call costs
    /// 100 tokens in at $1/Mtok.
    static func pingPong(maxDepth: Int, cycleDetection: Bool) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "pp", "seed": 2,
                 "workload": {"arrivals": {"process": "constant", "rate": 1}, "jobs": 10,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "models": {"m": {"input_per_mtok": 1}},
                 "agents": {"a": {"skills": ["x"], "model": "m", "latency": "10ms"},
                            "b": {"skills": ["y"], "model": "m", "latency": "10ms"},
                            "c": {"skills": ["s"], "model": "m", "latency": "10ms"}},
                 "pattern": {"type": "handoff", "entry": "a", "routes": "a>b:1; b>a:1",
                             "handoff": {"tokens_in": 100, "tokens_out": 0},
                             "max_depth": \(maxDepth), "cycle_detection": \(cycleDetection)}}
                """, file: "pp.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func withoutCycleDetectionTheDepthLimitEndsThePingPongAndTheRevisitsAreLoopCost() throws {
        // Holds at depth 0 (a), 1 (b), 2 (a again), 3 (b again) each make a handoff call; the hold at
        // depth 4 fails the job. The calls at depths 2 and 3 revisit a role: loop cost.
        let r = ScenarioRunner.detailedRun(
            try Self.pingPong(maxDepth: 4, cycleDetection: false), replication: 0)
        #expect(r.summary.jobsFailed == 10)
        #expect(r.summary.coordinationCalls == 10 * 4)
        #expect(r.summary.messages == 10 * 4)
        #expect(r.ledger.total(.coordination).calls == 10 * 2)
        #expect(r.ledger.total(.loop).calls == 10 * 2)
        #expect(r.summary.delegationDepthMax == 4)
        #expect(abs(r.summary.wastedCostUSD - Double(10 * 2 * 100) / 1e6) < 1e-12)
    }

    @Test func cycleDetectionStopsAtTheFirstReturn() throws {
        // a → b (one message); b's handoff would return to a, already on the path: the job fails at
        // once, after two handoff calls and one message, and no loop cost is ever paid.
        let r = ScenarioRunner.detailedRun(
            try Self.pingPong(maxDepth: 100, cycleDetection: true), replication: 0)
        #expect(r.summary.jobsFailed == 10)
        #expect(r.summary.coordinationCalls == 10 * 2)
        #expect(r.summary.messages == 10 * 1)
        #expect(r.ledger.total(.loop).calls == 0)
    }
}
