import AgentSimRandom

extension Distribution {
    /// A standard normal draw by Marsaglia's polar method; the second value of each pair is discarded.
    ///
    /// Keeping the spare would be hidden state outside the generator, so two draws would depend on
    /// which distribution asked first. Each try uses two generator outputs and succeeds with
    /// probability π/4; after 1,000 failed tries (probability about 10⁻⁶⁶⁸) it returns 0, a bound
    /// kept only so that no loop is unbounded.
    static func standardNormal(_ rng: inout Xoshiro256StarStar) -> Double {
        for _ in 0..<1000 {
            let u = 2 * rng.nextDouble() - 1
            let v = 2 * rng.nextDouble() - 1
            let s = u * u + v * v
            if s < 1 && s > 0 {
                return u * (-2 * SimMath.log(s) / s).squareRoot()
            }
        }
        return 0
    }

    /// A normal draw conditioned on being ≥ 0: resampled while negative, at most 1,000 times, then 0.
    static func truncatedNormal(mean: Double, sd: Double, _ rng: inout Xoshiro256StarStar) -> Double {
        for _ in 0..<1000 {
            let x = mean + sd * standardNormal(&rng)
            if x >= 0 { return x }
        }
        return 0
    }

    /// Mean and variance of Normal(mean, sd) conditioned on X ≥ 0, the form ``sampleNonNegative(_:)``
    /// draws.
    ///
    /// With α = −mean/σ and the hazard λ = φ(α)/(1 − Φ(α)) = √(2/π)/erfcx(α/√2): E = mean + σλ and
    /// Var = σ²(1 + αλ − λ²). The scaled erfcx keeps λ accurate far into either tail; relative error
    /// below 10⁻¹³ for the mean (see ``SimMath/erfcx(_:)``). The variance loses digits to cancellation
    /// when mean < −10 sd, where the sampler itself mostly returns 0 (its 1,000-try cap) anyway.
    static func truncatedNormalMoments(mean: Double, sd: Double) -> (mean: Double, variance: Double) {
        let sigma = sd.magnitude  // the sampler is symmetric in the sign of sd
        guard sigma > 0 else { return (mean > 0 ? mean : 0, 0) }
        let alpha = -mean / sigma
        let sqrtTwoOverPi = 0.797_884_560_802_865_4
        let invSqrt2 = 0.707_106_781_186_547_5
        let lambda = sqrtTwoOverPi / SimMath.erfcx(alpha * invSqrt2)
        let variance = sigma * sigma * (1 + alpha * lambda - lambda * lambda)
        return (mean + sigma * lambda, variance > 0 ? variance : 0)
    }
}
