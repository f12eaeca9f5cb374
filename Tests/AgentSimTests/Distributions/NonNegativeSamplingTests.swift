import Testing

@testable import AgentSim

@Suite struct NonNegativeSamplingTests {
    @Test func hopelessNormalGivesZeroAfterItsTryLimit() {
        var rng = Xoshiro256StarStar(seed: 31)
        #expect(Distribution.normal(mean: -100, sd: 1).sampleNonNegative(&rng) == 0)
    }

    @Test func otherCasesAreClampedAtZero() {
        let distribution = Distribution.uniform(min: -1, max: 1)
        var rng = Xoshiro256StarStar(seed: 32)
        let n = 100_000
        var zeros = 0
        for _ in 0..<n {
            let x = distribution.sampleNonNegative(&rng)
            #expect(x >= 0)
            if x == 0 { zeros += 1 }
        }
        // Half the mass lies below 0 and is clamped; zeros ~ Binomial(n, 1/2), 5 standard deviations.
        #expect(abs(Double(zeros) / Double(n) - 0.5) <= 5 * (0.25 / Double(n)).squareRoot())
    }

    @Test func mixturesUseTheirComponentsNonNegativeForm() {
        let distribution = Distribution.mixture([
            MixtureComponent(weight: 1, distribution: .normal(mean: 0.5, sd: 1)),
            MixtureComponent(weight: 1, distribution: .exponential(mean: 1)),
        ])
        var rng = Xoshiro256StarStar(seed: 33)
        var zeros = 0
        for _ in 0..<10_000 {
            let x = distribution.sampleNonNegative(&rng)
            #expect(x >= 0)
            if x == 0 { zeros += 1 }
        }
        // Resampling, not clamping: a continuous draw is exactly 0 with probability ~0.
        #expect(zeros == 0)
    }

    @Test func exponentialDrawsAreNeverNegativeZero() {
        var rng = Xoshiro256StarStar(seed: 34)
        for _ in 0..<10_000 {
            #expect(Distribution.exponential(mean: 3).sample(&rng).sign == .plus)
        }
    }
}
