import Testing

@testable import AgentSim
@testable import AgentSimSpec

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

    @Test func aSlowFirstTokenAddsItsDelayToCallsStartingInItsWindow() throws {
        // Jobs at 10, 20, ..., 50 s, 1 s each; +2 s for calls starting in [15 s, 35 s): the jobs of
        // 20 s and 30 s take 3 s (no queueing: 3 s < 10 s between jobs).
        var scenario = try ResilienceRuntimeTests.single(
            jobs: 5, interval: 10,
            extra: #", "faults": [{"at": "15s", "for": "20s", "role": "a", "slow_first_token": "2s"}]"#)
        scenario.checkInvariants = true
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.latencyMaxSeconds == 3)
        #expect(abs(r.summary.latencyMeanSeconds - (3 * 1 + 2 * 3) / 5.0) < 1e-9)
        #expect(r.violations == [])
    }

    @Test func aRateLimitStormRefusesEveryCallStartingInItsWindow() throws {
        // Jobs at 10, 20, ..., 50 s; a 429 storm over [15 s, 32 s); 3 attempts, 5 s apart. The job of
        // 20 s is refused at 20, 25 and 30 s and fails; the job of 30 s is refused at 30 s and runs
        // at 35 s (latency 6 s); the others run untouched.
        var scenario = try ResilienceRuntimeTests.single(
            jobs: 5, interval: 10,
            extra: #", "faults": [{"at": "15s", "for": "17s", "role": "a", "rate_limit_storm": true}], "#
                + #""policies": {"retry": {"max_attempts": 3, "backoff": "constant", "base": "5s", "#
                + #""cap": "5s", "jitter": "none"}}"#)
        scenario.checkInvariants = true
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.rateLimited == 4)
        #expect(r.summary.retries == 3)
        #expect(r.summary.jobsFailed == 1 && r.summary.jobsCompleted == 4)
        #expect(r.summary.latencyMaxSeconds == 6)
        #expect(r.summary.llmCalls == 4)  // a refused call never runs, and costs nothing
        #expect(r.violations == [])
    }

    @Test func newAgentFaultKindsRoundTripThroughAScenarioFile() throws {
        let faults: [ScheduledFault] = [
            .agent(
                FaultSpec(
                    at: .seconds(1), duration: .seconds(2), role: "a", kind: .slowFirstToken(.seconds(3)))),
            .agent(FaultSpec(at: .seconds(4), duration: .seconds(5), role: "a", kind: .rateLimitStorm)),
        ]
        let text = "[" + faults.map { $0.json.renderedInline() }.joined(separator: ", ") + "]"
        let back = try Self.single(faults: text).faults
        #expect(back.map(\.kind) == [.slowFirstToken(.seconds(3)), .rateLimitStorm])
        #expect(back.map(\.at) == [.seconds(1), .seconds(4)])
    }

    @Test func anAgentFaultAfterALayerFaultKeepsItsIndexInErrors() throws {
        let error = #expect(throws: ScenarioError.self) {
            try Self.single(
                faults: #"[{"at": "1s", "loss": 0.5}, {"at": "1s", "role": "zz", "crash": true}]"#)
        }
        #expect(error?.path == "faults[1].role")
    }
}
