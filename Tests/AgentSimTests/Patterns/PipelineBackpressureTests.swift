import Testing

@testable import AgentSim

/// Backpressure in a two-stage pipeline whose second stage is the slow one and has room for only
/// two waiting tasks: λ = 2/s, stage 1 exponential at μ₁ = 4/s, stage 2 exponential at μ₂ = 1/s.
@Suite struct PipelineBackpressureTests {
    static let lambda = 2.0
    static let mu1 = 4.0
    static let mu2 = 1.0
    static let stage2Queue = 2

    static func scenario(horizonSeconds: Int64, warmupSeconds: Int64, seed: UInt64) -> Scenario {
        Scenario(
            name: "backpressure", seed: seed,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: lambda), horizon: .seconds(horizonSeconds),
                warmup: .seconds(warmupSeconds),
                job: JobTemplateSpec(steps: [
                    StepSpec(name: "first", skill: "a"),
                    StepSpec(name: "second", skill: "b", after: ["first"]),
                ])),
            agents: [
                AgentRoleSpec(name: "stage1", skills: ["a"], latency: .exponential(mean: 1 / mu1)),
                AgentRoleSpec(
                    name: "stage2", skills: ["b"], queueCapacity: stage2Queue,
                    latency: .exponential(mean: 1 / mu2)),
            ])
    }

    /// Blocking, overloaded (λ > μ₂), run cut at 20,000 s with a 200 s warm-up. Once stage 1 has a
    /// backlog it is never idle for lack of work (its queue grows at about 1/s; from ~200 jobs at
    /// the warm-up a walk with drift +1/s and variance 3/s returns to 0 with probability ≈ e^{−267}),
    /// so K = jobs past stage 1 (in stage 2's service, its queue, or blocked in stage 1) is a
    /// birth–death chain on 0...4 with births μ₁ and deaths μ₂. Throughput = μ₂(1 − π₀) = 340/341 of μ₂,
    /// within z·√(σ²_D / 19,800 s), σ²_D the asymptotic variance of the departure count (from the chain).
    /// Stage 1 works only as fast as stage 2 drains: its busy fraction is throughput/μ₁ ≈ 0.249, half the
    /// λ/μ₁ = 0.5 it would have unblocked; tolerance: its busy time is a sum of m ≈ 19,700 i.i.d.
    /// Exp(μ₁) services (SD √m/μ₁) and m differs from the stage-2 departures by at most the 4 jobs of K
    /// plus the one in stage-1 service at each end.
    @Test func blockingLimitsThroughputToSlowStageAndLosesNothing() {
        let s = Self.scenario(horizonSeconds: 20_000, warmupSeconds: 200, seed: 5)
        var limited = s
        limited.limits.until = .seconds(20_000)
        let run = EngineRun(limited, pipeline: PipelineSpec(blocking: true))
        run.expectConserved()
        #expect(run.stop == .reachedTime)
        #expect(run.summary.jobsFailed == 0 && run.stats.failureReasons.isEmpty)
        #expect(run.summary.jobsInFlight > 0)

        let chain = BirthDeathProcess(
            birthRate: { $0 < Self.stage2Queue + 2 ? Self.mu1 : 0 }, deathRate: { _ in Self.mu2 })
        #expect(chain.pi.count == 5)
        let expected = chain.meanRate({ _ in 0 }, deathReward: 1)
        #expect(abs(expected - 340.0 / 341.0) < 1e-12)
        let window = run.summary.simTimeSeconds - 200
        let variance = chain.asymptoticVariance({ _ in 0 }, deathReward: 1)
        let throughput = run.summary.throughputPerSecond
        let tolerance = Oracle.z * (variance / window).squareRoot() + 5 / window
        #expect(
            abs(throughput - expected) <= tolerance, "throughput \(throughput) vs \(expected) ± \(tolerance)")

        let busy1 = run.roleUtilization[0]
        let services = throughput * window
        let busyTolerance = (Oracle.z * services.squareRoot() + 5) / (Self.mu1 * window)
        #expect(
            abs(busy1 - throughput / Self.mu1) <= busyTolerance, "stage 1 busy \(busy1) ± \(busyTolerance)")
        #expect(busy1 < 0.3)
    }

    /// Not blocking, the same load, 40,000 s of arrivals, drained. Stage 1 is an M/M/1 at ρ = 0.5 whose
    /// departures are Poisson(λ) (Burke), so stage 2 is an M/M/1/3 (one in service, two waiting): π ∝
    /// 2ᵏ on 0...3. It serves μ₂(1 − π₀) = 14/15 per second and rejects the arriving fraction π₃ = 8/15
    /// (PASTA), each rejection failing its job. Throughput within z·√(σ²_D/T); failures F = A − C in
    /// a drained run, so F − (8/15)A = (7/15)A − C, whose SD is at most √(σ²_D T) + (7/15)√(λT) by the
    /// triangle inequality (A is Poisson(λT)).
    @Test func withoutBlockingFullQueueFailsJobs() {
        let s = Self.scenario(horizonSeconds: 40_000, warmupSeconds: 100, seed: 6)
        let run = EngineRun(s, pipeline: PipelineSpec(blocking: false))
        run.expectConserved()
        #expect(run.stop == .exhausted)
        #expect(run.summary.jobsFailed > 0)
        #expect(run.stats.failureReasons.keys.sorted() == ["rejected: queue full (skill:b)"])

        let chain = BirthDeathProcess(
            birthRate: { $0 < Self.stage2Queue + 1 ? Self.lambda : 0 }, deathRate: { _ in Self.mu2 })
        let variance = chain.asymptoticVariance({ _ in 0 }, deathReward: 1)
        let expected = chain.meanRate({ _ in 0 }, deathReward: 1)
        #expect(abs(expected - 14.0 / 15.0) < 1e-12 && abs(chain.pi[3] - 8.0 / 15.0) < 1e-12)
        let window = run.summary.simTimeSeconds - 100
        let tolerance = Oracle.z * (variance / window).squareRoot()
        #expect(abs(run.summary.throughputPerSecond - expected) <= tolerance, "\(run.summary)")

        let total = run.summary.simTimeSeconds
        let failed = Double(run.summary.jobsFailed)
        let arrived = Double(run.summary.jobsArrived)
        let failTolerance =
            Oracle.z * ((variance * total).squareRoot() + 7.0 / 15.0 * (Self.lambda * total).squareRoot())
        #expect(
            abs(failed - 8.0 / 15.0 * arrived) <= failTolerance,
            "failed \(failed) of \(arrived) ± \(failTolerance)")
    }
}
