extension SimMath {
    /// The natural logarithm of `x`, within 1 ulp of the exact result.
    ///
    /// fdlibm's method: write x = 2ᵏ(1 + f) with 1 + f in [√2/2, √2), then
    /// log(1 + f) = 2·atanh(s) with s = f/(2 + f), |s| ≤ 0.1716; the odd series of atanh is an even
    /// polynomial R in s², and log x = k·ln2 + f − f²/2 + s(f²/2 + R), with ln 2 split in two so that
    /// k·ln2Hi is exact. Subnormal inputs are scaled by 2⁵⁴ first.
    /// - Parameter x: Any double.
    /// - Returns: log x; −∞ for ±0, NaN for negative x and NaN, +∞ for +∞.
    /// - Complexity: O(1): one division and a degree-7 polynomial in s², no table.
    @inlinable public static func log(_ x: Double) -> Double {
        var bits = x.bitPattern
        var k: Int64 = 0
        // One unsigned comparison sends everything but positive normal finite numbers off the fast
        // path: zero and subnormals wrap around, negatives have the sign bit set, ∞/NaN are too big.
        if bits &- 0x0010_0000_0000_0000 >= 0x7FE0_0000_0000_0000 {
            guard x > 0 && x.isSubnormal else { return logOfSpecial(x) }
            bits = (x * 0x1p54).bitPattern
            k = -54
        }
        // Adding 1 − √2/2 to the significand carries into the exponent exactly when the significand
        // is at least √2; re-attaching √2/2's exponent then leaves m in [√2/2, √2).
        let sqrtHalfBits: UInt64 = 0x3FE6_A09E_667F_3BCD
        bits &+= 0x3FF0_0000_0000_0000 &- sqrtHalfBits
        k &+= Int64(bitPattern: bits >> 52) &- 0x3FF
        bits = (bits & 0x000F_FFFF_FFFF_FFFF) &+ sqrtHalfBits
        let f = Double(bitPattern: bits) - 1  // exact (Sterbenz)
        let s = f / (2 + f)
        let z = s * s
        let w = z * z
        // R(z) ≈ 2·atanh(s)/s − 2 = 2z/3 + 2z²/5 + …, minimax on z ≤ 0.0295; split into even and odd
        // powers of w = z² so the two halves evaluate in parallel.
        let lg1 = 0x1.5555555555592p-1
        let lg2 = 0x1.999999997fd76p-2
        let lg3 = 0x1.24924941f5011p-2
        let lg4 = 0x1.c71c520604c50p-3
        let lg5 = 0x1.74663fa29ad56p-3
        let lg6 = 0x1.39a1a6ef6231ep-3
        let lg7 = 0x1.2f0634b5ae1b1p-3
        let t1 = w * (lg2 + w * (lg4 + w * lg6))
        let t2 = z * (lg1 + w * (lg3 + w * (lg5 + w * lg7)))
        let r = t2 + t1
        let hfsq = 0.5 * f * f
        let dk = Double(k)
        return dk * ln2Hi - ((hfsq - (s * (hfsq + r) + dk * ln2Lo)) - f)
    }

    /// log for zero, negative, infinite and NaN arguments (kept out of line: never on the hot path).
    @usableFromInline static func logOfSpecial(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x == 0 { return -.infinity }
        if x < 0 { return .nan }
        return .infinity
    }
}
