import AgentSimRandom

extension Distribution {
    /// One draw.
    ///
    /// Each case consumes a fixed recipe of generator outputs (documented on the case's sampler), so a
    /// stream stays aligned across runs: the order and number of draws is part of the determinism
    /// contract. Parameters are assumed valid (the scenario layer validates them); `uniformInt` with
    /// max < min and mixtures without a positive weight stop with a precondition failure.
    ///
    /// - `exponential`: −mean·log u, u uniform on (0, 1]; one output.
    /// - `uniform`: min + (max − min)·u, u on [0, 1); one output (kept below max despite rounding).
    /// - `normal`, `lognormal`: Marsaglia's polar method, the spare value discarded so that no hidden
    ///   state exists; lognormal is exp of the normal.
    /// - `gamma`: Marsaglia–Tsang; `weibull`: scale·(−log u)^(1/shape); `pareto`: x_m·u^(−1/α).
    /// - `empirical`: one stored value chosen by an unbiased index; `uniformInt`: an unbiased integer.
    /// - `bernoulli`: 1 if u < p (u on [0, 1)), else 0; `mixture`: a component chosen by its weight
    ///   (one output), then that component's draw.
    /// - Parameter rng: The stream to draw from.
    /// - Returns: The draw.
    @inlinable public func sample(_ rng: inout Xoshiro256StarStar) -> Double {
        // The two hot cases are inlined at the call site; everything else goes through one call.
        switch self {
        case .exponential(let mean):
            return (0 - SimMath.log(rng.nextOpenDouble())) * mean  // 0 − log keeps u = 1 at +0, not −0
        case .constant(let value):
            return value
        default:
            return sampleOther(&rng)
        }
    }

    /// One draw that is never negative (durations, token counts).
    ///
    /// `normal` is truncated at 0 by resampling while the draw is negative, at most 1,000 times; if
    /// every try is negative (probability (1 − P(X ≥ 0))¹⁰⁰⁰, negligible unless mean ≤ −2.5 sd) the
    /// result is 0. A `mixture` draws its chosen component's non-negative form. Every other case is
    /// clamped at 0 (NaN becomes 0 too).
    /// - Parameter rng: The stream to draw from.
    /// - Returns: A draw ≥ 0.
    @inlinable public func sampleNonNegative(_ rng: inout Xoshiro256StarStar) -> Double {
        switch self {
        case .exponential, .constant:
            let x = sample(&rng)
            return x > 0 ? x : 0
        default:
            return sampleNonNegativeOther(&rng)
        }
    }

    /// ``sample(_:)`` for every case but the inlined hot ones.
    @usableFromInline func sampleOther(_ rng: inout Xoshiro256StarStar) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .exponential(let mean):
            return (0 - SimMath.log(rng.nextOpenDouble())) * mean
        case .uniform(let low, let high):
            let x = low + (high - low) * rng.nextDouble()
            return x >= high && high > low ? high.nextDown : x
        case .normal(let mean, let sd):
            return mean + sd * Self.standardNormal(&rng)
        case .lognormal(let mu, let sigma):
            return SimMath.exp(mu + sigma * Self.standardNormal(&rng))
        case .gamma(let shape, let scale):
            return Self.standardGamma(shape: shape, &rng) * scale
        case .weibull(let shape, let scale):
            return scale * SimMath.pow(0 - SimMath.log(rng.nextOpenDouble()), 1 / shape)
        case .pareto(let scale, let shape):
            return scale * SimMath.pow(rng.nextOpenDouble(), -1 / shape)
        case .empirical(let samples):
            let index = rng.next(below: UInt64(samples.sorted.count))
            return samples.sorted[Int(index)]
        case .mixture(let components):
            return Self.chooseComponent(components, &rng).sample(&rng)
        case .uniformInt(let low, let high):
            return Double(rng.next(in: low...high))
        case .bernoulli(let p):
            return rng.nextDouble() < p ? 1 : 0
        }
    }

    /// ``sampleNonNegative(_:)`` for every case but the inlined hot ones.
    @usableFromInline func sampleNonNegativeOther(_ rng: inout Xoshiro256StarStar) -> Double {
        switch self {
        case .normal(let mean, let sd):
            return Self.truncatedNormal(mean: mean, sd: sd, &rng)
        case .mixture(let components):
            return Self.chooseComponent(components, &rng).sampleNonNegative(&rng)
        default:
            let x = sampleOther(&rng)
            return x > 0 ? x : 0
        }
    }
}
