import Testing

@testable import AgentSim

/// A two-stage pipeline is a tandem of M/M/1 queues, a Jackson network: with Poisson(λ) arrivals,
/// exponential services and unbounded queues, each stage behaves as an M/M/1 with arrival rate λ
/// (Burke: the first stage's departures are Poisson), so the mean sojourn is
/// 1/(μ₁ − λ) + 1/(μ₂ − λ) = 4 + 2 = 6 s for λ = 1, μ₁ = 1.25, μ₂ = 1.5.
@Suite struct TandemPipelineTests {
    static let lambda = 1.0
    static let mu1 = 1.25
    static let mu2 = 1.5
    static let replications = 2
    static let jobsPerReplication = 400_000

    static let scenario = Scenario(
        name: "tandem", seed: 77,
        workload: WorkloadSpec(
            arrivals: .poisson(ratePerSecond: lambda), jobs: jobsPerReplication,
            job: JobTemplateSpec(steps: [
                StepSpec(name: "first", skill: "a"),
                StepSpec(name: "second", skill: "b", after: ["first"]),
            ])),
        agents: [
            AgentRoleSpec(name: "stage1", skills: ["a"], latency: .exponential(mean: 1 / mu1)),
            AgentRoleSpec(name: "stage2", skills: ["b"], latency: .exponential(mean: 1 / mu2)),
        ],
        pattern: .pipeline(PipelineSpec(blocking: true)))
    static let runs = Task { await Oracle.replications(scenario, count: replications) }

    /// The asymptotic SD of the mean sojourn at one M/M/1 station (n·Var → σ²/λ with f = N, b = −W).
    static func stationSD(mu: Double) -> Double {
        let station = BirthDeathProcess.mmc(lambda: lambda, mu: mu, servers: 1)
        return (station.asymptoticVariance({ Double($0) }, birthReward: -1 / (mu - lambda)) / lambda)
            .squareRoot()
    }

    /// Pooled over 8·10⁵ jobs within ±0.21 s (3.4%) of 6 s. The two stations' sojourn sequences are
    /// dependent across customers, so their covariance is unknown; but asymptotic SDs obey the
    /// triangle inequality, so n·Var ≤ (σ₁ + σ₂)² = (36 + 10)² s², which is what we use. From empty
    /// each station's ∫(E N − L) dt is −80 and −12 job-seconds (≈ 10⁻⁴ s of bias per mean), so no
    /// warm-up is needed and the exact Little's law applies.
    @Test func meanSojournIsSumOfStations() async {
        let runs = await Self.runs.value
        let sd = Self.stationSD(mu: Self.mu1) + Self.stationSD(mu: Self.mu2)
        #expect(abs(sd - 46) < 1e-6)
        let expected = 1 / (Self.mu1 - Self.lambda) + 1 / (Self.mu2 - Self.lambda)
        let tolerance = Oracle.z * sd / Double(Self.replications * Self.jobsPerReplication).squareRoot()
        let pooled = Oracle.meanAndVariance(runs.map(\.latencyMeanSeconds)).mean
        #expect(abs(pooled - expected) <= tolerance, "pooled \(pooled) vs \(expected) ± \(tolerance)")
    }

    /// The busiest stage is the first, at ρ₁ = λ/μ₁ = 0.8; its busy indicator has asymptotic variance
    /// from the M/M/1 chain (its input is the Poisson arrivals themselves).
    @Test func busiestStageUtilisation() async {
        let runs = await Self.runs.value
        let window = runs.reduce(0) { $0 + $1.simTimeSeconds }
        let pooled = runs.reduce(0) { $0 + $1.maxRoleUtilization * $1.simTimeSeconds } / window
        let station = BirthDeathProcess.mmc(lambda: Self.lambda, mu: Self.mu1, servers: 1)
        let tolerance = Oracle.z * (station.asymptoticVariance { $0 >= 1 ? 1 : 0 } / window).squareRoot()
        #expect(abs(pooled - Self.lambda / Self.mu1) <= tolerance, "utilisation \(pooled) ± \(tolerance)")
    }

    /// Exact counts: one handoff message per job, two work calls, no coordination; conservation;
    /// exact Little's law.
    @Test func countsConservationAndLittle() async {
        for run in await Self.runs.value {
            Oracle.expectConserved(run, drained: true)
            Oracle.expectLittleExact(run)
            #expect(run.messages == run.jobsArrived)
            #expect(run.messagesPerJob == 1)
            #expect(run.llmCalls == 2 * run.jobsArrived && run.coordinationCalls == 0)
        }
    }
}
