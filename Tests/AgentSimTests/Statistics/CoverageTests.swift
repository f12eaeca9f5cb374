import Foundation
import Testing

@testable import AgentSim

/// Do the intervals mean what they say? M/M/1 at ρ = 0.8 (λ = 0.8/s, μ = 1/s), whose mean sojourn
/// is W = 1/(μ − λ) = 5 s exactly.
///
/// An experiment is 10 replications; its 95% Student-t interval of `latency_mean_s` either covers
/// 5 or not. If the intervals were exact, the number X of covering experiments out of n would be
/// Binomial(n, 0.95). For n = 200 the band 90%…99% is X ∈ [180, 198]: an exact procedure
/// falls outside it with probability P(X ≤ 179) + P(X ≥ 199) = 0.0012 + 0.0004. The t interval is
/// not exact here: a replication's mean sojourn is right-skewed (long busy periods), and the queue
/// starts empty, which biases short runs low (∫(E N(t) − L) dt = −ρ/(μ(1 − ρ)³) = −100 job-seconds,
/// −100/N s on the mean of N sojourns); the warm-up removes most of that.
///
/// Measured with the release CLI on the same scenario (`agentsim run` with `--replications 2000`,
/// seed 70000, grouped 10 by 10; its first 40 groups give the same 36 covering as this test):
/// - full size, 5,000 jobs after a 500 s warm-up: 191 of 200 (95.5%);
/// - default size, 1,000 jobs after 200 s: 186 of 200 (93.0%), 36–39 in each block of 40;
/// - no warm-up and 200 jobs: 146 of 200 (73%), the bias this test exists to catch.
///
/// The full experiment (200 × 10 × 5,000 jobs, about 11 million jobs) takes minutes in a debug build,
/// so it runs only with `AGENTSIM_FULL_COVERAGE=1`, e.g.
///
///     AGENTSIM_FULL_COVERAGE=1 swift test --filter CoverageTests
///
/// By default a smaller one runs (about 9 s in debug): 40 experiments × 10 replications × 1,000 jobs
/// after a 200 s warm-up. With n = 40 the band is X ≥ 33 (82.5%): P(X ≤ 32) is 0.07% for exact
/// intervals and 0.6% at the measured 93%, while at the 73% of an unhandled warm-up it is 88%, so
/// that bug fails it 9 times in 10 (and a wrong standard error far more). An interval too wide
/// cannot show in X at n = 40, so the half-widths are checked against the spread of the experiments'
/// means too.
@Suite struct CoverageTests {
    static let full = ProcessInfo.processInfo.environment["AGENTSIM_FULL_COVERAGE"] == "1"
    static let experiments = full ? 200 : 40
    static let jobs = full ? 5_000 : 1_000
    static let warmupSeconds: Int64 = full ? 500 : 200
    static let replicationsPerExperiment = 10

    @Test func studentIntervalsCoverTheTrueMeanSojourn() async throws {
        let scenario = Oracle.mmc(
            lambda: 0.8, mu: 1, servers: 1, jobs: Self.jobs, warmup: .seconds(Self.warmupSeconds),
            seed: 70_000)
        let k = Self.replicationsPerExperiment
        let runs = await Oracle.replications(scenario, count: Self.experiments * k)
        var covered = 0
        var halfWidths: [Double] = []
        var means: [Double] = []
        for e in 0..<Self.experiments {
            let values = runs[(e * k)..<((e + 1) * k)].map(\.latencyMeanSeconds)
            let estimate = try #require(Estimate(Array(values), confidence: 0.95))
            if estimate.covers(5) { covered += 1 }
            halfWidths.append(estimate.halfWidth!)
            means.append(estimate.mean)
        }
        let n = Self.experiments
        print("coverage: \(covered) of \(n) experiments (\(Double(covered) / Double(n) * 100)%)")
        if Self.full {
            #expect((180...198).contains(covered), "\(covered) of 200")
        } else {
            #expect(covered >= 33, "\(covered) of 40")
        }
        // E[half-width] = t(0.975, 9)·c₄(10)·σ/√10 with c₄(10) = 0.9727 (E s = c₄σ), and the means'
        // spread estimates σ/√10: the ratio below is 1 in expectation. With 40 experiments its
        // sampling error is about 12% (the sd of 40 means: 1/√78 = 11%; the mean of 40 half-widths:
        // 0.24/√40 = 4%), so [0.6, 1.4] is over 3 sd; intervals √10 too wide or too narrow fail it.
        let spread = try #require(Estimate(means)?.standardDeviation)
        let ratio = Estimate(halfWidths)!.mean / (2.262_157_162_798_205 * 0.9727 * spread)
        print("mean half-width ÷ its expectation from the spread of experiment means: \(ratio)")
        #expect(ratio > 0.6 && ratio < 1.4, "\(ratio)")
    }
}
