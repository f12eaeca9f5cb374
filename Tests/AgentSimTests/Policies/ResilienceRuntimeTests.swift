import Testing

@testable import AgentSim

/// The resilience layer in the runtime, on tiny deterministic cases whose answers are exact.
@Suite struct ResilienceRuntimeTests {
    /// One agent, constant 1 s service, constant arrivals every `interval` seconds.
    static func single(jobs: Int, interval: Double = 2, extra: String = "", role: String = "") throws
        -> Scenario
    {
        try ScenarioLoader.load(
            json: """
                {"name": "r", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": \(1 / interval)}, "jobs": \(jobs),
                   "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 1000, "tokens_out": 100}]}},
                 "models": {"m": {"input_per_mtok": 2, "output_per_mtok": 10}},
                 "agents": {"a": {"skills": ["s"], "model": "m", "latency": "1s"\(role)}}\(extra)}
                """, file: "r.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func withoutFailuresCostAmplificationIsExactlyOneAndNothingIsWasted() throws {
        let r = ScenarioRunner.detailedRun(try Self.single(jobs: 50), replication: 0)
        #expect(r.summary.costAmplification == 1)
        #expect(r.summary.wastedCostUSD == 0)
        // 50 calls × (1000 × $2 + 100 × $10) per million tokens.
        #expect(r.summary.costUSD == 50 * (1000 * 2 + 100 * 10) / 1e6)
        #expect(r.ledger.total(.work).calls == 50)
    }

    /// Jobs arrive at 2, 4, ..., 40 s and take 1 s; the only agent is down from 10 s to 20 s. FIFO
    /// after the restart: the jobs that arrived at 10, 12, ..., 18 s start at 20, 21, ..., 24 s
    /// (latencies 11, 10, 9, 8, 7: the remaining outage plus their place in the queue), the backlog
    /// then delays the jobs of 20..28 s (6, 5, 4, 3, 2), and from 30 s on every job takes 1 s again.
    @Test func aCrashOfTheOnlyAgentDelaysTheJobsOfTheWindowExactly() throws {
        let s = ScenarioRunner.run(
            try Self.single(jobs: 20, extra: #", "faults": [{"at": "10s", "for": "10s", "crash": "a"}]"#),
            replication: 0)
        #expect(s.jobsCompleted == 20)
        #expect(s.faultsInjected == 1)
        let latencies = [1, 1, 1, 1, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2] + Array(repeating: 1, count: 6)
        #expect(s.latencyMaxSeconds == 11)
        #expect(abs(s.latencyMeanSeconds - Double(latencies.reduce(0, +)) / 20) < 1e-9)
    }

    /// A call in service when its agent crashes never answers: only its timeout notices, and the
    /// retry runs once the agent is back.
    @Test func aCallLostInACrashIsRecoveredByItsTimeoutAndARetry() throws {
        // The job arriving at 10 s starts at once; the crash at 10.5 s loses it. Its 6 s timeout fires
        // at 16 s; the retry (deadline 22 s) waits for the restart at 20 s: done at 21 s, latency 11 s.
        let scenario = try Self.single(
            jobs: 5, interval: 10,
            extra: """
                , "policies": {"timeout": "6s",
                               "retry": {"max_attempts": 3, "backoff": "constant", "base": "0s", "cap": "0s", "jitter": "none"}},
                  "faults": [{"at": "10500ms", "for": "9500ms", "crash": "a[0]"}]
                """)
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.jobsCompleted == 5)
        #expect(r.summary.timeouts == 1 && r.summary.retries == 1)
        #expect(r.summary.latencyMaxSeconds == 11)
        #expect(r.ledger.total(.abandoned).calls == 1)  // the lost call's tokens are still paid
    }

    /// Without a timeout nothing ever learns of the lost call: the job stays in flight (the kind of
    /// silent-crash hang the chaos runs' liveness phase is for).
    @Test func withoutATimeoutALostCallHangsItsJob() throws {
        let scenario = try Self.single(
            jobs: 5, interval: 10, extra: #", "faults": [{"at": "10500ms", "for": "9500ms", "crash": "a"}]"#)
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.jobsCompleted == 4)
        #expect(s.jobsInFlight == 1)
    }

    @Test func anAbandonedCallStillCosts() throws {
        // Service 1 s, timeout 0.5 s, no retry, not cancellable: every attempt times out and its
        // call still runs to the end and is paid for as abandoned.
        let scenario = try Self.single(jobs: 10, extra: #", "policies": {"timeout": "500ms"}"#)
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.timeouts == 10)
        #expect(r.summary.jobsFailed == 10)
        #expect(r.ledger.total(.abandoned).calls == 10)
        #expect(r.summary.wastedCostUSD == r.summary.costUSD)
        #expect(r.summary.costAmplification == nil)  // nothing useful was bought
    }

    @Test func cancellableTimeoutsFreeTheAgentAndStillBookWhatRan() throws {
        let scenario = try Self.single(
            jobs: 10, extra: #", "policies": {"timeout": "500ms", "cancellable": true}"#)
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.timeouts == 10)
        #expect(r.ledger.total(.abandoned).calls == 10)
        #expect(r.summary.simTimeSeconds < 2 * 10 + 0.5 + 1e-9)  // the last call was cut at its timeout
    }

    @Test func errorsAreRetriedUpToTheLimitAndExhaustedJobsGoToTheDeadLetterQueue() throws {
        // Every call fails: each job makes exactly max_attempts calls, then is dead-lettered.
        let scenario = try Self.single(
            jobs: 10,
            extra:
                #", "policies": {"dead_letter": true, "retry": {"max_attempts": 3, "backoff": "constant", "base": "0s", "cap": "0s", "jitter": "none"}}"#,
            role: #", "error_rate": 1"#)
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.summary.llmCalls == 30)
        #expect(r.summary.retries == 20)
        #expect(r.summary.dlqJobs == 10)
        #expect(r.summary.jobsFailed == 0)
        #expect(
            r.summary.jobsArrived == r.summary.jobsCompleted + r.summary.jobsFailed + r.summary.dlqJobs
                + r.summary.jobsInFlight)
        #expect(r.ledger.total(.retry).calls == 30)
        // The queue's size over time: it fills as jobs exhaust their attempts, never shrinks, and
        // the last row holds all of it.
        let dlq = r.series.map(\.deadLettered)
        #expect(dlq == dlq.sorted() && dlq.first == 0 && dlq.last == 10)
        #expect(DetailCSV.series([r]).split(separator: "\n")[0].hasSuffix(",faults_active,dlq"))
    }

    @Test func errorRatesAreHonouredWithinASampleSizeTolerance() throws {
        // p = 0.2, one attempt: failures ~ Binomial(n, 0.2); tolerance 5 sd = 5·√(n·0.16).
        let n = 4000
        let scenario = try Self.single(jobs: n, interval: 1.5, role: #", "error_rate": 0.2"#)
        let s = ScenarioRunner.run(scenario, replication: 0)
        let expected = 0.2 * Double(n)
        #expect(abs(Double(s.jobsFailed) - expected) <= 5 * (Double(n) * 0.16).squareRoot())
    }

    @Test func aSlowdownMultipliesServiceTimeExactly() throws {
        // Jobs every 10 s; a 3× slowdown from 25 s to 55 s: the jobs arriving at 30, 40 and 50 s take
        // 3 s, the others 1 s.
        let scenario = try Self.single(
            jobs: 8, interval: 10,
            extra: #", "faults": [{"at": "25s", "for": "30s", "role": "a", "slowdown": 3}]"#)
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.latencyMaxSeconds == 3)
        #expect(abs(s.latencyMeanSeconds - (5 * 1 + 3 * 3) / 8.0) < 1e-9)
    }

    @Test func aRetryOfAnEndedJobNeverActsOnTheJobThatReusesItsSlot() throws {
        // Jobs at 2, 4, ..., 10 s; the one agent is down over [2.5 s, 8 s), so job 0's call (2 s) is
        // lost. Job 0 times out at 6.6 s; its attempt times out at 7.5 s, with a retry due at 8.5 s.
        // Had the attempt's reference been dropped before the retry took its own, job 0's slot
        // would be free at 7.5 s, job 3 (8 s) would get it, and at 8.5 s the retry would find "its"
        // job active and run job 0's task again as job 3's: one call too many.
        // What happens: the retry finds job 0 ended and is dropped. From 8 s the agent serves jobs
        // 1 (8-9 s, after its 8.6 s deadline), 2, 3 and 4 (9-10, 10-11, 11-12 s, in time).
        var scenario = try Self.single(
            jobs: 5,
            extra: #", "faults": [{"at": "2500ms", "for": "5500ms", "role": "a", "crash": true}], "#
                + #""policies": {"timeout": "5500ms", "job_timeout": "4600ms", "retry": {"max_attempts": 2, "#
                + #""backoff": "constant", "base": "1s", "cap": "1s", "jitter": "none"}}"#)
        scenario.checkInvariants = true
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.violations == [])
        #expect(r.summary.jobsFailed == 2 && r.summary.jobsCompleted == 3)
        #expect(r.summary.llmCalls == 5)  // the lost call and four served; no sixth for the stale retry
        #expect(r.summary.retries == 1 && r.summary.timeouts == 1)
    }

    @Test func overlappingSlowdownsDoNotStack() throws {
        // A 3× slowdown over [25 s, 55 s) and a 2× one over [35 s, 65 s): the job of 30 s takes
        // 3 s, those of 40 and 50 s 3 s (the stronger, not 6 s), the one of 60 s 2 s.
        let scenario = try Self.single(
            jobs: 8, interval: 10,
            extra: #", "faults": [{"at": "25s", "for": "30s", "role": "a", "slowdown": 3}, "#
                + #"{"at": "35s", "for": "30s", "role": "a", "slowdown": 2}]"#)
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.latencyMaxSeconds == 3)
        #expect(abs(s.latencyMeanSeconds - (4 * 1 + 3 * 3 + 2) / 8.0) < 1e-9)
    }
}

@Suite struct ContextGrowthTests {
    /// A hub whose coordinator re-reads everything so far: route call k of a job carries k × growth
    /// more input tokens. With c step copies per job the coordinator's calls are plan, c routes and
    /// synthesis (c + 2 calls), so the extra input per job is growth × (0 + 1 + ... + (c + 1)).
    @Test(arguments: [1, 3, 6])
    func aCoordinatorThatRereadsItsHistoryPaysQuadratically(copies: Int) throws {
        let growth = 500
        let scenario = try ScenarioLoader.load(
            json: """
                {"name": "cg", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1/min"}, "jobs": 5,
                   "job": {"steps": [{"name": "s", "skill": "s", "fanout": \(copies)}]}},
                 "agents": {"lead": {"skills": ["lead"], "latency": "1s", "context_growth": \(growth)},
                            "w": {"count": 4, "skills": ["s"], "latency": "1s"}},
                 "pattern": {"type": "hub_and_spoke", "coordinator": "lead",
                   "plan": {"tokens_in": 0, "tokens_out": 0}, "route": {"tokens_in": 0, "tokens_out": 0},
                   "synthesize": {"tokens_in": 0, "tokens_out": 0}}}
                """, file: "cg.json", baseDirectory: "/tmp"
        ).scenario
        let s = ScenarioRunner.run(scenario, replication: 0)
        let calls = copies + 2
        #expect(s.tokensIn == 5 * growth * calls * (calls - 1) / 2)
    }
}
