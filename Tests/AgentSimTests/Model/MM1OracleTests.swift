import Foundation
import Testing

@testable import AgentSim

/// M/M/1 at ρ = 0.9 (λ = 0.9/s, μ = 1/s) through the whole stack, against queueing theory.
///
/// Four independent replications of 10⁶ jobs each run concurrently; every estimate is checked
/// pooled (4·10⁶ jobs) with a tolerance of z = 4 standard errors, where the standard error comes
/// from the exact asymptotic variance of the estimator (``BirthDeathProcess``), not from the data.
/// At ρ = 0.9 successive sojourns are strongly correlated: the mean of n sojourns has n·Var → 36,100 s²,
/// 361 times the i.i.d. value Var(T) = 100 s², which is why n must be in the millions for a
/// tolerance of a few percent.
@Suite struct MM1OracleTests {
    static let lambda = 0.9
    static let mu = 1.0
    static let replications = 4
    static let jobsPerReplication = 1_000_000
    /// 2,000 s ≈ 5 relaxation times 1/(√μ − √λ)² = 380 s. Not needed for bias (see
    /// `warmupBiasIsNegligible`) but the Little's-law-with-warm-up check needs one.
    static let warmupSeconds = 2_000.0
    static let queue = BirthDeathProcess.mmc(lambda: lambda, mu: mu, servers: 1)

    static let scenario = Oracle.mmc(
        lambda: lambda, mu: mu, servers: 1, jobs: jobsPerReplication, warmup: .seconds(Int64(warmupSeconds)),
        seed: 9_001)

    /// The four replications, run once and shared by the tests of this suite.
    static let runs = Task { await Oracle.replications(scenario, count: replications) }

    /// W = 1/(μ − λ) = 10 s.
    static let sojournMean = 1 / (mu - lambda)
    /// n·Var(mean of n sojourns) → σ²/λ with f = N, b = −W: 36,100 s².
    static let sojournVariance = queue.asymptoticVariance({ Double($0) }, birthReward: -sojournMean) / lambda

    /// Measured jobs per replication: at least 10⁶ − 2,000·0.9 − 6·√1,800 (a Poisson count below its
    /// mean by 6 SD has probability 10⁻⁹); the tolerances use this floor so they are never too tight.
    static let measuredJobsFloor = Double(jobsPerReplication) - 1_800 - 6 * 1_800.0.squareRoot()

    /// Pooled mean sojourn within z·√(36,100 / 4·10⁶) = ±0.38 s (3.8%) of 10 s; each replication
    /// within z·√(36,100 / 10⁶) = ±0.76 s; and the four replication means spread as χ²(3) says.
    @Test func meanSojournIsOneOverMuMinusLambda() async {
        let runs = await Self.runs.value
        let means = runs.map(\.latencyMeanSeconds)
        let pooled = Oracle.meanAndVariance(means).mean
        let n = Self.measuredJobsFloor
        let tolerance = Oracle.z * (Self.sojournVariance / (Double(Self.replications) * n)).squareRoot()
        #expect(abs(pooled - Self.sojournMean) <= tolerance, "pooled \(pooled) ± \(tolerance)")
        for run in runs {
            #expect(Oracle.measuredJobs(run, warmupSeconds: Self.warmupSeconds) >= n)
            let single = Oracle.z * (Self.sojournVariance / n).squareRoot()
            #expect(abs(run.latencyMeanSeconds - Self.sojournMean) <= single, "\(run)")
        }
        Oracle.expectSpread(means, variance: Self.sojournVariance / Double(Self.jobsPerReplication))
    }

    /// Starting empty, ∫(E N(t) − L) dt = −900 job-seconds in all (ρ/(μ(1 − ρ)³)), so even without a
    /// warm-up the mean sojourn of 10⁶ jobs would be biased by 900/10⁶ s, under 1% of the tolerance.
    @Test func warmupBiasIsNegligible() {
        let deficit = Self.queue.transientIntegral { Double($0) }
        #expect(abs(deficit + 900) < 1e-6)
        let tolerance =
            Oracle.z
            * (Self.sojournVariance / (Double(Self.replications) * Self.measuredJobsFloor)).squareRoot()
        #expect(abs(deficit) / Self.measuredJobsFloor < tolerance / 100)
    }

    /// The sojourn is exponential with rate μ − λ, so its median is 10·ln 2 = 6.93 s. Tolerance: the
    /// histogram's bound (true/256 = 0.027 s) plus z standard errors of the mean of four sample
    /// medians. A sample median has n·Var ≈ τ·p(1 − p)/f(m)², f(m) = (μ − λ)/2 = 0.05 the density at
    /// the median and τ the integrated autocorrelation time of 1{T ≤ m}. We bound τ by the sojourn
    /// mean's own inflation 36,100/100 = 361 (batch means over 2·10⁸ Lindley-recursion customers,
    /// computed offline, give τ ≈ 118, so the bound has a factor 3 to spare): n·Var ≤ 36,100 s²,
    /// ±0.38 s pooled, 0.41 s (5.9%) in all.
    @Test func medianSojournIsLn2OverMuMinusLambda() async {
        let runs = await Self.runs.value
        let median = log(2) / (Self.mu - Self.lambda)
        let density = (Self.mu - Self.lambda) / 2
        let tau = Self.sojournVariance / (1 / ((Self.mu - Self.lambda) * (Self.mu - Self.lambda)))
        let medianVariance = tau * 0.25 / (density * density)
        let sampling =
            Oracle.z * (medianVariance / (Double(Self.replications) * Self.measuredJobsFloor)).squareRoot()
        let tolerance = median / 256 + sampling
        let pooled = Oracle.meanAndVariance(runs.map(\.latencyP50Seconds)).mean
        #expect(abs(pooled - median) <= tolerance, "pooled p50 \(pooled) vs \(median) ± \(tolerance)")
    }

    /// Mean wait in queue W_q = ρ/(μ − λ) = 9 s; Blomqvist's n·Var = 35,901 s² gives ±0.38 s pooled.
    @Test func meanWaitIsRhoOverMuMinusLambda() async {
        let runs = await Self.runs.value
        let wq = Self.lambda / (Self.mu * (Self.mu - Self.lambda))
        let variance =
            Self.queue.asymptoticVariance({ Double(max($0 - 1, 0)) }, birthReward: -wq) / Self.lambda
        let tolerance =
            Oracle.z * (variance / (Double(Self.replications) * Self.measuredJobsFloor)).squareRoot()
        let pooled = Oracle.meanAndVariance(runs.map(\.waitMeanSeconds)).mean
        #expect(abs(pooled - wq) <= tolerance, "pooled wait \(pooled) vs \(wq) ± \(tolerance)")
    }

    /// Time averages over the measured windows T (about 1.11·10⁶ s each): utilisation ρ = 0.9
    /// (σ² = 1.8 for 1{N ≥ 1}, from the chain: ±0.0025), jobs in system L = 9 (Whitt's 34,200,
    /// ±0.35), arrival rate λ (a Poisson count, σ² = λ, ±0.0018); all pooled over the four windows.
    @Test func timeAveragesMatchTheory() async {
        let runs = await Self.runs.value
        let window = runs.reduce(0) { $0 + $1.simTimeSeconds - Self.warmupSeconds }
        func check(_ name: String, _ values: [Double], expected: Double, rateVariance: Double) {
            // Pool time averages weighted by window length, as one long window would.
            let pooled =
                zip(values, runs).reduce(0) { $0 + $1.0 * ($1.1.simTimeSeconds - Self.warmupSeconds) }
                / window
            let tolerance = Oracle.z * (rateVariance / window).squareRoot()
            #expect(abs(pooled - expected) <= tolerance, "\(name): \(pooled) vs \(expected) ± \(tolerance)")
        }
        let q = Self.queue
        check(
            "utilisation", runs.map(\.maxRoleUtilization), expected: Self.lambda / Self.mu,
            rateVariance: q.asymptoticVariance { $0 >= 1 ? 1 : 0 })
        check(
            "L", runs.map(\.jobsInSystemMean), expected: q.mean { Double($0) },
            rateVariance: q.asymptoticVariance { Double($0) })
        check("λ", runs.map(\.arrivalRatePerSecond), expected: Self.lambda, rateVariance: Self.lambda)
    }

    /// Per replication, checks that hold (almost) surely:
    /// - conservation, and the run drains;
    /// - throughput counts completions after w: the measured arrivals plus the N(w) jobs present at
    ///   w, so (throughput − λ̂)·(T − w) = N(w) ∈ [0, 149]. From empty, N(w) is stochastically below
    ///   its stationary law (a monotone chain), so P(N(w) ≥ 150) ≤ ρ¹⁵⁰ = 1.4·10⁻⁷;
    /// - Little's law with warm-up: the residual time after w of the N(w) ≤ 149 old jobs is at most
    ///   N(w) × their total remaining work, a Gamma(≤149, 1) (memoryless services) that exceeds
    ///   250 s with probability below (250/149)¹⁴⁹e^{149−250} = 4·10⁻¹¹ (Chernoff): 37,250 job-s.
    @Test func conservationThroughputAndLittle() async {
        for run in await Self.runs.value {
            Oracle.expectConserved(run, drained: true)
            let window = run.simTimeSeconds - Self.warmupSeconds
            let present = ((run.throughputPerSecond - run.arrivalRatePerSecond) * window).rounded()
            #expect(present >= 0 && present <= 149, "N(w) = \(present)")
            Oracle.expectLittleWithWarmup(run, warmupSeconds: Self.warmupSeconds, residualBound: 149 * 250)
            #expect(run.llmCalls == run.jobsArrived && run.messages == 0 && run.coordinationCalls == 0)
        }
    }
}
