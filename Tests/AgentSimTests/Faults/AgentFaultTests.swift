import Testing

@testable import AgentSim

/// Agent faults on one agent with 1 s constant service and a job every 2 s (from 2 s): the crash
/// and slowdown cases are in ResilienceRuntimeTests; here, an error burst.
@Suite struct AgentFaultTests {
    static func single(faults: String) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "one", "seed": 2,
                 "workload": {"arrivals": {"process": "constant", "rate": 0.5}, "jobs": 10,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"a": {"skills": ["s"], "latency": "1s"}},
                 "faults": \(faults)}
                """, file: "one.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func anErrorBurstOfProbabilityOneFailsExactlyTheCallsEndingInItsWindow() throws {
        // Calls end at 3, 5, ..., 21 s; the burst covers [10 s, 20 s): those ending at 11 ... 19 s fail.
        var scenario = try Self.single(
            faults: #"[{"at": "10s", "for": "10s", "role": "a", "error_rate": 1}]"#)
        scenario.checkInvariants = true
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.jobsFailed == 5 && r.summary.jobsCompleted == 5)
        #expect(r.summary.faultsInjected == 1)
        #expect(r.violations == [])  // failed with a reason: nothing hangs
    }

    @Test func anAgentFaultAfterALayerFaultKeepsItsIndexInErrors() throws {
        let error = #expect(throws: ScenarioError.self) {
            try Self.single(
                faults: #"[{"at": "1s", "loss": 0.5}, {"at": "1s", "role": "zz", "crash": true}]"#)
        }
        #expect(error?.path == "faults[1].role")
    }
}
