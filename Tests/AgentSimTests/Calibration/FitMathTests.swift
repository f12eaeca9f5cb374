import Testing

@testable import AgentSim

/// The special functions against exact values (theorems), to the accuracy stated on each.
@Suite struct FitMathTests {
    static let eulerGamma = 0.577_215_664_901_532_9
    static let pi = 3.141_592_653_589_793

    @Test func digammaAndTrigamma() {
        // Bounds: FitMath's stated accuracy (5·10⁻¹⁴ for ψ, 10⁻¹³ for ψ′).
        #expect(abs(FitMath.digamma(1) + Self.eulerGamma) < 5e-14)  // ψ(1) = −γ
        // ψ(½) = −γ − 2 ln 2
        #expect(abs(FitMath.digamma(0.5) + Self.eulerGamma + 2 * SimMath.log(2)) < 5e-14)
        #expect(abs(FitMath.trigamma(1) - Self.pi * Self.pi / 6) < 1e-13)  // ψ′(1) = π²/6
        #expect(abs(FitMath.trigamma(0.5) - Self.pi * Self.pi / 2) < 1e-13)  // ψ′(½) = π²/2
    }

    @Test func logGammaAtIntegersIsLogFactorial() {
        var logFactorial = 0.0
        for n in 1...30 {
            #expect(abs(FitMath.logGamma(Double(n)) - logFactorial) < 1e-12 * max(1, logFactorial))
            logFactorial += SimMath.log(Double(n))
        }
    }

    @Test func cdfs() {
        for x in [0.1, 1, 3, 10, 40] {
            // P(1, x) = 1 − e^(−x); P(2, x) = 1 − (1 + x)e^(−x)
            #expect(abs(FitMath.regularizedGammaP(1, x) - (1 - SimMath.exp(-x))) < 1e-14)
            #expect(abs(FitMath.regularizedGammaP(2, x) - (1 - (1 + x) * SimMath.exp(-x))) < 1e-13)
        }
        #expect(FitMath.normalCDF(0) == 0.5)
        #expect(abs(FitMath.normalCDF(1.959_963_984_540_054) - 0.975) < 1e-14)
        #expect(abs(FitMath.normalCDF(-FitMath.z99) - 0.01) < 1e-14)
    }

    @Test func ksDistanceOfTheUniformGrid() {
        // Points i/n for i = 1...n against U(0,1): the empirical CDF lies 1/n above, so D = 1/n.
        let xs = (1...50).map { Double($0) / 50 }
        #expect(abs(DistributionFit.ks(xs) { $0 } - 1.0 / 50) < 1e-15)
    }

    @Test func constantAndEmpiricalFits() {
        #expect(DistributionFit.fit([3, 3, 3]).family == .constant)
        // Two far-apart clusters: no single family fits, so the data are kept as quantiles.
        let bimodal: [Double] = (0..<200).map { i -> Double in
            let jitter = Double(i) / 1e4
            return i % 2 == 0 ? 1 + jitter : 100 + jitter
        }
        let fit = DistributionFit.fit(bimodal)
        #expect(fit.family == .empirical)
        #expect(fit.candidates.allSatisfy { $0.ksDistance > fit.ksCritical })
    }
}
