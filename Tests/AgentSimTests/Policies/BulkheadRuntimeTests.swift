import Testing

@testable import AgentSim

/// A bulkhead on the edge from a pipeline's first stage into its second: at most `n` calls in flight
/// on it; the rest wait up to the maximum wait, then fail.
@Suite struct BulkheadRuntimeTests {
    /// 10 jobs arrive at once (a burst); stage 1 is instant; stage 2 has 10 agents of 1 s service.
    static func scenario(maxCalls: Int, maxWait: String) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "bh", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1000/s"}, "jobs": 10,
                   "job": {"steps": [{"name": "a", "skill": "a"}, {"name": "b", "skill": "b", "after": ["a"]}]}},
                 "agents": {"front": {"count": 10, "skills": ["a"], "latency": "0s"},
                            "back": {"count": 10, "skills": ["b"], "latency": "1s",
                                     "policies": {"bulkhead": {"max_concurrent_calls": \(maxCalls), "max_wait_duration": "\(maxWait)"}}}},
                 "pattern": {"type": "pipeline", "blocking": false}}
                """, file: "bh.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func callsBeyondTheLimitWaitTheirTurn() throws {
        // Limit 2, a wait long enough: the 10 calls run two at a time, so the last pair ends at 5 s.
        let s = ScenarioRunner.run(try Self.scenario(maxCalls: 2, maxWait: "10s"), replication: 0)
        #expect(s.jobsCompleted == 10)
        #expect(s.bulkheadRejected == 0)
        #expect(abs(s.latencyMaxSeconds - 5) < 0.01)
    }

    @Test func callsThatWaitPastTheMaximumFail() throws {
        // Limit 2, wait 1.5 s: the first pair runs 0..1 s, the second 1..2 s (it waited 1 s); the
        // others would wait 2 s or more and fail at 1.5 s.
        let s = ScenarioRunner.run(try Self.scenario(maxCalls: 2, maxWait: "1500ms"), replication: 0)
        #expect(s.jobsCompleted == 4)
        #expect(s.bulkheadRejected == 6)
        #expect(s.jobsFailed == 6)
    }

    @Test func withoutWaitingTheExtraCallsAreRejectedAtOnce() throws {
        let s = ScenarioRunner.run(try Self.scenario(maxCalls: 3, maxWait: "0s"), replication: 0)
        #expect(s.jobsCompleted == 3)
        #expect(s.bulkheadRejected == 7)
    }
}
