import Testing

@testable import AgentSim

@Suite struct DiscreteDistributionTests {
    static let drawCount = 200_000

    /// Pearson's χ² statistic of observed counts against expected ones.
    static func chiSquare(_ observed: [Int], expected: [Double]) -> Double {
        zip(observed, expected).reduce(0) { $0 + (Double($1.0) - $1.1) * (Double($1.0) - $1.1) / $1.1 }
    }

    @Test func uniformIntCoversItsRangeUniformly() {
        let distribution = Distribution.uniformInt(min: -3, max: 6)
        var rng = Xoshiro256StarStar(seed: 21)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<Self.drawCount {
            let x = distribution.sample(&rng)
            #expect(x == x.rounded() && x >= -3 && x <= 6)
            counts[Int(x) + 3] += 1
        }
        // 10 cells, 9 degrees of freedom: P(χ² > 44.81) = 1e-6. Every cell is hit, both ends included.
        #expect(
            Self.chiSquare(counts, expected: Array(repeating: Double(Self.drawCount) / 10, count: 10)) < 44.81
        )
        #expect(distribution.mean == 1.5)
        #expect(distribution.variance == 99.0 / 12)
        #expect(Distribution.uniformInt(min: 5, max: 5).sample(&rng) == 5)
    }

    @Test(arguments: [0.3, 0.001])
    func bernoulliHitsItsRate(p: Double) {
        let distribution = Distribution.bernoulli(p: p)
        var rng = Xoshiro256StarStar(seed: 22)
        var ones = 0
        for _ in 0..<Self.drawCount {
            let x = distribution.sample(&rng)
            #expect(x == 0 || x == 1)
            if x == 1 { ones += 1 }
        }
        // ones ~ Binomial(n, p): 5 standard deviations.
        let tolerance = 5 * (p * (1 - p) / Double(Self.drawCount)).squareRoot()
        #expect(abs(Double(ones) / Double(Self.drawCount) - p) <= tolerance)
        #expect(distribution.mean == p)
        #expect(distribution.variance == p * (1 - p))
    }

    @Test func bernoulliEdgesAreExact() {
        var rng = Xoshiro256StarStar(seed: 23)
        for _ in 0..<1000 {
            #expect(Distribution.bernoulli(p: 0).sample(&rng) == 0)
            #expect(Distribution.bernoulli(p: 1).sample(&rng) == 1)
        }
    }

    @Test func empiricalPicksEachStoredValueEquallyOften() {
        let distribution = Distribution.empirical(EmpiricalSamples([5, 1, 2, 2]))
        var rng = Xoshiro256StarStar(seed: 24)
        var counts = [1.0: 0, 2.0: 0, 5.0: 0]
        for _ in 0..<Self.drawCount { counts[distribution.sample(&rng), default: 99] += 1 }
        #expect(counts.count == 3)
        let n = Double(Self.drawCount)
        // 3 cells, 2 degrees of freedom: P(χ² > 27.63) = 1e-6 (= −2 ln 1e-6).
        let statistic = Self.chiSquare(
            [counts[1]!, counts[2]!, counts[5]!], expected: [n / 4, n / 2, n / 4])
        #expect(statistic < 27.63)
        #expect(distribution.mean == 2.5)
        #expect(distribution.variance == 2.25)  // (1.5² + 0.5² + 0.5² + 2.5²)/4
    }

    @Test func mixtureChoosesComponentsByWeight() {
        let distribution = Distribution.mixture([
            MixtureComponent(weight: 3, distribution: .constant(0)),
            MixtureComponent(weight: 1, distribution: .constant(1)),
            MixtureComponent(weight: 0, distribution: .constant(7)),
        ])
        var rng = Xoshiro256StarStar(seed: 25)
        var ones = 0
        for _ in 0..<Self.drawCount {
            let x = distribution.sample(&rng)
            #expect(x == 0 || x == 1)  // a zero weight is never chosen
            if x == 1 { ones += 1 }
        }
        // ones ~ Binomial(n, 1/4): 5 standard deviations.
        let tolerance = 5 * (0.25 * 0.75 / Double(Self.drawCount)).squareRoot()
        #expect(abs(Double(ones) / Double(Self.drawCount) - 0.25) <= tolerance)
        #expect(distribution.mean == 0.25)
        #expect(distribution.variance == 0.1875)
    }
}
