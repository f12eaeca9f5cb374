import Testing

@testable import AgentSim

/// Hybrid composes patterns by stage; its costs are the sum of its stages' costs, each counted by
/// the closed formula of the stage's own pattern.
@Suite struct HybridTests {
    /// Steps a → b (fan-out k) → c, constant service times, instant network; the lead only coordinates.
    static func scenario(stages: String, jobs: Int = 50, fanout: Int = 2) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "hy", "seed": 3,
                 "workload": {"arrivals": {"process": "constant", "rate": "1/s"}, "jobs": \(jobs),
                   "job": {"steps": [{"name": "a", "skill": "a"},
                                     {"name": "b", "skill": "b", "after": ["a"], "fanout": \(fanout)},
                                     {"name": "c", "skill": "c", "after": ["b"]}]}},
                 "agents": {"lead": {"skills": ["lead"], "capacity": 4, "latency": "10ms"},
                            "w": {"count": 4, "skills": ["a", "b", "c"], "latency": "100ms"}},
                 "pattern": {"type": "hybrid", "stages": \(stages)}}
                """, file: "hy.json", baseDirectory: "/tmp"
        ).scenario
    }

    static let hub = #"{"type": "hub_and_spoke", "coordinator": "lead"}"#
    static let pipe = #"{"type": "pipeline"}"#

    @Test(arguments: [1, 2, 5])
    func aHubInTheMiddleCostsOnlyItsRoutingAndItsRoundTrips(fanout: Int) throws {
        let jobs = 50
        let s = ScenarioRunner.run(
            try Self.scenario(
                stages: #"{"a": \#(Self.pipe), "b": \#(Self.hub), "c": \#(Self.pipe)}"#, fanout: fanout),
            replication: 0)
        #expect(s.jobsCompleted == jobs)
        // a: the job's first step comes from outside (no message); b: dispatch + result per copy;
        // c: one pipeline handoff. The hub neither plans nor synthesises: the job's first and last
        // steps belong to pipeline stages. It routes each copy's result.
        #expect(s.messages == jobs * (0 + 2 * fanout + 1))
        #expect(s.coordinationCalls == jobs * fanout)
        #expect(s.llmCalls == jobs * (1 + fanout + 1) + s.coordinationCalls)
    }

    @Test func aHubThatOwnsTheFirstStepsPlansEveryJob() throws {
        let jobs = 50
        let fanout = 2
        let s = ScenarioRunner.run(
            try Self.scenario(stages: #"{"a,b": \#(Self.hub), "*": \#(Self.pipe)}"#, fanout: fanout),
            replication: 0)
        #expect(s.jobsCompleted == jobs)
        // Hub stage: a (1 copy) and b (k copies), two messages each; then one handoff into c.
        #expect(s.messages == jobs * (2 * (1 + fanout) + 1))
        // Plan on arrival, one route per hub copy; the last step is the pipeline's, so no synthesis.
        #expect(s.coordinationCalls == jobs * (1 + (1 + fanout)))
    }

    @Test func aHybridOfOneStageIsThatPattern() throws {
        let hybrid = ScenarioRunner.run(try Self.scenario(stages: #"{"*": \#(Self.hub)}"#), replication: 0)
        var plain = try Self.scenario(stages: #"{"*": \#(Self.hub)}"#)
        plain.pattern = .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead"))
        let single = ScenarioRunner.run(plain, replication: 0)
        var expected = single
        expected.pattern = "hybrid"
        #expect(hybrid == expected)
    }

    @Test func stagesAreCheckedAgainstTheSteps() throws {
        #expect(throws: ScenarioError.self) {
            try Self.scenario(stages: #"{"a": \#(Self.pipe), "b": \#(Self.hub)}"#)  // c is in no stage
        }
        #expect(throws: ScenarioError.self) {
            try Self.scenario(stages: #"{"a": \#(Self.pipe), "x": \#(Self.hub), "*": \#(Self.pipe)}"#)
        }
        #expect(throws: ScenarioError.self) {
            try Self.scenario(stages: #"{"a,b": \#(Self.pipe), "b": \#(Self.hub), "c": \#(Self.pipe)}"#)
        }
        do {
            _ = try Self.scenario(
                stages: #"{"a": \#(Self.pipe), "*": {"type": "hub_and_spoke", "coordinator": "led"}}"#)
            Issue.record("expected an unknown-role error")
        } catch let error as ScenarioError {
            #expect(error.path == #"pattern.stages["*"].coordinator"#)
            #expect(error.message.contains("did you mean \"lead\""))
        }
    }

    @Test func determinismAndConservation() throws {
        let scenario = try Self.scenario(
            stages: #"{"a": \#(Self.pipe), "b": \#(Self.hub), "c": \#(Self.pipe)}"#)
        let first = ScenarioRunner.run(scenario, replication: 0)
        #expect(first == ScenarioRunner.run(scenario, replication: 0))
        #expect(first.jobsArrived == first.jobsCompleted + first.jobsFailed + first.jobsInFlight)
    }
}
