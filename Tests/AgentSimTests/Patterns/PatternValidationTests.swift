import Testing

@testable import AgentSim

/// Problems a pattern's parameter kinds cannot express are still caught when the scenario loads.
@Suite struct PatternValidationTests {
    static func load(pattern: String) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "v", "workload": {"arrivals": {"process": "poisson", "rate": 1}, "jobs": 5,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"boss": {"skills": ["plan"], "latency": 1}, "lead": {"skills": ["lead"], "latency": 1},
                            "w": {"skills": ["s"], "latency": 1}},
                 "pattern": \(pattern)}
                """, file: "v.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func aRoutingTableThatDoesNotParseFailsValidation() {
        do {
            _ = try Self.load(pattern: #"{"type": "handoff", "entry": "w", "routes": "w>nobody:1"}"#)
            Issue.record("expected a validation error")
        } catch let error as ScenarioError {
            #expect(error.path == "pattern")
            #expect(error.message.contains("nobody"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func anExecutiveThatIsAlsoTheManagerFailsValidation() {
        #expect(throws: ScenarioError.self) {
            try Self.load(pattern: #"{"type": "hierarchical", "executive": "boss", "manager": "boss"}"#)
        }
        #expect(throws: Never.self) {
            try Self.load(pattern: #"{"type": "hierarchical", "executive": "boss", "manager": "lead"}"#)
        }
    }
}
