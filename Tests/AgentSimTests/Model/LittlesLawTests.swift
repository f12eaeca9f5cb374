import Testing

@testable import AgentSim
@testable import AgentSimMetrics
@testable import AgentSimSpec

/// Little's law as an identity. A run with no warm-up that starts and ends empty has
/// ∫ N(t) dt = Σ sojourns: every job adds exactly its completion − arrival nanoseconds to both.
/// The model keeps both as exact 128-bit integers, so they must be equal, not close.
@Suite struct LittlesLawTests {
    @Test(arguments: RichScenario.patterns)
    func integralOfJobsInSystemEqualsSumOfSojourns(pattern: PatternSpec) {
        let scenario = RichScenario.make(pattern: pattern)
        let run = EngineRun(scenario, pattern: pattern)
        run.expectConserved()
        #expect(run.stop == .exhausted && run.summary.jobsInFlight == 0)
        #expect(run.stats.latency.count == run.summary.jobsCompleted)
        #expect(run.jobsInSystemIntegral == run.stats.latency.total)
        Oracle.expectLittleExact(run.summary)
    }

    /// With a warm-up w, ∫_w N dt − Σ (measured sojourns) is the time that jobs already present at w
    /// spent in the system after w: never negative, and at most (jobs present at w) × (time from w
    /// to the end). Both are known here exactly, so the bound is deterministic.
    @Test(arguments: RichScenario.patterns)
    func warmupLeavesOnlyTheOldJobsResidual(pattern: PatternSpec) {
        var scenario = RichScenario.make(pattern: pattern)
        scenario.workload.warmup = .seconds(200)
        let run = EngineRun(scenario, pattern: pattern)
        run.expectConserved()
        let s = run.summary
        let window = s.simTimeSeconds - 200
        // Jobs present at w: all completions after w minus the measured arrivals (all complete).
        let present = ((s.throughputPerSecond - s.arrivalRatePerSecond) * window).rounded()
        #expect(present >= 0)
        Oracle.expectLittleWithWarmup(s, warmupSeconds: 200, residualBound: present * window)
        #expect(s.arrivalRatePerSecond > 0 && s.jobsInSystemMean > 0)
    }
}
