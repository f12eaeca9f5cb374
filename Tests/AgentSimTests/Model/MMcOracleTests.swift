import Testing

@testable import AgentSim

/// M/M/5 (λ = 4/s, μ = 1/s, ρ = 0.8; the `mmc` benchmark's queue) against Erlang C.
///
/// Four replications of 400,000 jobs, no warm-up (the bias of an empty start is computed and shown
/// negligible), so every run also checks the exact form of Little's law.
@Suite struct MMcOracleTests {
    static let lambda = 4.0
    static let mu = 1.0
    static let servers = 5
    static let replications = 4
    static let jobsPerReplication = 400_000
    static let queue = BirthDeathProcess.mmc(lambda: lambda, mu: mu, servers: servers)
    static let scenario = Oracle.mmc(
        lambda: lambda, mu: mu, servers: servers, jobs: jobsPerReplication, seed: 4_242)
    static let runs = Task { await Oracle.replications(scenario, count: replications) }

    /// W_q = C(c, a) / (cμ − λ) with C from Erlang's formula: 0.5541 s.
    static let waitMean =
        erlangC(servers: servers, offeredLoad: lambda / mu) / (Double(servers) * mu - lambda)
    /// n·Var(mean of n waits) → σ²/λ with f = (N − c)⁺, b = −W_q: 70.2 s².
    static let waitVariance =
        queue.asymptoticVariance({ Double(max($0 - servers, 0)) }, birthReward: -waitMean) / lambda

    /// Pooled mean wait within z·√(70.2 / 1.6·10⁶) = ±0.0265 s (4.8%) of 0.5541 s; each replication
    /// within ±0.053 s; the four means spread as χ²(3) says.
    @Test func meanWaitIsErlangC() async {
        let runs = await Self.runs.value
        #expect(abs(Self.waitMean - 0.5541) < 1e-4)
        let waits = runs.map(\.waitMeanSeconds)
        let n = Double(Self.jobsPerReplication)
        let tolerance = Oracle.z * (Self.waitVariance / (Double(Self.replications) * n)).squareRoot()
        let pooled = Oracle.meanAndVariance(waits).mean
        #expect(
            abs(pooled - Self.waitMean) <= tolerance,
            "pooled wait \(pooled) vs \(Self.waitMean) ± \(tolerance)")
        for wait in waits {
            #expect(abs(wait - Self.waitMean) <= Oracle.z * (Self.waitVariance / n).squareRoot(), "\(waits)")
        }
        Oracle.expectSpread(waits, variance: Self.waitVariance / n)
    }

    /// From empty, ∫(E N_q(t) − L_q) dt ≈ −18.8 job-seconds: a bias of 18.8/400,000 s on each
    /// replication's mean wait, well under 1% of its tolerance, so no warm-up is needed.
    @Test func emptyStartBiasIsNegligible() {
        let deficit = Self.queue.transientIntegral { Double(max($0 - Self.servers, 0)) }
        let tolerance = Oracle.z * (Self.waitVariance / Double(Self.jobsPerReplication)).squareRoot()
        #expect(abs(deficit) / Double(Self.jobsPerReplication) < tolerance / 100)
    }

    /// Mean sojourn W_q + 1/μ = 1.5541 s with n·Var = 79.8 s² (f = N, b = −W): ±0.028 s pooled.
    @Test func meanSojournIsWaitPlusService() async {
        let runs = await Self.runs.value
        let sojourn = Self.waitMean + 1 / Self.mu
        let variance = Self.queue.asymptoticVariance({ Double($0) }, birthReward: -sojourn) / Self.lambda
        let tolerance =
            Oracle.z * (variance / Double(Self.replications * Self.jobsPerReplication)).squareRoot()
        let pooled = Oracle.meanAndVariance(runs.map(\.latencyMeanSeconds)).mean
        #expect(abs(pooled - sojourn) <= tolerance, "pooled sojourn \(pooled) vs \(sojourn) ± \(tolerance)")
    }

    /// Server utilisation λ/(cμ) = 0.8: busy servers min(N, c) have a time average with asymptotic
    /// variance 8 per second (from the chain), so utilisation has 8/c² = 0.32; over about 4·10⁵ s of
    /// windows pooled, ±0.0036 (0.45%).
    @Test func utilisationIsLambdaOverCMu() async {
        let runs = await Self.runs.value
        let window = runs.reduce(0) { $0 + $1.simTimeSeconds }
        let pooled = runs.reduce(0) { $0 + $1.maxRoleUtilization * $1.simTimeSeconds } / window
        let c = Double(Self.servers)
        let variance = Self.queue.asymptoticVariance { Double(min($0, Self.servers)) } / (c * c)
        let tolerance = Oracle.z * (variance / window).squareRoot()
        let rho = Self.lambda / (c * Self.mu)
        #expect(abs(pooled - rho) <= tolerance, "utilisation \(pooled) vs \(rho) ± \(tolerance)")
    }

    /// Every run: conservation, drained, exact Little's law, one call per job and no messages.
    @Test func conservationAndExactLittle() async {
        for run in await Self.runs.value {
            Oracle.expectConserved(run, drained: true)
            Oracle.expectLittleExact(run)
            #expect(run.jobsCompleted == Self.jobsPerReplication)
            #expect(run.llmCalls == Self.jobsPerReplication && run.messages == 0)
        }
    }
}
