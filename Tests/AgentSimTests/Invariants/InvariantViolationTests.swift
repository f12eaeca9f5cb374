import Testing

@testable import AgentSim

/// Each invariant, broken on purpose by a deliberately wrong coordinator, is reported under its
/// own name. Invariants the public API cannot break (conservation, the clock, the ledger) are broken
/// by coordinators that reach into the engine's internals (`@testable`), standing in for an engine bug.
@Suite struct InvariantViolationTests {
    @Test func aCorrectCoordinatorBreaksNothing() throws {
        #expect(InvariantTestSupport.violations(try InvariantTestSupport.scenario(), Baseline()) == [])
    }

    /// Completes every job twice.
    struct EndsTwice: Coordinator {
        var base = Baseline()
        var name: String { "ends-twice" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
        mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.completeJob(job)
            ctx.failJob(job, reason: "again")
        }
    }

    @Test func endingAJobTwiceIsReported() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 3), EndsTwice())
        #expect(v.count == 3)
        #expect(v.allSatisfy { $0.invariant == .noJobEndsTwice })
        // Job #0 arrives at 2 s (constant arrivals start one interval in) and takes 2 s.
        #expect(v.first?.time == .zero + .seconds(4))
        #expect(v.first?.job == 0)
        #expect(v.first?.seed == 7)
    }

    /// Completes the first step without doing it.
    struct SkipsWork: Coordinator {
        var base = Baseline()
        var name: String { "skips-work" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            if task.step == 0 {
                ctx.completeTask(task, by: agent)
            } else {
                base.taskReady(task, from: agent, &ctx)
            }
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func completingATaskNobodyWorkedOnBreaksCausality() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 2), SkipsWork())
        #expect(v.map(\.invariant) == [.causality, .causality])
        #expect(v[0].time == .zero + .seconds(2) && v[0].job == 0)
        #expect(v[0].detail.contains("before any work on it finished"))
    }

    /// Starts the second step of every job at once, before the first has finished.
    struct Eager: Coordinator {
        var base = Baseline()
        var name: String { "eager" }
        mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
            ctx.startJob(job)
            ctx.submit(
                TaskRef(job: job, step: 1, copy: 0), to: ctx.pool(of: TaskRef(job: job, step: 1, copy: 0)))
        }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            if task.step == 0 { base.taskReady(task, from: agent, &ctx) }
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func startingAStepBeforeItsInputsBreaksCausality() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 1), Eager())
        // Step b starts at 2 s with step a; it ends at 3 s: started early, completed before it was
        // ready, and then once more than it has copies, which leaves the job stuck.
        #expect(v.map(\.invariant) == [.causality, .causality, .noTaskCompletesTwice, .liveness])
        #expect(v[0].time == .zero + .seconds(3))
        #expect(v[0].detail.contains("started at 2.0s before the step was ready"))
    }

    /// Uses every result of the first step twice.
    struct UsesResultsTwice: Coordinator {
        var base = Baseline()
        var name: String { "twice" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
            if result.task.step == 0 { base.taskFinished(result, &ctx) }
        }
    }

    @Test func completingAStepMoreOftenThanItHasCopiesIsReported() throws {
        let v = InvariantTestSupport.violations(
            try InvariantTestSupport.scenario(jobs: 2), UsesResultsTwice())
        #expect(v.map(\.invariant) == [.noTaskCompletesTwice, .noTaskCompletesTwice])
        #expect(v[0].time == .zero + .seconds(3) && v[0].job == 0 && v[0].agent == "w[0]")
    }

    /// Holds each finishing agent once but releases it twice.
    struct ReleasesTwice: Coordinator {
        var base = Baseline()
        var name: String { "release-twice" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            ctx.hold(result.agent)
            ctx.release(result.agent)
            ctx.release(result.agent)
            base.taskFinished(result, &ctx)
        }
    }

    @Test func releasingAnAgentThatHoldsNothingIsReportedNotFatal() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 2), ReleasesTwice())
        // Two jobs of two steps: four finishes, each with one release too many; the run goes on and
        // both jobs complete (no liveness violation).
        #expect(v.map(\.invariant) == Array(repeating: .holdBalance, count: 4))
        #expect(v[0].time == .zero + .seconds(3) && v[0].agent == "w[0]")
        #expect(v[0].detail == "released an agent that holds nothing")
    }

    /// Delegates one level deeper than the scenario allows.
    struct TooDeep: Coordinator {
        var base = Baseline()
        var name: String { "too-deep" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.recordDelegationDepth(4)
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func delegatingPastTheLimitIsReported() throws {
        var scenario = try InvariantTestSupport.scenario(jobs: 1)
        #expect(InvariantTestSupport.violations(scenario, TooDeep()) == [])  // no limit set: fine
        scenario.pattern = PatternSpec(name: "handoff", parameters: PatternParameters(["max_depth": .int(3)]))
        let v = InvariantTestSupport.violations(scenario, TooDeep())
        #expect(v.count == 2 && v.allSatisfy { $0.invariant == .delegationDepth })
    }

    /// Never submits the second step: every job hangs.
    struct Forgets: Coordinator {
        var base = Baseline()
        var name: String { "forgets" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            if task.step == 0 { base.taskReady(task, from: agent, &ctx) }
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func aJobThatCanNeverEndBreaksLiveness() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 3), Forgets())
        // Every stuck job is its own violation, oldest first, each with the exact count; each was
        // left after its first step's call finished (the second step was never dispatched).
        #expect(v.map(\.invariant) == [.liveness, .liveness, .liveness])
        #expect(v.map(\.job) == [0, 1, 2])
        #expect(v[0].detail.contains("stuck") && v[0].detail.contains("3 jobs stuck in all"))
        #expect(v.allSatisfy { $0.stuck?.stuckJobs == 3 && $0.stuck?.lastEvent == "call finished" })
    }

    /// Counts a completion that never happened (an engine bug, simulated).
    struct MiscountsCompletions: Coordinator {
        var base = Baseline()
        var name: String { "miscounts" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            if ctx.stats.jobsCompleted == 1 && result.task.step == 1 { ctx.stats.jobsCompleted += 1 }
            base.taskFinished(result, &ctx)
        }
    }

    @Test func aMiscountedJobBreaksConservation() throws {
        let v = InvariantTestSupport.violations(
            try InvariantTestSupport.scenario(jobs: 3), MiscountsCompletions())
        // Job #1 arrives at 4 s; its last step ends at 6 s, when the phantom completion is counted.
        #expect(v.first?.invariant == .jobConservation)
        #expect(v.first?.time == .zero + .seconds(6))
        #expect(v.count == 1)  // reported when the discrepancy appears, not at every later event
    }

    /// Makes the checker believe an event at 4 s was already handled at 3 s (an engine that ran
    /// events out of order, simulated).
    struct TurnsTheClockBack: Coordinator {
        var base = Baseline()
        var name: String { "clock" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
            if ctx.now == .zero + .seconds(3) { ctx.invariantObserver?.checker.lastNanos = 4_000_000_000 }
        }
    }

    @Test func aClockGoingBackIsReported() throws {
        let v = InvariantTestSupport.violations(
            try InvariantTestSupport.scenario(jobs: 3), TurnsTheClockBack())
        #expect(v.map(\.invariant) == [.monotonicClock])
        #expect(v.first?.time == .zero + .seconds(3))
    }

    /// Counts a call that was never made (an engine bug, simulated).
    struct PhantomCall: Coordinator {
        var base = Baseline()
        var name: String { "phantom" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            if ctx.stats.calls == 0 { ctx.stats.calls += 1 }
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func aCallMissingFromTheLedgerIsReported() throws {
        let v = InvariantTestSupport.violations(try InvariantTestSupport.scenario(jobs: 2), PhantomCall())
        #expect(v.map(\.invariant) == [.ledgerMatchesCalls])
        #expect(v[0].detail.contains("holds 4 calls but 5 calls started"))
    }

    /// 5 jobs of two 110-token calls under a hard run budget of 500 tokens: four calls (440 tokens)
    /// fit, the fifth (550) is refused and every later call too.
    static func budgeted() throws -> Scenario {
        var scenario = try ScenarioLoader.load(
            json: """
                {"name": "inv", "seed": 7,
                 "workload": {"arrivals": {"process": "constant", "rate": 0.5}, "jobs": 5,
                   "job": {"steps": [{"name": "a", "skill": "s"}, {"name": "b", "skill": "s", "after": ["a"]}]}},
                 "agents": {"w": {"skills": ["s"], "latency": "1s", "tokens_in": 100, "tokens_out": 10}},
                 "policies": {"budgets": [{"scope": "run", "tokens": 500}]}}
                """, file: "inv.json", baseDirectory: "/tmp"
        ).scenario
        scenario.checkInvariants = true
        return scenario
    }

    @Test func aHardBudgetThatHeldIsNoViolation() throws {
        let result = ScenarioRunner.detailedRun(try Self.budgeted(), replication: 0)
        #expect(result.ledger.total.tokensIn + result.ledger.total.tokensOut == 440)
        #expect(result.violations.isEmpty)
    }

    /// Checks a lower limit than the engine enforced (an enforcement bug, simulated).
    struct LaxEnforcement: Coordinator {
        var base = Baseline()
        var name: String { "lax" }
        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.budgets.hardCaps[0].tokens = 300
            base.taskReady(task, from: agent, &ctx)
        }
        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            base.taskFinished(result, &ctx)
        }
    }

    @Test func aHardBudgetExceededIsReported() throws {
        let v = InvariantTestSupport.violations(try Self.budgeted(), LaxEnforcement())
        #expect(v.map(\.invariant) == [.hardBudget])
        #expect(v.first?.detail == "run spent 440 tokens, over its hard limit of 300")
    }

    @Test func aViolationRendersOnOneLine() {
        let v = Violation(
            invariant: .liveness, time: .zero + .seconds(2400), job: 17, agent: "worker[2]", seed: 42,
            detail: "still in flight")
        #expect(v.description == "liveness at t=2400.0s (job #17, agent worker[2], seed 42): still in flight")
    }
}
