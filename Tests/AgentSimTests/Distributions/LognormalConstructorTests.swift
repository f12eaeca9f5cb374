import Foundation
import Testing

@testable import AgentSim

@Suite struct LognormalConstructorTests {
    @Test func medianAndP99AreHit() throws {
        let distribution = Distribution.lognormal(median: 0.6, p99: 3)
        guard case .lognormal(let mu, let sigma) = distribution else {
            Issue.record("expected a lognormal, got \(distribution)")
            return
        }
        // Parameters against glibc's log (SimMath is within 1 ulp of it).
        #expect(abs(mu - Foundation.log(0.6)) <= 2 * Foundation.log(0.6).ulp)
        let expectedSigma = (Foundation.log(3) - Foundation.log(0.6)) / 2.326_347_874_040_840_8
        #expect(abs(sigma / expectedSigma - 1) < 1e-15)
        // The share of draws ≤ the median and ≤ p99 is Binomial(n, q)/n: 5 standard deviations.
        let stats = SampleStatistics(distribution, count: 200_000, seed: 41)
        #expect(stats.cdfIsConsistent(at: 0.6, probability: 0.5))
        #expect(stats.cdfIsConsistent(at: 3, probability: 0.99))
    }

    @Test(arguments: [(2.0, 1.0), (0.25, 0.01), (100, 400), (1, 1e-9)])
    func meanAndSDAreReproduced(mean: Double, sd: Double) throws {
        let distribution = Distribution.lognormal(mean: mean, sd: sd)
        let reportedMean = try #require(distribution.mean)
        let reportedVariance = try #require(distribution.variance)
        #expect(abs(reportedMean / mean - 1) < 1e-13)
        // Tiny coefficients of variation are where log1p/expm1 earn their keep.
        #expect(abs(reportedVariance.squareRoot() / sd - 1) < 1e-9)
    }

    @Test func zeroSDIsAPointMass() {
        #expect(Distribution.lognormal(mean: 5, sd: 0) == .lognormal(mu: SimMath.log(5), sigma: 0))
    }
}
