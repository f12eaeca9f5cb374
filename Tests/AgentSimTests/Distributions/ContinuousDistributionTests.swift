import Foundation
import Testing

@testable import AgentSim

/// One continuous case: its theoretical moments and one point of its CDF, all computed here from
/// textbook formulas with Foundation (glibc), independently of the code under test.
struct ContinuousCase: Sendable, CustomTestStringConvertible {
    let name: String
    let distribution: Distribution
    let mean: Double
    let variance: Double
    /// A point x and F(x).
    let cdf: (x: Double, p: Double)
    /// Draw through sampleNonNegative (the truncated normal).
    var nonNegative = false
    /// False where the fourth moment is infinite, so the sample variance has no usable error bound.
    var sampleVarianceIsTestable = true
    /// What `mean`/`variance` must report when it differs from the draws' theory: `normal` reports
    /// the truncated form even though `sample` draws the plain normal.
    var reportedMoments: (mean: Double, variance: Double)?
    var testDescription: String { name }

    /// Φ, the standard normal CDF, from glibc's erfc.
    static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    /// Moments of Normal(μ, σ) conditioned on X ≥ 0: with α = −μ/σ and λ = φ(α)/(1 − Φ(α)),
    /// mean μ + σλ and variance σ²(1 + αλ − λ²).
    static func truncatedNormal(mean mu: Double, sd sigma: Double) -> (mean: Double, variance: Double) {
        let alpha = -mu / sigma
        let lambda = Foundation.exp(-alpha * alpha / 2) / (2 * Double.pi).squareRoot() / (1 - phi(alpha))
        return (mu + sigma * lambda, sigma * sigma * (1 + alpha * lambda - lambda * lambda))
    }

    static let all: [ContinuousCase] = {
        let truncated = truncatedNormal(mean: 1, sd: 1)
        let (mu, sigma) = (0.5, 0.6)
        let weibullG1 = tgamma(1 + 1 / 1.5)
        let weibullG2 = tgamma(1 + 2 / 1.5)
        let mixtureSecondMoment = 0.9 * 2 + 0.1 * (100.0 / 12 + 225)
        let lognormalByMoments = 2 / (1.25).squareRoot()  // median = mean/√(1 + cv²)
        return [
            ContinuousCase(
                name: "uniform(2, 5)", distribution: .uniform(min: 2, max: 5), mean: 3.5, variance: 0.75,
                cdf: (3, 1.0 / 3)),
            ContinuousCase(
                name: "exponential(0.25)", distribution: .exponential(mean: 0.25), mean: 0.25,
                variance: 0.0625,
                cdf: (-0.25 * Foundation.log(0.1), 0.9)),
            ContinuousCase(
                name: "normal(10, 2)", distribution: .normal(mean: 10, sd: 2), mean: 10, variance: 4,
                cdf: (10 + 2 * 1.959_963_984_540_054, 0.975),
                reportedMoments: truncatedNormal(mean: 10, sd: 2)),
            ContinuousCase(
                name: "normal(1, 1) truncated at 0", distribution: .normal(mean: 1, sd: 1),
                mean: truncated.mean,
                variance: truncated.variance, cdf: (1, (phi(0) - phi(-1)) / (1 - phi(-1))), nonNegative: true),
            ContinuousCase(
                name: "lognormal(0.5, 0.6)", distribution: .lognormal(mu: mu, sigma: sigma),
                mean: Foundation.exp(mu + sigma * sigma / 2),
                variance: Foundation.expm1(sigma * sigma) * Foundation.exp(2 * mu + sigma * sigma),
                cdf: (Foundation.exp(mu), 0.5)),
            ContinuousCase(
                name: "lognormal(mean: 2, sd: 1)", distribution: .lognormal(mean: 2, sd: 1), mean: 2,
                variance: 1,
                cdf: (lognormalByMoments, 0.5)),
            ContinuousCase(
                // Erlang: F(x) = 1 − e^(−x/θ)·Σ_{j<3} (x/θ)^j/j!; at x = 6, θ = 2: 1 − 8.5e⁻³.
                name: "gamma(3, 2)", distribution: .gamma(shape: 3, scale: 2), mean: 6, variance: 12,
                cdf: (6, 1 - 8.5 * Foundation.exp(-3))),
            ContinuousCase(
                // Gamma(1/2, θ) is θZ²/2, so F(x) = erf(√(x/θ)).
                name: "gamma(0.5, 2)", distribution: .gamma(shape: 0.5, scale: 2), mean: 1, variance: 2,
                cdf: (1, erf(0.5.squareRoot()))),
            ContinuousCase(
                name: "weibull(1.5, 2)", distribution: .weibull(shape: 1.5, scale: 2), mean: 2 * weibullG1,
                variance: 4 * (weibullG2 - weibullG1 * weibullG1), cdf: (2, 1 - Foundation.exp(-1))),
            ContinuousCase(
                name: "pareto(1, 10)", distribution: .pareto(scale: 1, shape: 10), mean: 10.0 / 9,
                variance: 10.0 / (81 * 8), cdf: (2, 1 - Foundation.pow(2, -10))),
            ContinuousCase(
                name: "pareto(1, 3)", distribution: .pareto(scale: 1, shape: 3), mean: 1.5, variance: 0.75,
                cdf: (2, 0.875), sampleVarianceIsTestable: false),
            ContinuousCase(
                name: "mixture 90% exponential(1), 10% uniform(10, 20)",
                distribution: .mixture([
                    MixtureComponent(weight: 0.9, distribution: .exponential(mean: 1)),
                    MixtureComponent(weight: 0.1, distribution: .uniform(min: 10, max: 20)),
                ]), mean: 2.4, variance: mixtureSecondMoment - 2.4 * 2.4,
                cdf: (5, 0.9 * (1 - Foundation.exp(-5)))),
        ]
    }()
}

@Suite struct ContinuousDistributionTests {
    static let drawCount = 200_000

    @Test(arguments: ContinuousCase.all)
    func exactMomentsMatchTheory(_ c: ContinuousCase) throws {
        let mean = try #require(c.distribution.mean)
        let variance = try #require(c.distribution.variance)
        let expected = c.reportedMoments ?? (c.mean, c.variance)
        #expect(abs(mean / expected.mean - 1) < 1e-12)
        #expect(abs(variance / expected.variance - 1) < 1e-12)
    }

    @Test(arguments: ContinuousCase.all)
    func drawsMatchTheory(_ c: ContinuousCase) {
        let stats = SampleStatistics(
            c.distribution, count: Self.drawCount, seed: 1, nonNegative: c.nonNegative)
        #expect(stats.meanIsConsistent(with: c.mean, variance: c.variance), "mean \(stats.mean) vs \(c.mean)")
        if c.sampleVarianceIsTestable {
            #expect(
                stats.varianceIsConsistent(with: c.variance), "variance \(stats.variance) vs \(c.variance)")
        }
        #expect(stats.cdfIsConsistent(at: c.cdf.x, probability: c.cdf.p))
    }

    @Test func infiniteMomentsAreNil() {
        #expect(Distribution.pareto(scale: 1, shape: 1).mean == nil)
        #expect(Distribution.pareto(scale: 1, shape: 0.5).variance == nil)
        #expect(Distribution.pareto(scale: 1, shape: 2).variance == nil)
        #expect(Distribution.pareto(scale: 1, shape: 2).mean == 2)
        let heavy = Distribution.mixture([
            MixtureComponent(weight: 1, distribution: .constant(1)),
            MixtureComponent(weight: 1, distribution: .pareto(scale: 1, shape: 1)),
        ])
        #expect(heavy.mean == nil)
    }

    @Test func constantAlwaysGivesItsValue() {
        var rng = Xoshiro256StarStar(seed: 1)
        let constant = Distribution.constant(3.25)
        for _ in 0..<100 { #expect(constant.sample(&rng) == 3.25) }
        #expect(constant.mean == 3.25)
        #expect(constant.variance == 0)
        #expect(Distribution.constant(-2).sampleNonNegative(&rng) == 0)
    }
}
