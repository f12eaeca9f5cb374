import AgentSimRandom

extension Distribution {
    /// The exact mean (of the non-negative form for `normal`), or `nil` where it is infinite.
    ///
    /// It describes ``sample(_:)``, except for `normal`, where it is the mean of the normal truncated
    /// at 0 that ``sampleNonNegative(_:)`` draws (accurate to about 10⁻¹³ relative; see
    /// ``SimMath/erfcx(_:)``); a `mixture` weights its components' means, so a normal component
    /// counts with its truncated mean too. Clamping at 0 of the other cases is not reflected (it
    /// changes nothing for parameters that only produce non-negative draws). `nil` for pareto with
    /// α ≤ 1, and wherever the value does not fit a finite double.
    /// - Complexity: O(1), except O(n) for `empirical` and O(components) for `mixture`.
    public var mean: Double? {
        switch self {
        case .constant(let value): return value
        case .uniform(let low, let high): return low / 2 + high / 2
        case .exponential(let mean): return mean
        case .normal(let mean, let sd): return Self.truncatedNormalMoments(mean: mean, sd: sd).mean
        case .lognormal(let mu, let sigma): return Self.finite(SimMath.exp(mu + sigma * sigma / 2))
        case .gamma(let shape, let scale): return shape * scale
        case .weibull(let shape, let scale): return Self.finite(scale * SimMath.gamma(1 + 1 / shape))
        case .pareto(let scale, let shape): return shape > 1 ? Self.finite(shape * scale / (shape - 1)) : nil
        case .empirical(let samples): return Self.empiricalMean(samples.sorted)
        case .mixture(let components): return Self.mixtureMean(components)
        case .uniformInt(let low, let high): return Double(low) / 2 + Double(high) / 2
        case .bernoulli(let p): return Self.clampedProbability(p)
        }
    }

    /// The exact variance, of the same form ``mean`` describes, or `nil` where it is infinite.
    ///
    /// `nil` for pareto with α ≤ 2, and wherever the value does not fit a finite double. Weibull's
    /// Γ(1 + 2/k) − Γ(1 + 1/k)² cancels for large k, losing about log₁₀(k²) digits.
    /// - Complexity: O(1), except O(n) for `empirical` and O(components) for `mixture`.
    public var variance: Double? {
        switch self {
        case .constant: return 0
        case .uniform(let low, let high): return (high - low) * (high - low) / 12
        case .exponential(let mean): return mean * mean
        case .normal(let mean, let sd): return Self.truncatedNormalMoments(mean: mean, sd: sd).variance
        case .lognormal(let mu, let sigma):
            let s2 = sigma * sigma
            return Self.finite(SimMath.expm1(s2) * SimMath.exp(2 * mu + s2))
        case .gamma(let shape, let scale): return shape * scale * scale
        case .weibull(let shape, let scale):
            let g1 = SimMath.gamma(1 + 1 / shape)
            return Self.finite(scale * scale * (SimMath.gamma(1 + 2 / shape) - g1 * g1))
        case .pareto(let scale, let shape):
            guard shape > 2 else { return nil }
            return Self.finite(scale * scale * shape / ((shape - 1) * (shape - 1) * (shape - 2)))
        case .empirical(let samples): return Self.empiricalVariance(samples.sorted)
        case .mixture(let components): return Self.mixtureVariance(components)
        case .uniformInt(let low, let high):
            let count = Double(high) - Double(low) + 1
            return (count * count - 1) / 12
        case .bernoulli(let p):
            let q = Self.clampedProbability(p)
            return q * (1 - q)
        }
    }

    /// `x` if it is finite, else nil (an infinite or overflowing moment).
    static func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

    /// p limited to [0, 1], matching what `u < p` does for p outside it.
    static func clampedProbability(_ p: Double) -> Double { p < 0 ? 0 : (p > 1 ? 1 : p) }

    /// The mean of the stored values, summed in ascending order (a fixed order, so a fixed result).
    static func empiricalMean(_ values: [Double]) -> Double {
        var sum = 0.0
        for value in values { sum += value }
        return sum / Double(values.count)
    }

    /// The population variance of the stored values: resampling draws each with probability 1/n.
    static func empiricalVariance(_ values: [Double]) -> Double {
        let mean = empiricalMean(values)
        var sum = 0.0
        for value in values { sum += (value - mean) * (value - mean) }
        return sum / Double(values.count)
    }
}
