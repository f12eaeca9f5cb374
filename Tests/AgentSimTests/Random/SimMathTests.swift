import Foundation
import Testing

@testable import AgentSim

/// SimMath against glibc (Foundation's log/exp on Linux), whose results are within about half an ulp
/// of exact: if ours are within 1 ulp of exact too, the two can differ by at most 1 ulp.
@Suite struct SimMathTests {
    /// The distance between two doubles in units in the last place, counted on the ordered bit line
    /// (so it is exact across binades and subnormals); infinite if one is NaN and the other not.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .max }
        func ordered(_ x: Double) -> Int64 {
            let bits = Int64(bitPattern: x.bitPattern)
            return bits < 0 ? Int64.min &- bits : bits
        }
        return ordered(a).subtractingReportingOverflow(ordered(b)).partialValue.magnitude
    }

    /// Inputs for log: random bit patterns over every positive finite double (subnormals included),
    /// values near 1 where cancellation bites, and subnormals on their own.
    static func logInputs() -> [Double] {
        var rng = Xoshiro256StarStar(seed: 2024)
        var xs: [Double] = []
        for _ in 0..<100_000 { xs.append(Double(bitPattern: 1 + rng.next(below: 0x7FEF_FFFF_FFFF_FFFF))) }
        for _ in 0..<50_000 { xs.append(0.7 + 0.72 * rng.nextDouble()) }
        for _ in 0..<30_000 { xs.append(1 + (rng.nextDouble() - 0.5) * 0x1p-20) }
        for _ in 0..<20_000 { xs.append(Double(bitPattern: 1 + rng.next(below: 0x000F_FFFF_FFFF_FFFF))) }
        xs += [Double.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 1, 2, 0.5]
        xs += [(1.0).nextUp, (1.0).nextDown, (2.0).squareRoot(), (0.5).squareRoot(), Double(Float.pi)]
        return xs
    }

    /// Inputs for exp: the whole finite range, around 0, and both ends where results go subnormal or
    /// near overflow.
    static func expInputs() -> [Double] {
        var rng = Xoshiro256StarStar(seed: 7)
        var xs: [Double] = []
        for _ in 0..<100_000 { xs.append(-745.2 + 1455 * rng.nextDouble()) }
        for _ in 0..<30_000 { xs.append(2 * rng.nextDouble() - 1) }
        for _ in 0..<20_000 { xs.append((2 * rng.nextDouble() - 1) * 0x1p-30) }
        for _ in 0..<25_000 { xs.append(-745.2 + 37.2 * rng.nextDouble()) }
        for _ in 0..<25_000 { xs.append(708 + 1.8 * rng.nextDouble()) }
        xs += [0, -0.0, 1, -1, 709.782712893384, -745.1332191019411, -708.3964185322641, 1e-300, -1e-300]
        return xs
    }

    @Test func logIsWithinOneUlpOfGlibc() {
        var worst: UInt64 = 0
        var worstX = 0.0
        for x in Self.logInputs() {
            let d = Self.ulps(SimMath.log(x), Foundation.log(x))
            if d > worst { (worst, worstX) = (d, x) }
        }
        #expect(worst <= 1, "log(\(worstX)) is \(worst) ulps from glibc")
    }

    @Test func expIsWithinOneUlpOfGlibc() {
        var worst: UInt64 = 0
        var worstX = 0.0
        for x in Self.expInputs() {
            let d = Self.ulps(SimMath.exp(x), Foundation.exp(x))
            if d > worst { (worst, worstX) = (d, x) }
        }
        #expect(worst <= 1, "exp(\(worstX)) is \(worst) ulps from glibc")
    }

    @Test func logSpecialValues() {
        #expect(SimMath.log(0) == -.infinity)
        #expect(SimMath.log(-0.0) == -.infinity)
        #expect(SimMath.log(-1).isNaN)
        #expect(SimMath.log(-.infinity).isNaN)
        #expect(SimMath.log(.nan).isNaN)
        #expect(SimMath.log(.infinity) == .infinity)
        #expect(SimMath.log(1) == 0)
        #expect(SimMath.log(1).sign == .plus)
    }

    @Test func expSpecialValues() {
        #expect(SimMath.exp(0) == 1)
        #expect(SimMath.exp(.nan).isNaN)
        #expect(SimMath.exp(.infinity) == .infinity)
        #expect(SimMath.exp(-.infinity) == 0)
        #expect(SimMath.exp(709.79) == .infinity)
        #expect(SimMath.exp(-745.2) == 0)
        #expect(SimMath.exp(-745.1) == Foundation.exp(-745.1))  // the least subnormal's neighbourhood
        #expect(SimMath.exp(709.78).isFinite)
    }

    @Test func powIsExpOfProductWithinItsDocumentedError() {
        var rng = Xoshiro256StarStar(seed: 99)
        var worst: UInt64 = 0
        for _ in 0..<20_000 {
            // The sampling use: u^(1/k) and u^(−1/α) with u in (0, 1] and moderate exponents.
            let x = rng.nextOpenDouble()
            let y = (rng.nextDouble() - 0.5) * 20
            worst = max(worst, Self.ulps(SimMath.pow(x, y), Foundation.pow(x, y)))
        }
        // (2 + |y ln x|)·2⁻⁵³ relative: |y ln x| ≤ 10 · 36.8 here, so a few hundred ulps at most;
        // well inside that, it rarely exceeds a few dozen.
        #expect(worst <= 400)
        #expect(SimMath.pow(0, 2) == 0)
        #expect(SimMath.pow(0, -2) == .infinity)
        #expect(SimMath.pow(0, 0) == 1)
        #expect(SimMath.pow(-1, 2).isNaN)
        #expect(SimMath.pow(4, 0.5) == 2)
    }

    @Test func log1pAndExpm1AreWithinAFewUlps() {
        var rng = Xoshiro256StarStar(seed: 5)
        var worstLog1p: UInt64 = 0
        var worstExpm1: UInt64 = 0
        for i in 0..<40_000 {
            let scale = [0x1p-40, 0x1p-10, 0.5, 100][i % 4]
            let x = (rng.nextDouble() - 0.5) * 2 * scale
            if x > -1 { worstLog1p = max(worstLog1p, Self.ulps(SimMath.log1p(x), Foundation.log1p(x))) }
            worstExpm1 = max(worstExpm1, Self.ulps(SimMath.expm1(x), Foundation.expm1(x)))
        }
        #expect(worstLog1p <= 4)
        #expect(worstExpm1 <= 4)
        #expect(SimMath.log1p(1e-300) == 1e-300)
        #expect(SimMath.log1p(-1) == -.infinity)
    }

    @Test(arguments: [0.1, 0.5, 1, 1.5, 2.5, 3.7, 7, 11.9, 12.5, 20, 25])
    func gammaMatchesGlibc(x: Double) {
        let relative = abs(SimMath.gamma(x) / Foundation.tgamma(x) - 1)
        #expect(relative < 1e-13)
    }

    @Test func erfcxMatchesGlibcErfc() {
        // Reference erfc(z)·e^(z²) from glibc: its own rounding is a few ulps, far below the tolerance.
        var z = -5.0
        while z <= 20 {
            let reference = Foundation.erfc(z) * Foundation.exp(z * z)
            #expect(abs(SimMath.erfcx(z) / reference - 1) < 1e-13, "erfcx(\(z))")
            z += 0.0625
        }
        #expect(SimMath.erfcx(0) == 1)
    }
}
