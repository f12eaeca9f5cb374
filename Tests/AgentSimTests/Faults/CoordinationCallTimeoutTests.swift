import Testing

@testable import AgentSim

/// Coordination calls on a role with a timeout are guarded like work: a call lost with a crashed
/// agent is retried, and when no attempt is left the coordinator hears `coordinationFailed`.
///
/// The scenario: jobs at 10, 20, 30 s; a planner coordinator asks its one `lead` (1 s per call) for
/// a plan, then gives the job's one step to the one worker (1 s). Every role times out at 3 s and
/// retries after a constant 1 s, without jitter, so every time below is exact.
@Suite struct CoordinationCallTimeoutTests {
    struct Planner: Coordinator {
        var name: String { "planner" }
        var failures: [(job: UInt64, reason: TaskFailure, at: SimTime)] = []
        mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
            let lead = ctx.pool(forRole: "lead")!
            ctx.coordinationCall(for: job, tag: 1, on: lead, tokensIn: 100, tokensOut: 10)
        }
        mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
            ctx.startJob(call.job)
        }
        mutating func coordinationFailed(
            _ call: CoordinationCall, reason: TaskFailure, _ ctx: inout CoordinationContext
        ) {
            failures.append((ctx.serialNumber(of: call.job), reason, ctx.now))
            ctx.giveUp(call.job, reason: "no plan")
        }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.submit(task, to: ctx.pool(of: task))
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            ctx.completeTask(result.task, by: result.agent)
        }
    }

    static func scenario(crash: String, attempts: Int, timeout: Bool = true) throws -> Scenario {
        let policies =
            timeout
            ? #", "policies": {"timeout": "3s", "retry": {"max_attempts": \#(attempts), "#
                + #""backoff": "constant", "base": "1s", "cap": "1s", "jitter": "none"}}"#
            : ""
        var scenario = try ScenarioLoader.load(
            json: """
                {"name": "plan", "seed": 4,
                 "workload": {"arrivals": {"process": "constant", "rate": 0.1}, "jobs": 3,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"lead": {"skills": ["plan"], "latency": "1s"}, "w": {"skills": ["s"], "latency": "1s"}},
                 "faults": [{"at": "10500ms", "for": "\(crash)", "role": "lead", "crash": true}]\(policies)}
                """, file: "plan.json", baseDirectory: "/tmp"
        ).scenario
        scenario.checkInvariants = true
        return scenario
    }

    static func run(_ scenario: Scenario) -> (Planner, RunSummary, [Violation]) {
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario)) { _ in
            Planner()
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let summary = engine.summary(
            scenario: scenario.name, replication: 0, seed: scenario.seed, coordinatorRole: nil)
        return (engine.coordinator, summary, engine.ctx.violations)
    }

    @Test func aPlanLostInACrashIsRetriedAfterItsTimeout() throws {
        // Job 0's plan starts at 10 s and is lost at 10.5 s. It times out at 13 s; the retry is
        // submitted at 14 s and waits for the lead, which restarts at 15.5 s and answers at 16.5 s
        // (before the retry's own timeout at 17 s); the work ends at 17.5 s: 7.5 s. Jobs 1 and 2
        // take 2 s.
        let (planner, summary, violations) = Self.run(try Self.scenario(crash: "5s", attempts: 3))
        #expect(violations == [])
        #expect(planner.failures.isEmpty)
        #expect(summary.jobsCompleted == 3)
        #expect(summary.latencyMaxSeconds == 7.5)
        #expect(abs(summary.latencyMeanSeconds - (7.5 + 2 + 2) / 3) < 1e-12)
        #expect(summary.timeouts == 1 && summary.retries == 1)
        #expect(summary.coordinationCalls == 4)  // the lost one started, and was paid for
    }

    @Test func aPlanWhoseAttemptsRunOutIsReportedAndTheJobEnds() throws {
        // The lead is down from 10.5 s to 40.5 s, two attempts each. Job 0: lost at 10.5 s, times
        // out at 13 s, retried at 14 s (queued), times out at 17 s: failed. Jobs 1 and 2: queued at
        // 20 / 30 s, time out at 23 / 33 s, retried at 24 / 34 s, fail at 27 / 37 s. The five
        // abandoned queued calls still run once the lead is back (they are not cancellable).
        let (planner, summary, violations) = Self.run(try Self.scenario(crash: "30s", attempts: 2))
        #expect(violations == [])  // every job ended: nothing hangs
        #expect(planner.failures.map(\.job) == [0, 1, 2])
        #expect(planner.failures.map(\.reason) == [.timeout, .timeout, .timeout])
        #expect(planner.failures.map(\.at) == [17, 27, 37].map { SimTime.zero + .seconds($0) })
        #expect(summary.jobsFailed == 3 && summary.jobsCompleted == 0)
        #expect(summary.timeouts == 6 && summary.retries == 3)
        #expect(summary.coordinationCalls == 6)
        #expect(summary.simTimeSeconds == 45.5)
    }

    @Test func withoutATimeoutALostPlanHangsItsJob() throws {
        // The same crash without policies: nothing ever learns that job 0's plan was lost.
        let (_, summary, violations) = Self.run(try Self.scenario(crash: "5s", attempts: 3, timeout: false))
        #expect(summary.jobsCompleted == 2 && summary.jobsInFlight == 1)
        #expect(violations.map(\.invariant) == [.liveness])
    }
}
