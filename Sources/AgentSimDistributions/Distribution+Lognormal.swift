import AgentSimRandom

extension Distribution {
    /// The standard normal quantile of 0.99, z₀.₉₉ = Φ⁻¹(0.99).
    static var standardNormalP99: Double { 2.326_347_874_040_840_8 }

    /// A lognormal with the given mean and standard deviation.
    ///
    /// σ² = log(1 + sd²/mean²) (evaluated with ``SimMath/log1p(_:)`` so that small coefficients of
    /// variation keep their digits) and μ = log(mean) − σ²/2. Computed with ``SimMath`` only, so the
    /// parameters are bit-identical on every OS.
    /// - Parameters:
    ///   - mean: The mean; must be positive.
    ///   - sd: The standard deviation; must not be negative (0 gives a point mass at `mean`).
    /// - Returns: `.lognormal(mu:sigma:)` with those moments.
    public static func lognormal(mean: Double, sd: Double) -> Distribution {
        precondition(mean > 0 && mean.isFinite, "a lognormal needs a positive, finite mean")
        precondition(sd >= 0 && sd.isFinite, "a lognormal needs a non-negative, finite sd")
        let cv = sd / mean
        let sigma2 = SimMath.log1p(cv * cv)
        return .lognormal(mu: SimMath.log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// A lognormal with the given median and 99th percentile (what people know of their latencies).
    ///
    /// μ = log median and σ = (log p99 − log median)/z₀.₉₉ with z₀.₉₉ = 2.3263478740408408, computed
    /// with ``SimMath`` only, so the parameters are bit-identical on every OS.
    /// - Parameters:
    ///   - median: The 50th percentile; must be positive.
    ///   - p99: The 99th percentile; must be finite and greater than `median`.
    /// - Returns: `.lognormal(mu:sigma:)` with those quantiles.
    public static func lognormal(median: Double, p99: Double) -> Distribution {
        precondition(median > 0, "a lognormal needs a positive median")
        precondition(p99 > median && p99.isFinite, "a lognormal needs a finite p99 above its median")
        let mu = SimMath.log(median)
        return .lognormal(mu: mu, sigma: (SimMath.log(p99) - mu) / standardNormalP99)
    }
}
