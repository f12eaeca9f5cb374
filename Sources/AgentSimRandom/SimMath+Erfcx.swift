extension SimMath {
    /// The scaled complementary error function erfcx(z) = e^(z²)·erfc(z), for the truncated normal.
    ///
    /// Scaling keeps ratios such as φ(α)/(1 − Φ(α)) finite and accurate far into the tail, where erfc
    /// itself underflows. Three regimes, all built from ``exp(_:)`` and arithmetic:
    /// - z < 0: the reflection erfcx(z) = 2e^(z²) − erfcx(−z) (overflows to +∞ below about −26.6);
    /// - 0 ≤ z < 1: e^(z²) − (2/√π)·Σ 2ⁿz²ⁿ⁺¹/(2n + 1)!!, a series of positive terms;
    /// - z ≥ 1: Laplace's continued fraction 1/(√π(z + (1/2)/(z + 1/(z + (3/2)/(z + …))))) with 200 terms
    ///   evaluated backwards.
    ///
    /// Relative error below 10⁻¹⁴ (measured against a 100-bit reference while designing it, and against
    /// glibc's erfc in the tests). Not on any hot path: up to 200 divisions.
    /// - Parameter z: Any finite double.
    /// - Returns: erfcx(z).
    package static func erfcx(_ z: Double) -> Double {
        if z < 0 { return 2 * exp(z * z) - erfcx(-z) }
        let invSqrtPi = 0.564_189_583_547_756_3  // 1/√π
        if z < 1 {
            // e^(z²)·erf(z) = (2/√π)·Σ 2ⁿz²ⁿ⁺¹/(2n+1)!!; terms shrink geometrically for z < 1.
            let twoZ2 = 2 * z * z
            var term = z
            var sum = z
            var n = 1.0
            while term > sum * 0x1p-60 && n < 100 {
                term *= twoZ2 / (2 * n + 1)
                sum += term
                n += 1
            }
            return exp(z * z) - 2 * invSqrtPi * sum
        }
        var tail = 0.0
        var n = 200.0
        while n > 0 {
            tail = (n / 2) / (z + tail)
            n -= 1
        }
        return invSqrtPi / (z + tail)
    }
}
