import Testing

@testable import AgentSim

/// Estimate and PairedDifference on values whose statistics are known by hand.
@Suite struct EstimateTests {
    @Test func noObservationsIsNoEstimate() {
        #expect(Estimate([]) == nil)
        #expect(PairedDifference([], []) == nil)
    }

    @Test func oneObservationHasAMeanButNoInterval() throws {
        let e = try #require(Estimate([4.5]))
        #expect(e.count == 1 && e.mean == 4.5)
        #expect(e.standardDeviation == nil && e.halfWidth == nil)
        #expect(e.low == nil && e.high == nil && e.relativeHalfWidth == nil)
        #expect(!e.covers(4.5))
    }

    /// 1…5: mean 3, s² = (4 + 1 + 0 + 1 + 4)/4 = 2.5, half-width t(0.975, 4)·√2.5/√5 = 2.7764451052·√0.5.
    @Test func oneToFive() throws {
        let e = try #require(Estimate([1, 2, 3, 4, 5], confidence: 0.95))
        #expect(e.mean == 3)
        #expect(abs(e.standardDeviation! - 2.5.squareRoot()) <= 1e-15)
        let expected = 2.7764451051977934 * 0.5.squareRoot()
        #expect(abs(e.halfWidth! - expected) <= 1e-13)
        #expect(abs(e.low! - (3 - expected)) <= 1e-13 && abs(e.high! - (3 + expected)) <= 1e-13)
        #expect(abs(e.relativeHalfWidth! - expected / 3) <= 1e-13)
        #expect(e.covers(3) && !e.covers(5))
    }

    @Test func constantValuesHaveAPointInterval() throws {
        let e = try #require(Estimate([2, 2, 2]))
        #expect(e.standardDeviation == 0 && e.halfWidth == 0 && e.relativeHalfWidth == 0)
        let zero = try #require(Estimate([0, 0]))
        #expect(zero.relativeHalfWidth == 0)
        let spreadAroundZero = try #require(Estimate([-1, 1]))
        #expect(spreadAroundZero.relativeHalfWidth == .infinity)
    }

    /// a = b + 1 + e with small, mean-zero noise e: the difference is 1 ± t·s_e/√n, significant; the
    /// unpaired interval carries b's large spread and is far wider.
    @Test func pairingRemovesTheSharedSpread() throws {
        let b: [Double] = [10, 30, 20, 50, 40, 60]
        let noise: [Double] = [0.1, -0.1, 0.05, -0.05, 0.02, -0.02]
        let a = zip(b, noise).map { $0 + 1 + $1 }
        let paired = try #require(Estimate.paired(a, b))
        #expect(abs(paired.difference.mean - 1) <= 1e-12)
        #expect(paired.isSignificant)
        let unpaired = try #require(PairedDifference.unpaired(a, b))
        #expect(abs(unpaired.difference - 1) <= 1e-12)
        #expect(unpaired.halfWidth > 100 * paired.difference.halfWidth!)
        // Pooled two-sample interval by hand: s_a² ≈ s_b² = 350, df 10, t(0.975, 10) = 2.228138852.
        #expect(unpaired.halfWidth > 2.2281 * (350.0 / 3).squareRoot() * 0.99)
    }

    @Test func identicalAlternativesAreNotSignificant() throws {
        let a: [Double] = [1, 2, 3]
        let same = try #require(PairedDifference(a, a))
        #expect(same.difference.mean == 0 && same.difference.halfWidth == 0 && !same.isSignificant)
        let onePair = try #require(PairedDifference([2], [1]))
        #expect(!onePair.isSignificant)
    }

    @Test func sameValuesSameBits() {
        let values = (0..<37).map { Double($0 * $0 % 11) * 0.1 }
        #expect(Estimate(values, confidence: 0.9) == Estimate(values, confidence: 0.9))
    }
}
