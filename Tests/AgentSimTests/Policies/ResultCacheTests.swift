import Testing

@testable import AgentSim

/// Asks for every task's work twice at once, as an at-least-once bus or a careless client would,
/// and completes each copy once.
private struct DoubleSubmitter: Coordinator {
    var finished: Set<TaskRef> = []
    var name: String { "double" }
    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        ctx.submit(task, to: ctx.pool(of: task))
        ctx.submit(task, to: ctx.pool(of: task))
    }
    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        if finished.insert(result.task).inserted { ctx.completeTask(result.task, by: result.agent) }
    }
    /// Task ids are valid only while their job is in flight: forget them when it ends.
    mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        finished = finished.filter { $0.job != job }
        ctx.completeJob(job)
    }
}

@Suite struct ResultCacheTests {
    static func scenario(cache: Bool, extra: String = "") throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "rc", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "1/s"}, "jobs": 20,
                   "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 100}]}},
                 "models": {"m": {"input_per_mtok": 1}},
                 "agents": {"a": {"count": 4, "skills": ["s"], "model": "m", "latency": "3s"}},
                 "policies": {"result_cache": \(cache)\(extra)}}
                """, file: "rc.json", baseDirectory: "/tmp"
        ).scenario
    }

    static func run(_ scenario: Scenario) -> RunSummary {
        var engine = Engine(
            scenario: scenario, seed: 1, fleet: Fleet(scenario: scenario), coordinator: DoubleSubmitter())
        engine.run(until: .never, maxEvents: 1_000_000)
        return engine.summary(scenario: "rc", replication: 0, seed: 1, coordinatorRole: nil)
    }

    @Test func withoutACacheConcurrentDuplicatesBothPay() throws {
        let s = Self.run(try Self.scenario(cache: false))
        #expect(s.jobsCompleted == 20)
        #expect(s.llmCalls == 40)
        #expect(s.cacheHits == 0)
    }

    @Test func withACacheTheDuplicateJoinsTheCallInService() throws {
        let s = Self.run(try Self.scenario(cache: true))
        #expect(s.jobsCompleted == 20)
        #expect(s.llmCalls == 20)
        #expect(s.cacheHits == 20)
        #expect(s.costUSD == 20 * 100 / 1e6)
    }

    /// Service 3 s, timeout 2 s, immediate retry: without a cache every retry pays for a new call
    /// while the abandoned one runs on; with it, the retry joins the abandoned call and gets its result.
    @Test func aRetryJoinsItsAbandonedPredecessorsCall() throws {
        let retry =
            #", "timeout": "2s", "retry": {"max_attempts": 3, "backoff": "constant", "base": "0s", "cap": "0s", "jitter": "none"}"#
        let plain = ScenarioRunner.run(try Self.scenario(cache: false, extra: retry), replication: 0)
        let cached = ScenarioRunner.run(try Self.scenario(cache: true, extra: retry), replication: 0)
        #expect(plain.jobsCompleted == 0)  // every attempt times out: 3 s of service, 2 s allowed
        #expect(plain.llmCalls == 60)
        #expect(cached.jobsCompleted == 20)  // the second attempt gets the first call's result at 3 s
        #expect(cached.llmCalls == 20)
        #expect(cached.wastedCostUSD < plain.wastedCostUSD)
    }
}
