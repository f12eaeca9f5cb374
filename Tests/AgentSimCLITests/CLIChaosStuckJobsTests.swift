import AgentSim
import Testing

@testable import AgentSimCLI

/// A failing seed lists its stuck jobs under the violation, at most ``ChaosCommand/maxStuckPrinted``
/// of them, and says how many more there are.
@Suite struct CLIChaosStuckJobsTests {
    /// A run whose first `listed` stuck jobs (of `total`) are violations, job #k left at step "answer".
    static func run(listed: Int, total: Int) -> ChaosRun {
        let violations = (0..<listed).map { k in
            Violation(
                invariant: .liveness, time: .zero + .seconds(7200), job: UInt64(k), agent: "worker[\(k % 2)]",
                seed: 9, detail: "stuck",
                stuck: StuckJob(
                    step: "answer", copy: 0, lastEvent: "attempt timed out",
                    lastEventTime: .zero + .seconds(Int64(4430 + k)), stuckJobs: total,
                    quietTime: .zero + .seconds(4440),
                    deadline: .zero + .seconds(7200)))
        }
        let result = RunResult(
            summary: RunSummary(scenario: "s", pattern: "p", replication: 0, seed: 9),
            ledger: Ledger(roles: [], prices: []), series: [], violations: violations)
        return ChaosRun(seed: 9, faults: [], result: result)
    }

    @Test func fiveStuckJobsAreListedThenHowManyMore() {
        let lines = ChaosCommand.stuckLines(Self.run(listed: 7, total: 7))
        #expect(lines.count == ChaosCommand.maxStuckPrinted + 1)
        #expect(
            lines[0]
                == "  stuck: job #0 at step \"answer\" copy 0, last event: attempt timed out on worker[0] at t=4430.0s"
        )
        #expect(lines.last == "  ... and 2 more stuck jobs")
    }

    @Test func theCountIncludesStuckJobsBeyondTheRecordedOnes() {
        let run = Self.run(listed: 3, total: 250)
        #expect(run.violationCount == 250 && run.stuckJobs == 250)
        #expect(ChaosCommand.stuckLines(run).last == "  ... and 247 more stuck jobs")
        #expect(ChaosCommand.stuckLines(Self.run(listed: 2, total: 2)).count == 2)
    }
}
