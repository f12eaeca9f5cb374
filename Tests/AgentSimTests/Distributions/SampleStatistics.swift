@testable import AgentSim

/// Moments and CDF counts of n draws, with the tolerances the tests derive from n.
///
/// Every bound is 5 standard errors: for a statistic that is approximately normal (n = 200,000 makes
/// the central limit theorem hold tightly for these light-tailed cases), a false failure has
/// probability below 6·10⁻⁷ per check.
struct SampleStatistics: CustomStringConvertible {
    let count: Int
    let mean: Double
    /// The unbiased sample variance.
    let variance: Double
    /// The fourth central moment (plug-in), for the variance's own standard error.
    let fourthMoment: Double
    let draws: [Double]

    init(_ distribution: Distribution, count: Int, seed: UInt64, nonNegative: Bool = false) {
        var rng = RandomStreams(seed: seed).stream("statistics")
        var draws = [Double]()
        draws.reserveCapacity(count)
        for _ in 0..<count {
            draws.append(nonNegative ? distribution.sampleNonNegative(&rng) : distribution.sample(&rng))
        }
        let n = Double(count)
        let mean = draws.reduce(0, +) / n
        var m2 = 0.0
        var m4 = 0.0
        for x in draws {
            let d2 = (x - mean) * (x - mean)
            m2 += d2
            m4 += d2 * d2
        }
        self.count = count
        self.mean = mean
        self.variance = m2 / (n - 1)
        self.fourthMoment = m4 / n
        self.draws = draws
    }

    /// A short summary for failure messages (never the draws themselves).
    var description: String { "n=\(count) mean=\(mean) variance=\(variance)" }

    /// |sample mean − μ| ≤ 5σ/√n.
    func meanIsConsistent(with mu: Double, variance sigma2: Double) -> Bool {
        abs(mean - mu) <= 5 * (sigma2 / Double(count)).squareRoot()
    }

    /// |s² − σ²| ≤ 5·√((μ₄ − σ⁴)/n), the large-n standard error of the sample variance, with μ₄
    /// estimated from the same draws.
    func varianceIsConsistent(with sigma2: Double) -> Bool {
        let standardError = ((fourthMoment - variance * variance) / Double(count)).squareRoot()
        return abs(variance - sigma2) <= 5 * standardError
    }

    /// The share of draws ≤ x is within 5·√(p(1 − p)/n) of p = F(x): that count is Binomial(n, p).
    func cdfIsConsistent(at x: Double, probability p: Double) -> Bool {
        let below = draws.reduce(0) { $0 + ($1 <= x ? 1 : 0) }
        return abs(Double(below) / Double(count) - p) <= 5 * (p * (1 - p) / Double(count)).squareRoot()
    }
}
