import Foundation
import Testing

@testable import AgentSim

/// A job slot is reused once its job has ended: nothing a pattern or the runtime kept for the old
/// job may act on the new one. Each test schedules the fault that ends a job early and checks the
/// run, every invariant on, and exactly what happened to the jobs after it.
@Suite struct SlotReuseTests {
    static func load(_ json: String) throws -> Scenario {
        var scenario = try ScenarioLoader.load(json: json, file: "slot-reuse.json", baseDirectory: "/tmp")
            .scenario
        scenario.checkInvariants = true
        return scenario
    }

    // MARK: - Stigmergy: tasks a failed job left in the environment

    /// Two ants (10 s a task), a job every 40 s: step a (3 copies), then b. An error burst fails both
    /// calls ending at 50 s, so job 0 fails with its third copy of a still in the environment. Job 1
    /// takes job 0's slot at 80 s; with evaporation 0 the old copy is the oldest entry, first in line.
    static let staleMarks = """
        {"name": "stale-marks", "seed": 1,
         "workload": {"arrivals": {"process": "constant", "rate": "1.5/min"}, "jobs": 3,
           "job": {"steps": [{"name": "a", "skill": "s", "fanout": 3}, {"name": "b", "skill": "s", "after": ["a"]}]}},
         "agents": {"ant": {"count": 2, "skills": ["s"], "latency": "10s"}},
         "pattern": {"type": "stigmergy", "evaporation": 0},
         "faults": [{"at": "45s", "for": "10s", "role": "ant", "error_rate": 1}]}
        """

    /// The old copy is swept, not picked as job 1's copy 2 (which then ran twice: a step completed
    /// more often than it has copies): job 1 and job 2 each make exactly their own four picks.
    @Test func aFailedJobsPendingTasksAreNotPickedForTheJobThatReusesItsSlot() throws {
        let scenario = try Self.load(Self.staleMarks)
        let run = ChaosRunner.builtIn(scenario).run(seed: scenario.seed)
        #expect(run.result.violations.map(\.description) == [])
        let s = run.result.summary
        #expect(s.jobsArrived == 3)
        #expect(s.jobsFailed == 1)
        #expect(s.jobsCompleted == 2)
        #expect(s.jobsInFlight == 0)
        #expect(s.llmCalls == 2 + 4 + 4)  // job 0: the two calls the burst failed; then 3 + 1 each

        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario)) {
            var coordinator = Stigmergy(
                spec: StigmergySpec(parameters: scenario.pattern.parameters), ctx: &$0)
            coordinator.pickTrace = []
            return coordinator
        }
        engine.run(until: .never, maxEvents: 10_000)
        #expect(engine.ctx.violations.isEmpty)
        let picks = engine.coordinator.pickTrace!.map {
            "\($0.serial):\($0.step).\($0.copy)@\($0.agent.index)"
        }
        #expect(
            picks == [
                "0:0.0@0", "0:0.1@1",  // both fail at 50 s; copy 2 stays behind
                "1:0.0@0", "1:0.1@1", "1:0.2@0", "1:1.0@1",
                "2:0.0@0", "2:0.1@1", "2:0.2@0", "2:1.0@1",
            ])
        #expect(engine.ctx.stats.failureReasons == ["task failed: error": 1])
    }

    /// Two ants, a job every 20 s (step a with 3 copies, then b). The burst hits ant[0] alone, so
    /// job 0 fails at 30 s when its copy 0 fails there, and ant[1]'s copy 1 finishes right after, for
    /// a job that has ended: the ant looks for work on a zero timer that names the ended job.
    static let lateFinish = """
        {"name": "late-finish", "seed": 1,
         "workload": {"arrivals": {"process": "constant", "rate": "3/min"}, "jobs": 4,
           "job": {"steps": [{"name": "a", "skill": "s", "fanout": 3}, {"name": "b", "skill": "s", "after": ["a"]}]}},
         "agents": {"ant": {"count": 2, "skills": ["s"], "latency": "10s"}},
         "pattern": {"type": "stigmergy"},
         "faults": [{"at": "25s", "for": "10s", "role": "ant", "agents": 0, "error_rate": 1}]}
        """

    /// That timer took a reference on a slot already freed, so the slot was freed again when it
    /// fired; jobs 1 and 2 then shared it. Now each later job has a slot of its own and completes.
    @Test func aTimerForAnEndedJobDoesNotFreeItsSlotTwice() throws {
        let scenario = try Self.load(Self.lateFinish)
        let run = ChaosRunner.builtIn(scenario).run(seed: scenario.seed)
        #expect(run.result.violations.map(\.description) == [])
        let s = run.result.summary
        #expect(s.jobsFailed == 1)
        #expect(s.jobsCompleted == 3)
        #expect(s.llmCalls == 2 + 3 * 4)

        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario)) {
            Stigmergy(spec: StigmergySpec(parameters: scenario.pattern.parameters), ctx: &$0)
        }
        engine.run(until: .never, maxEvents: 10_000)
        #expect(engine.ctx.violations.isEmpty)
        #expect(engine.ctx.freeJobSlots.sorted() == (0..<UInt32(engine.ctx.jobs.count)).map { $0 })
        #expect(engine.ctx.jobs.allSatisfy { !$0.active && $0.refs == 0 })
    }

    // MARK: - A retry after the job ended (consensus after a crash)

    /// Nine checkers (4 s a call), a job every 5 s: extract, then verify, each decided by 3 voters
    /// (30 s round deadline). checker[0] crashes at 10 s and loses job 0's verify vote; the deadline
    /// decides job 0 with two votes at 39 s. The lost vote's attempt times out at 69 s, after its job
    /// ended, and is retried at once (dropped: its job is over). A slowdown from 80 s raises the jobs
    /// in flight, so every free slot is taken again.
    static let lostVote = """
        {"name": "lost-vote", "seed": 1,
         "workload": {"arrivals": {"process": "constant", "rate": "12/min"}, "jobs": 30,
           "job": {"steps": [{"name": "extract", "skill": "check"}, {"name": "verify", "skill": "check", "after": ["extract"]}]}},
         "agents": {"checker": {"count": 9, "skills": ["check"], "latency": "4s"}},
         "network": {"latency": 0},
         "pattern": {"type": "consensus", "voters": 3, "rule": "majority", "timeout": "30s"},
         "policies": {"timeout": "60s", "retry": {"max_attempts": 2, "backoff": "constant", "base": 0}},
         "faults": [{"at": "10s", "for": "1s", "crash": "checker[0]"},
                    {"at": "80s", "for": "40s", "role": "checker", "slowdown": 4}]}
        """

    /// The timed-out attempt used to give its slot reference back before its retry took one: the
    /// slot was freed twice, and two later jobs shared it (the votes of one acted on the other: work
    /// on a step before it was ready). Every job now ends once, in a slot of its own.
    @Test func aRetryAfterItsJobEndedDoesNotFreeTheJobsSlotTwice() throws {
        let scenario = try Self.load(Self.lostVote)
        let run = ChaosRunner.builtIn(scenario).run(seed: scenario.seed)
        #expect(run.result.violations.map(\.description) == [])
        let s = run.result.summary
        #expect(s.jobsCompleted == 30)
        #expect(s.jobsFailed == 0)
        #expect(s.timeouts == 1)
        #expect(s.retries == 1)

        let spec = ConsensusSpec(parameters: scenario.pattern.parameters)
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario)) {
            Consensus(spec: spec, ctx: &$0)
        }
        engine.run(until: .never, maxEvents: 100_000)
        #expect(engine.ctx.violations.isEmpty)
        // Every slot is free once at the end, and held by no one.
        let free = engine.ctx.freeJobSlots
        #expect(free.sorted() == (0..<UInt32(engine.ctx.jobs.count)).map { $0 })
        #expect(engine.ctx.jobs.allSatisfy { !$0.active && $0.refs == 0 })
    }

    // MARK: - The example, every rule, under worker crashes

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    /// consensus-vote under the crash suite of the built-in chaos tests (worker crashes, 5-minute
    /// attempt timeouts, 3 attempts) with every rule: the seeds that failed with causality before
    /// (each rule failed on 7 to 11 of these 12) pass, and every job ends.
    @Test(arguments: ConsensusRule.allCases)
    func consensusSurvivesWorkerCrashesUnderEveryRule(_ rule: ConsensusRule) throws {
        let scenario = try ScenarioLoader.load(
            path: "\(Self.folder)/consensus-vote.json",
            overrides: [
                "workload.jobs=150", "pattern.rule=\(rule.rawValue)",
                #"policies={"timeout": "5m", "retry": {"max_attempts": 3}}"#,
                #"chaos={"horizon": "20m", "drain": "4h", "swarm": false, "rates": {"crash": "1/3m"}}"#,
            ]
        ).scenario
        let runner = ChaosRunner.builtIn(scenario)
        for seed in scenario.seed..<(scenario.seed + 12) {
            let run = runner.run(seed: seed)
            #expect(run.violation == nil, "seed \(seed): \(run.violation?.description ?? "")")
            let s = run.result.summary
            #expect(s.jobsCompleted + s.jobsFailed + s.dlqJobs == 150)
        }
    }
}
