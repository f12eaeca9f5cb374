import Foundation
import Testing

@testable import AgentSim

/// Failures chaos found in the handoff, market and hub-and-spoke patterns under crashes with 429
/// storms or error bursts, each pinned down: a small scheduled-fault scenario whose every time is
/// exact, and the failing seeds' shrunk fault schedules replayed inline.
///
/// The bug was in the attempt machinery, not in the patterns: an attempt whose call was lost in a
/// crash times out after its job has ended (another task of the job failed for good meanwhile).
/// Removing the attempt freed the job's slot, and the retry then took a reference on the free slot
/// and freed it a second time when it found its job ended. Two later jobs were then given the same
/// slot, and one's calls, results and step counters acted on the other (causality,
/// no_task_completes_twice). The timeout now holds the job until the retry holds it, and a
/// reference taken on a free slot takes it off the free list; these tests fail only when both
/// defences are gone.
///
/// A second bug of the same machinery, found while reading the 429 path: an attempt abandoned at
/// its timeout while queued (not cancellable) was already retried then, and a 429 when it finally
/// started retried it a second time, so two chains of attempts ran and the task's result was used
/// twice.
@Suite struct ChaosRegressionTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    /// Runs `scenario` (checked) under its own pattern and returns the engine's end state.
    static func run(_ json: String) throws -> (
        summary: RunSummary, violations: [Violation], slots: [UInt32], free: [UInt32]
    ) {
        var scenario = try ScenarioLoader.load(json: json, file: "regression.json", baseDirectory: "/tmp")
            .scenario
        scenario.checkInvariants = true
        let parameters = scenario.pattern.parameters
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario)) {
            HandoffPattern.makeCoordinator(parameters, &$0)
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let summary = engine.summary(
            scenario: scenario.name, replication: 0, seed: scenario.seed, coordinatorRole: nil)
        return (
            summary, engine.ctx.violations, Array(0..<UInt32(engine.ctx.jobs.count)), engine.ctx.freeJobSlots
        )
    }

    @Test func aLostCallThatTimesOutAfterItsJobEndedFreesTheSlotOnce() throws {
        // Handoff; both agents of `w` do every step (25 s each); a job is a and b in parallel, then
        // c, then d. Jobs arrive at 60, 120 and 180 s. Job 0: a starts on w[0] and is lost when w[0]
        // crashes at 60.5 s; b meets a 429 storm on w[1] at 60, 61 and 62 s and fails for good,
        // which fails the job at 62 s. At 90 s a's attempt times out and is retried; at 91 s the
        // retry finds its job ended and goes away. Job 0's slot is free once: job 1 (120 s) takes
        // it, and job 2 (180 s), arriving while job 1 is still on its last step, takes a new slot.
        // Jobs 1 and 2 each take 4 × 25 s of work in a chain of three: 75 s.
        let (summary, violations, slots, free) = try Self.run(
            """
            {"name": "lost-call", "seed": 1,
             "workload": {"arrivals": {"process": "constant", "rate": "1/min"}, "jobs": 3,
               "job": {"steps": [{"name": "a", "skill": "a"}, {"name": "b", "skill": "b"},
                                 {"name": "c", "skill": "c", "after": ["a", "b"]},
                                 {"name": "d", "skill": "d", "after": ["c"]}]}},
             "agents": {"w": {"count": 2, "skills": ["a", "b", "c", "d"], "latency": "25s", "capacity": 4}},
             "pattern": {"type": "handoff", "entry": "w", "handoff": null},
             "policies": {"timeout": "30s",
                          "retry": {"max_attempts": 3, "backoff": "constant", "base": "1s", "cap": "1s", "jitter": "none"}},
             "faults": [{"at": "60500ms", "for": "20s", "role": "w", "agents": 0, "crash": true},
                        {"at": "0s", "for": "65s", "role": "w", "agents": 1, "rate_limit_storm": true}]}
            """)
        #expect(violations == [])
        #expect(summary.jobsFailed == 1 && summary.jobsCompleted == 2 && summary.jobsInFlight == 0)
        #expect(summary.latencyMaxSeconds == 75 && summary.latencyMeanSeconds == 75)
        #expect(summary.timeouts == 1 && summary.retries == 3 && summary.rateLimited == 3)
        #expect(summary.llmCalls == 9)  // job 0's lost a, and four steps each for jobs 1 and 2
        #expect(slots == [0, 1])  // job 2 could not share job 1's slot
        #expect(free.sorted() == [0, 1])  // each slot free exactly once at the end
    }

    @Test func aQueuedAttemptAbandonedAtItsTimeoutIsNotRetriedAgainByA429() throws {
        // Handoff; w (1 s) does s1, then v (5 s) does s2. The job arrives at 1 s while w is down
        // (0.5 s to 12.5 s): attempt 1 waits in w's queue, times out at 11 s and is retried at
        // 12 s (attempt 2, queued too). w restarts at 12.5 s inside a 429 storm (12 s to 13 s):
        // attempt 1, abandoned, is refused and dropped; attempt 2 is refused and retried at 13.5 s
        // (attempt 3), which does s1 by 14.5 s; s2 ends at 19.5 s: 18.5 s. s1 runs once.
        let (summary, violations, _, _) = try Self.run(
            """
            {"name": "abandoned-429", "seed": 1,
             "workload": {"arrivals": {"process": "constant", "rate": 1}, "jobs": 1,
               "job": {"steps": [{"name": "s1", "skill": "s1"}, {"name": "s2", "skill": "s2", "after": ["s1"]}]}},
             "agents": {"w": {"skills": ["s1"], "latency": "1s"}, "v": {"skills": ["s2"], "latency": "5s"}},
             "pattern": {"type": "handoff", "entry": "w", "handoff": null},
             "policies": {"timeout": "10s",
                          "retry": {"max_attempts": 5, "backoff": "constant", "base": "1s", "cap": "1s", "jitter": "none"}},
             "faults": [{"at": "500ms", "for": "12s", "role": "w", "crash": true},
                        {"at": "12s", "for": "1s", "role": "w", "rate_limit_storm": true}]}
            """)
        #expect(violations == [])
        #expect(summary.jobsCompleted == 1 && summary.latencyMaxSeconds == 18.5)
        #expect(summary.timeouts == 1 && summary.rateLimited == 2)
        #expect(summary.retries == 2)  // the timeout's, and attempt 2's 429: no second chain
        #expect(summary.llmCalls == 2)  // s1 once (attempt 3) and s2
    }

    /// A failing seed of the chaos runs, its faults shrunk: the scenario, the seed and the minimal
    /// schedule (each failed on a slot shared by two jobs).
    struct ShrunkCase: Sendable, CustomTestStringConvertible {
        var file: String
        var seed: UInt64
        var faults: String
        var testDescription: String { "\(file) seed \(seed)" }
    }

    static let shrunk = [
        // delegation-loop, every fault kind at 1/3m: causality (job #104). Shrunk to two faults.
        ShrunkCase(
            file: "delegation-loop", seed: 90,
            faults: #"""
                [{"at": "522168ms", "for": "36582ms", "role": "billing", "agents": 1, "rate_limit_storm": true},
                 {"at": "530827ms", "for": "44419ms", "role": "billing", "agents": 0, "crash": true}]
                """#),
        // handoff-desk, crashes + 429 storms: causality (job #77).
        ShrunkCase(
            file: "handoff-desk", seed: 90,
            faults: #"""
                [{"at": "105743ms", "for": "115931ms", "role": "triage", "agents": 1, "rate_limit_storm": true},
                 {"at": "304099ms", "for": "63665ms", "role": "tech", "agents": 1, "rate_limit_storm": true},
                 {"at": "367652ms", "for": "56265ms", "role": "tech", "agents": 0, "rate_limit_storm": true},
                 {"at": "385432ms", "for": "30108ms", "role": "billing", "agents": 0, "crash": true}]
                """#),
        // market-heterogeneous, crashes + error bursts: causality (job #109).
        ShrunkCase(
            file: "market-heterogeneous", seed: 142,
            faults: #"""
                [{"at": "23988ms", "for": "64024ms", "role": "premium", "agents": 1, "crash": true},
                 {"at": "134570ms", "for": "115452ms", "role": "budget", "agents": 1, "error_rate": 0.897},
                 {"at": "451081ms", "for": "30459ms", "role": "budget", "agents": 3, "error_rate": 0.897},
                 {"at": "751914ms", "for": "86236ms", "role": "budget", "agents": 1, "error_rate": 0.897},
                 {"at": "845547ms", "for": "96616ms", "role": "budget", "agents": 1, "crash": true}]
                """#),
        // support-desk (hub_and_spoke), crashes + 429 storms, the smallest rate set that fails:
        // causality (job #38).
        ShrunkCase(
            file: "support-desk", seed: 618,
            faults: #"""
                [{"at": "36078ms", "for": "75491ms", "role": "lead", "agents": 0, "crash": true},
                 {"at": "252532ms", "for": "101032ms", "role": "support", "agents": 0, "rate_limit_storm": true},
                 {"at": "319356ms", "for": "32722ms", "role": "support", "agents": 4, "crash": true}]
                """#),
    ]

    @Test(arguments: shrunk)
    func theShrunkScheduleOfAFailingSeedPasses(_ shrunk: ShrunkCase) throws {
        let scenario = try ScenarioLoader.load(
            path: "\(Self.folder)/\(shrunk.file).json",
            overrides: [
                "workload.jobs=150", #"policies={"timeout": "5m", "retry": {"max_attempts": 3}}"#,
                #"chaos={"horizon": "20m", "drain": "1d"}"#, "faults=" + shrunk.faults,
            ]
        ).scenario
        let run = ChaosRunner.builtIn(scenario).run(seed: shrunk.seed)
        #expect(run.result.violations.map(\.description) == [])
        let summary = run.result.summary
        #expect(summary.jobsArrived == 150 && summary.jobsInFlight == 0)
        #expect(summary.jobsCompleted + summary.jobsFailed + summary.dlqJobs == 150)
    }
}
