import AgentSimDistributions
import AgentSimRandom

/// A distribution fitted to observed values, with the goodness of fit of every family tried.
///
/// The criterion: each parametric family (exponential, lognormal, gamma) is fitted by maximum
/// likelihood; the one with the lowest AIC (2k − 2 log L) is chosen, and kept when its
/// Kolmogorov–Smirnov distance D is at most the 5% critical value 1.358/√n. Otherwise the data are
/// kept as they are: an empirical distribution of up to 100 quantiles. (With estimated parameters
/// that critical value is conservative: it rejects less often than 5%.) Values that are all equal
/// give a constant; lognormal and gamma need every value > 0.
public struct DistributionFit: Sendable, Hashable {
    /// The families a fit chooses among, named as in the scenario format.
    public enum Family: String, Sendable, Hashable {
        case constant, exponential, lognormal, gamma, empirical
    }

    /// One family tried: its maximum-likelihood distribution, KS distance and AIC.
    public struct Candidate: Sendable, Hashable {
        /// The family.
        public var family: Family
        /// Its fitted distribution.
        public var distribution: Distribution
        /// The Kolmogorov–Smirnov distance to the data.
        public var ksDistance: Double
        /// Akaike's information criterion, 2k − 2 log L.
        public var aic: Double
    }

    /// The chosen family.
    public var family: Family
    /// The chosen distribution.
    public var distribution: Distribution
    /// How many values it was fitted to.
    public var sampleSize: Int
    /// The chosen distribution's KS distance to the data (0 for a constant).
    public var ksDistance: Double
    /// The chosen family's AIC (nil for constant and empirical).
    public var aic: Double?
    /// The 5% critical value of D: 1.358/√n.
    public var ksCritical: Double
    /// Every parametric family tried.
    public var candidates: [Candidate]
    /// The data's mean.
    public var dataMean: Double
    /// The data's 95th percentile (linear interpolation between order statistics).
    public var dataP95: Double
}

extension DistributionFit {
    /// Fits `values` by the criterion above.
    ///
    /// - Parameter values: At least one observation, none negative.
    /// - Returns: The fit.
    /// - Complexity: O(n log n).
    public static func fit(_ values: [Double]) -> DistributionFit {
        precondition(!values.isEmpty, "a fit needs at least one value")
        let xs = values.sorted()
        let n = Double(xs.count)
        let mean = xs.reduce(0, +) / n
        let p95 = quantile(xs, 0.95)
        let critical = 1.358 / n.squareRoot()
        if xs.first == xs.last {
            return DistributionFit(
                family: .constant, distribution: .constant(xs[0]), sampleSize: xs.count, ksDistance: 0,
                aic: nil,
                ksCritical: critical, candidates: [], dataMean: mean, dataP95: p95)
        }
        var candidates: [Candidate] = []
        if mean > 0 {
            let logL = -n * SimMath.log(mean) - n
            candidates.append(
                Candidate(
                    family: .exponential, distribution: .exponential(mean: mean),
                    ksDistance: ks(xs) { 1 - SimMath.exp(-$0 / mean) }, aic: 2 - 2 * logL))
        }
        if xs[0] > 0 {
            candidates.append(lognormal(xs))
            candidates.append(gamma(xs, mean: mean))
        }
        let best = candidates.min { $0.aic < $1.aic }
        if let best, best.ksDistance <= critical {
            return DistributionFit(
                family: best.family, distribution: best.distribution, sampleSize: xs.count,
                ksDistance: best.ksDistance, aic: best.aic, ksCritical: critical, candidates: candidates,
                dataMean: mean, dataP95: p95)
        }
        let m = min(xs.count, 100)
        let points = (0..<m).map { quantile(xs, (Double($0) + 0.5) / Double(m)) }
        let empirical = EmpiricalSamples(points)
        let d = ks(xs) { x in Double(empirical.sorted.lastIndex { $0 <= x }.map { $0 + 1 } ?? 0) / Double(m) }
        return DistributionFit(
            family: .empirical, distribution: .empirical(empirical), sampleSize: xs.count, ksDistance: d,
            aic: nil,
            ksCritical: critical, candidates: candidates, dataMean: mean, dataP95: p95)
    }

    /// The q-quantile of sorted values, interpolating linearly between order statistics (type 7).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let h = Double(sorted.count - 1) * q
        let i = Int(h)
        if i + 1 >= sorted.count { return sorted[sorted.count - 1] }
        return sorted[i] + (h - Double(i)) * (sorted[i + 1] - sorted[i])
    }

    /// The Kolmogorov–Smirnov distance sup |F(x) − Fₙ(x)| of sorted data to the CDF `cdf`.
    static func ks(_ xs: [Double], _ cdf: (Double) -> Double) -> Double {
        let n = Double(xs.count)
        var d = 0.0
        var i = 0
        while i < xs.count {
            var j = i  // ties: the empirical CDF jumps once, over all of them
            while j + 1 < xs.count, xs[j + 1] == xs[i] { j += 1 }
            let f = cdf(xs[i])
            d = max(d, f - Double(i) / n, Double(j + 1) / n - f)
            i = j + 1
        }
        return d
    }

    private static func lognormal(_ xs: [Double]) -> Candidate {
        let n = Double(xs.count)
        let logs = xs.map { SimMath.log($0) }
        let mu = logs.reduce(0, +) / n
        let variance = logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / n
        let sigma = max(variance.squareRoot(), 1e-12)
        let sumLog = logs.reduce(0, +)
        let logL = -sumLog - n * SimMath.log(sigma) - n * FitMath.log2Pi / 2 - n / 2
        let d = ks(xs) { FitMath.normalCDF((SimMath.log($0) - mu) / sigma) }
        return Candidate(
            family: .lognormal, distribution: .lognormal(mu: mu, sigma: sigma), ksDistance: d,
            aic: 4 - 2 * logL)
    }

    /// Gamma by maximum likelihood: Newton's method on log k − ψ(k) = log x̄ − mean(log x), from the
    /// Minka/Choi–Wette starting point, at most 100 steps.
    private static func gamma(_ xs: [Double], mean: Double) -> Candidate {
        let n = Double(xs.count)
        let meanLog = xs.reduce(0) { $0 + SimMath.log($1) } / n
        let s = max(SimMath.log(mean) - meanLog, 1e-12)
        var k = (3 - s + ((s - 3) * (s - 3) + 24 * s).squareRoot()) / (12 * s)
        for _ in 0..<100 {
            let f = SimMath.log(k) - FitMath.digamma(k) - s
            let step = f / (1 / k - FitMath.trigamma(k))
            var next = k - step
            if next <= 0 { next = k / 2 }
            let done = abs(next - k) <= 1e-13 * k
            k = next
            if done { break }
        }
        let theta = mean / k
        let logL =
            (k - 1) * n * meanLog - n * mean / theta - n * k * SimMath.log(theta) - n * FitMath.logGamma(k)
        let d = ks(xs) { FitMath.regularizedGammaP(k, $0 / theta) }
        return Candidate(
            family: .gamma, distribution: .gamma(shape: k, scale: theta), ksDistance: d, aic: 4 - 2 * logL)
    }
}
