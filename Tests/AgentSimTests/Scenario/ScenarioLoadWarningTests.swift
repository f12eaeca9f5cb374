import Testing

@testable import AgentSim

private typealias F = ScenarioFixtures

/// Needs `Distribution.mean` (the distributions' own implementation) for the utilisation estimate.
@Suite struct ScenarioLoadWarningTests {
    private func warnings(_ json: String) throws -> [ScenarioWarning] {
        try ScenarioLoader.load(json: json, file: "w.json", baseDirectory: ".").warnings
    }

    private func mm(rate: String, servers: Int, extra: String = "") -> String {
        F.scenario(
            workload: F.arrivals(#"{"process": "poisson", "rate": ""# + rate + #""}"#),
            agents: #"{"w": {"count": \#(servers), "skills": ["s"], "#
                + #""latency": {"dist": "exponential", "mean": "1s"}\#(extra)}}"#)
    }

    @Test func warnsWhenAnUnboundedPoolIsOfferedTooMuch() throws {
        let found = try warnings(mm(rate: "6/s", servers: 5))
        #expect(found.count == 1)
        #expect(found.first?.path == "agents.w")
        #expect(found.first?.message.contains("utilisation of 1.2 (120%)") == true)
        #expect(found.first?.message.contains("the queue will grow without bound") == true)
        #expect(
            found.first?.description.hasPrefix("w.json: warning: agents.w: the agents with skill \"s\"")
                == true)
    }

    @Test func utilisationOfExactlyOneWarns() throws {
        #expect(try warnings(mm(rate: "5/s", servers: 5)).count == 1)
    }

    @Test func aStablePoolOrABoundedQueueDoesNotWarn() throws {
        #expect(try warnings(mm(rate: "4/s", servers: 5)).isEmpty)
        #expect(try warnings(mm(rate: "9/s", servers: 5, extra: #", "queue_capacity": 10"#)).isEmpty)
    }

    @Test func countsFanoutAndLLMServiceTime() throws {
        // 1 job/s × fanout 2 × (ttft 0.5 s + 100 tokens / 100 per s = 1.5 s) / 2 agents = 1.5.
        let json = F.scenario(
            workload: F.steps(#"[{"name": "a", "skill": "s", "fanout": 2, "tokens_out": 100}]"#),
            agents: #"{"w": {"count": 2, "skills": ["s"], "model": "m"}}"#,
            rest: #", "models": {"m": {"ttft": "500ms", "tokens_per_s": 100}}"#)
        let found = try warnings(json)
        #expect(found.map(\.path) == ["agents.w"])
        #expect(found.first?.message.contains("1.5 (150%)") == true)
    }

    @Test func includesTheHubCoordinatorsOwnCalls() throws {
        // Coordinator: plan + synthesize + route per step copy, 1 s each with a 1 s latency: 3 s per job.
        let json = F.scenario(
            workload: F.arrivals(#"{"process": "poisson", "rate": "0.5/s"}"#),
            agents:
                #"{"lead": {"skills": ["plan"], "latency": 1}, "w": {"count": 4, "skills": ["s"], "latency": 1}}"#,
            rest: #", "pattern": {"type": "hub_and_spoke", "coordinator": "lead"}"#)
        let found = try warnings(json)
        #expect(found.map(\.path) == ["agents.lead"])
        #expect(found.first?.message.contains("coordinator role \"lead\"") == true)
        #expect(found.first?.message.contains("1.5 (150%)") == true)
    }
}
