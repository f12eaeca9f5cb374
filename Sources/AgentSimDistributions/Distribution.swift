import AgentSimRandom

/// A probability distribution over doubles: a duration in seconds, a token count, a fan-out, a
/// probability.
///
/// Durations are stored in seconds; the model turns a sample into integer nanoseconds with
/// ``SimDuration/init(seconds:)``. Sampling uses only ``Xoshiro256StarStar`` and ``SimMath``.
public enum Distribution: Sendable, Hashable {
    /// Always `value`.
    case constant(Double)
    /// Uniform on [min, max).
    case uniform(min: Double, max: Double)
    /// Exponential with the given mean (rate = 1 / mean).
    case exponential(mean: Double)
    /// Normal; ``sampleNonNegative(_:)`` truncates it at 0 by resampling.
    case normal(mean: Double, sd: Double)
    /// exp(Normal(mu, sigma)); see ``lognormal(mean:sd:)`` and ``lognormal(median:p99:)``.
    case lognormal(mu: Double, sigma: Double)
    /// Gamma with shape k and scale θ (mean kθ).
    case gamma(shape: Double, scale: Double)
    /// Weibull with shape k and scale λ.
    case weibull(shape: Double, scale: Double)
    /// Pareto (type I) with minimum `scale` (x_m) and tail index `shape` (α).
    case pareto(scale: Double, shape: Double)
    /// Resampling of observed values, each equally likely.
    case empirical(EmpiricalSamples)
    /// A weighted choice between distributions, e.g. 95% fast and 5% slow.
    case mixture([MixtureComponent])
    /// Uniform on the integers min...max, both included.
    case uniformInt(min: Int64, max: Int64)
    /// 1 with probability p, else 0.
    case bernoulli(p: Double)
}

/// The observed values behind an empirical distribution, kept sorted.
public struct EmpiricalSamples: Sendable, Hashable {
    /// The values in ascending order; never empty.
    public let sorted: [Double]
    /// Creates the samples; `values` must not be empty.
    public init(_ values: [Double]) {
        precondition(!values.isEmpty, "an empirical distribution needs at least one value")
        sorted = values.sorted()
    }
}

/// One weighted part of a mixture distribution.
public struct MixtureComponent: Sendable, Hashable {
    /// The relative weight (weights need not sum to 1; they are normalised).
    public var weight: Double
    /// The distribution drawn from when this component is chosen.
    public var distribution: Distribution
    /// Creates a mixture component.
    public init(weight: Double, distribution: Distribution) {
        self.weight = weight
        self.distribution = distribution
    }
}

extension Distribution {
    /// True when every draw is the same value (lets the model skip scheduling zero-delay events).
    public var constantValue: Double? {
        if case .constant(let v) = self { return v }
        return nil
    }
}
