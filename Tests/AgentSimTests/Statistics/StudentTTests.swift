import Testing

@testable import AgentSim

/// The t quantile against values it cannot have produced: the printed critical-value table, the closed
/// forms for ν = 1 and ν = 2, and an independent implementation.
@Suite struct StudentTTests {
    /// (two-sided confidence, ν, t) from the table of critical values of Student's t in the NIST/SEMATECH
    /// e-Handbook of Statistical Methods, §1.3.6.7.2 (printed to 3 decimals, so the tolerance is half
    /// a unit in the third decimal).
    static let printedTable: [(Double, Int, Double)] = [
        (0.95, 1, 12.706), (0.95, 2, 4.303), (0.95, 3, 3.182), (0.95, 4, 2.776), (0.95, 5, 2.571),
        (0.95, 9, 2.262), (0.95, 10, 2.228), (0.95, 19, 2.093), (0.95, 29, 2.045), (0.95, 30, 2.042),
        (0.95, 100, 1.984), (0.99, 9, 3.250), (0.90, 9, 1.833), (0.90, 100, 1.660), (0.99, 1, 63.657),
        (0.98, 20, 2.528),
    ]

    @Test(arguments: printedTable)
    func matchesThePrintedTable(confidence: Double, nu: Int, expected: Double) {
        let t = StudentT.twoSidedQuantile(confidence: confidence, degreesOfFreedom: nu)
        #expect(abs(t - expected) <= 0.0005, "t(\(confidence), \(nu)) = \(t), table \(expected)")
    }

    /// ν = 1 is the Cauchy distribution: t = tan(π·c/2); ν = 2 has F(t) = 1/2 + t/(2√(2 + t²)), so
    /// A(t) = t/√(2 + t²) = c gives t = c·√(2/(1 − c²)). Both exact to rounding (10⁻¹³ relative).
    @Test(arguments: [0.5, 0.8, 0.9, 0.95, 0.99, 0.999])
    func matchesTheClosedFormsForOneAndTwoDegrees(confidence c: Double) {
        // tan(π c/2) = 1/tan(x) with x = π(1 − c)/2 ≤ π/4 (1 − c is exact for these c), where the
        // sine and cosine series (30 terms each) converge to far below an ulp.
        let tangentOfOneMinus: Double = {
            let x = Double.pi * (1 - c) / 2
            let x2 = x * x
            var sine = 0.0
            var cosine = 0.0
            var term = x
            for k in 0..<30 {
                sine += term
                term *= -x2 / Double((2 * k + 2) * (2 * k + 3))
            }
            term = 1
            for k in 0..<30 {
                cosine += term
                term *= -x2 / Double((2 * k + 1) * (2 * k + 2))
            }
            return sine / cosine
        }()
        let cauchy = 1 / tangentOfOneMinus
        let one = StudentT.twoSidedQuantile(confidence: c, degreesOfFreedom: 1)
        #expect(abs(one - cauchy) <= 1e-13 * cauchy, "ν = 1: \(one) vs \(cauchy)")
        let closed = c * (2 / (1 - c * c)).squareRoot()
        let two = StudentT.twoSidedQuantile(confidence: c, degreesOfFreedom: 2)
        #expect(abs(two - closed) <= 1e-13 * closed, "ν = 2: \(two) vs \(closed)")
    }

    /// Values from scipy 1.17 `scipy.stats.t.ppf((1 + c)/2, ν)` (an independent implementation, via
    /// the incomplete beta function), to 12 significant digits.
    static let independent: [(Double, Int, Double)] = [
        (0.95, 3, 3.1824463052837078), (0.95, 4, 2.7764451051977934), (0.95, 9, 2.262157162798205),
        (0.95, 19, 2.0930240544083087), (0.95, 30, 2.0422724563012378), (0.95, 1000, 1.9623390808264083),
        (0.99, 9, 3.249835541592126), (0.90, 120, 1.6576508993552352), (0.999, 30, 3.6459586350420627),
    ]

    @Test(arguments: independent)
    func matchesAnIndependentImplementation(confidence: Double, nu: Int, expected: Double) {
        let t = StudentT.twoSidedQuantile(confidence: confidence, degreesOfFreedom: nu)
        #expect(abs(t - expected) <= 1e-12 * expected, "t(\(confidence), \(nu)) = \(t) vs \(expected)")
    }

    /// As ν grows the quantile falls toward the normal's, z = 1.959963984540054 at 95%, from above;
    /// Cornish–Fisher: t ≈ z + (z³ + z)/(4ν), 1.2·10⁻⁵ relative at ν = 100 000.
    @Test func approachesTheNormalFromAbove() {
        let z = 1.959963984540054
        var previous = Double.infinity
        for nu in [1, 2, 5, 10, 100, 1000, 10_000, 100_000] {
            let t = StudentT.twoSidedQuantile(confidence: 0.95, degreesOfFreedom: nu)
            #expect(t < previous && t > z)
            previous = t
        }
        let expected = z + (z * z * z + z) / (4 * 100_000)
        #expect(abs(previous - expected) <= 1e-9)
    }

    @Test func probabilityInvertsTheQuantile() {
        for nu in [1, 2, 3, 7, 8, 50, 51] {
            for c in [0.6, 0.95, 0.995] {
                let t = StudentT.twoSidedQuantile(confidence: c, degreesOfFreedom: nu)
                #expect(abs(StudentT.twoSidedProbability(t, degreesOfFreedom: nu) - c) <= 1e-15)
                #expect(StudentT.twoSidedProbability(t.nextDown, degreesOfFreedom: nu) < c)
            }
        }
        #expect(StudentT.twoSidedProbability(0, degreesOfFreedom: 5) == 0)
        #expect(StudentT.twoSidedProbability(.infinity, degreesOfFreedom: 5) == 1)
    }

    /// atan against exact values: atan 1 = π/4, atan √3 = π/3, atan(1/√3) = π/6, atan(2 − √3) = π/12.
    @Test func arctangentHitsExactAngles() {
        let cases: [(Double, Double)] = [
            (1, Double.pi / 4), (3.0.squareRoot(), Double.pi / 3), (1 / 3.0.squareRoot(), Double.pi / 6),
            (2 - 3.0.squareRoot(), Double.pi / 12), (0, 0), (1e300, Double.pi / 2),
        ]
        for (x, angle) in cases { #expect(abs(StudentT.arctangent(x) - angle) <= 4e-16 * max(angle, 1)) }
    }
}
