import Foundation
import Testing

@testable import AgentSim

/// Rate limits, the client-side bucket, budgets and circuit breakers, applied by the runtime.
@Suite struct AdmissionPolicyTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static func run(_ file: String) throws -> RunResult {
        let scenario = try ScenarioLoader.load(path: scenarios.appendingPathComponent(file).path).scenario
        return ScenarioRunner.detailedRun(scenario, replication: 0)
    }

    /// One agent of capacity 10 with 0.1 s calls of 1,000 tokens; 100 jobs arrive in the first second.
    static func burst(_ rateLimit: String, policies: String = "") throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "b", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "100/s"}, "jobs": 100,
                   "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 900, "tokens_out": 100}]}},
                 "models": {"m": {"input_per_mtok": 1, "output_per_mtok": 1, "rate_limit": \(rateLimit)}},
                 "agents": {"a": {"skills": ["s"], "model": "m", "capacity": 100, "latency": "100ms"}}\(policies)}
                """, file: "b.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func aProviderLimitAnswers429sOnceItsBurstIsSpent() throws {
        // 30,000 tokens per minute with a burst of one minute's worth: exactly 30 calls of 1,000
        // tokens fit in the first second (refill in that second: 500 tokens, not another call).
        let s = ScenarioRunner.run(try Self.burst(#"{"tpm": 30000}"#), replication: 0)
        #expect(s.jobsCompleted == 30)
        #expect(s.rateLimited == 70)
        #expect(s.jobsFailed == 70)  // no retry policy: a 429 fails the task
        #expect(s.costUSD == 30 * 1000 / 1e6)  // refused calls cost nothing
    }

    @Test func aClientBucketMakesCallsWaitInsteadOfFailing() throws {
        // The same burst through a shared client bucket: no 429, every job completes; the calls past
        // the burst wait for capacity at the limit's pace (2 s per 1,000 tokens at 30,000/min).
        let s = ScenarioRunner.run(try Self.burst(#"{"tpm": 30000, "client_bucket": true}"#), replication: 0)
        #expect(s.rateLimited == 0)
        #expect(s.jobsCompleted == 100)
        // The 100th call may start 70 × 2 s after its reservation window opened: about 140 s.
        #expect(s.latencyMaxSeconds > 130 && s.latencyMaxSeconds < 150)
    }

    @Test func theRateLimitStormAndItsBucket() throws {
        let storm = try Self.run("rate-limit-storm.json").summary
        let bucket = try Self.run("rate-limit-bucket.json").summary
        #expect(storm.rateLimited > 0 && storm.jobsFailed > 0)
        #expect(bucket.rateLimited == 0 && bucket.jobsFailed == 0)
        #expect(bucket.jobsArrived == storm.jobsArrived)  // the same workload
    }

    @Test func budgetsRaiseEveryAlertOnceInOrderAndTheHardLimitHolds() throws {
        let r = try Self.run("budget-stop.json")
        #expect(r.summary.costUSD <= 20)
        #expect(r.summary.budgetStops > 0)
        let run = r.alerts.filter { $0.scopeName == "run" }
        #expect(run.map(\.fraction) == [0.5, 0.8, 1.0])
        #expect(zip(run, run.dropFirst()).allSatisfy { $0.time <= $1.time })
        #expect(r.alerts.filter { $0.scopeName == "role:researcher" }.map(\.fraction) == [0.5, 0.8])
        // The ledger and the budget agree: every dollar spent was committed first.
        #expect(abs(r.ledger.total.costUSD - r.summary.costUSD) < 1e-9)
    }

    @Test func anOpenBreakerFailsFastAndCountsItsOpenTime() throws {
        // Every call fails: after the minimum of 5 calls the breaker opens (failure rate 100%) and
        // refuses the rest without a call, until its 10 s wait ends.
        let scenario = try ScenarioLoader.load(
            json: """
                {"name": "cb", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1/s"}, "jobs": 20,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"a": {"skills": ["s"], "latency": "100ms", "error_rate": 1,
                   "policies": {"circuit_breaker": {"sliding_window_size": 5, "minimum_number_of_calls": 5,
                                                    "wait_duration_in_open_state": "10s"}}}}}
                """, file: "cb.json", baseDirectory: "/tmp"
        ).scenario
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.jobsFailed == 20)
        #expect(s.llmCalls < 20)  // some tasks failed fast without a call
        #expect(s.breakerOpenSeconds >= 10)
    }
}

/// Team buckets under a model's bucket, HTB-style.
@Suite struct NestedRateLimitTests {
    static func burst(borrow: Bool) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "htb", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1000/s"}, "jobs": 100,
                   "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 900, "tokens_out": 100}]}},
                 "models": {"m": {"rate_limit": {"tpm": 60000}}},
                 "agents": {"team": {"skills": ["s"], "model": "m", "capacity": 100, "latency": "100ms",
                                     "rate_limit": {"tpm": 30000, "borrow": \(borrow)}}}}
                """, file: "htb.json", baseDirectory: "/tmp"
        ).scenario
    }

    /// In the first 0.1 s: the team's own bucket admits 30 calls of 1,000 tokens (each also charged
    /// to the model's bucket, HTB-style); with borrowing, the model's remaining 30,000 tokens admit
    /// 30 more; without, the team's own rate is a hard cap. (Refill in 0.1 s: 100 tokens, no call.)
    @Test func borrowingLetsATeamUseItsOrgsSpareCapacity() throws {
        let capped = ScenarioRunner.run(try Self.burst(borrow: false), replication: 0)
        let borrowing = ScenarioRunner.run(try Self.burst(borrow: true), replication: 0)
        #expect(capped.jobsCompleted == 30)
        #expect(borrowing.jobsCompleted == 60)
        #expect(capped.rateLimited == 70 && borrowing.rateLimited == 40)
    }
}

/// Budgets per agent, and rate-limit buckets per agent.
@Suite struct PerAgentPolicyTests {
    /// Two agents with their own queues, round robin: 10 of the 20 jobs each ($0.001 a call:
    /// 1,000 input tokens at $1/Mtok).
    static func scenario(_ extra: String, roleLimit: String = "") throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "pa", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1000/s"}, "jobs": 20,
                   "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 1000}]}},
                 "models": {"m": {"input_per_mtok": 1\(roleLimit.isEmpty ? "" : "")}},
                 "agents": {"w": {"count": 2, "skills": ["s"], "model": "m", "capacity": 20, "latency": "1s",
                                  "queue": "per_agent", "dispatch": "round_robin"\(roleLimit)}}\(extra)}
                """, file: "pa.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func anAgentsOwnBudgetStopsOnlyThatAgent() throws {
        // Agent w[0] may spend $0.005: 5 of its 10 calls; w[1] has no budget of its own and does all 10.
        let s = ScenarioRunner.run(
            try Self.scenario(#", "policies": {"budgets": [{"scope": "agent:w[0]", "usd": 0.005}]}"#),
            replication: 0)
        #expect(s.budgetStops == 5)
        #expect(s.jobsCompleted == 15)
        #expect(abs(s.costUSD - 0.015) < 1e-12)
    }

    @Test func perAgentBucketsAreEachTheirOwn() throws {
        // 3,000 tokens/min each: with one bucket per agent, each admits 3 calls of 1,000 tokens in
        // the burst (6 in all); a shared role bucket admits 3.
        let perAgent = ScenarioRunner.run(
            try Self.scenario(
                "", roleLimit: #", "rate_limit": {"tpm": 3000, "per_agent": true, "borrow": false}"#),
            replication: 0)
        let shared = ScenarioRunner.run(
            try Self.scenario("", roleLimit: #", "rate_limit": {"tpm": 3000, "borrow": false}"#),
            replication: 0)
        #expect(perAgent.jobsCompleted == 6)
        #expect(shared.jobsCompleted == 3)
    }
}
