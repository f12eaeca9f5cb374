extension SimMath {
    /// e raised to `x`, within 1 ulp of the exact result.
    ///
    /// fdlibm's method: x = k·ln2 + r with k = round(x/ln2) and |r| ≤ ln2/2 (ln 2 split in two so the
    /// reduction is exact); then with c = r − r²·P(r²), where P is a minimax fit of
    /// (r·(eʳ + 1)/(eʳ − 1) − 2)/r², eʳ = 1 + r + r·c/(2 − c); finally multiply by 2ᵏ built from bits.
    /// k is rounded by adding and subtracting 1.5·2⁵², which is exact and needs no libm `round`.
    /// - Parameter x: Any double.
    /// - Returns: eˣ; +∞ above 709.782712893384 (where it overflows), 0 below −745.1332191019411
    ///   (where it underflows), subnormal results in between, NaN for NaN.
    /// - Complexity: O(1): one division, no table; one well-predicted branch for |x| < 708.
    @inlinable public static func exp(_ x: Double) -> Double {
        // The comparison is false for NaN too, which the slow path handles.
        guard x.magnitude < 708 else { return expOfLarge(x) }
        let (y, shifted) = expReduced(x)
        // shifted's bit pattern is that of 1.5·2⁵² plus k, so its low bits are k in two's complement;
        // adding the bias and shifting drops the rest and builds 2ᵏ (normal, as |k| ≤ 1022 here).
        return y * Double(bitPattern: (shifted.bitPattern &+ 1023) << 52)
    }

    /// The core of ``exp(_:)``: eʳ in [√2/2, √2] and k (as 1.5·2⁵² + k) such that eˣ = eʳ·2ᵏ.
    @inlinable @inline(__always) static func expReduced(_ x: Double) -> (y: Double, shifted: Double) {
        let roundingShift = 0x1.8p52
        let shifted = x * invLn2 + roundingShift
        let kd = shifted - roundingShift
        let hi = x - kd * ln2Hi  // exact: kd·ln2Hi has at most 43 significant bits
        let lo = kd * ln2Lo
        let r = hi - lo
        let z = r * r
        let p1 = 0x1.555555555553ep-3
        let p2 = -0x1.6c16c16bebd83p-9
        let p3 = 0x1.1566aaf265d0ap-14
        let p4 = -0x1.bbd41c7f4e52fp-20
        let p5 = 0x1.6376a9866845fp-25
        let c = r - z * (p1 + z * (p2 + z * (p3 + z * (p4 + z * p5))))
        let y = 1 - ((lo - (r * c) / (2 - c)) - hi)
        return (y, shifted)
    }

    /// exp for |x| ≥ 708 and NaN: saturation, and scaling by 2ᵏ in two steps where 2ᵏ is not normal.
    @usableFromInline static func expOfLarge(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 0x1.62e42fefa39efp+9 { return .infinity }  // ln(greatest finite double)
        if x < -0x1.74910d52d3051p+9 { return 0 }  // below ln of half the least subnormal
        let (y, shifted) = expReduced(x)
        let k = Int64(shifted - 0x1.8p52)
        if k > 0 {
            // k ≤ 1024: y·2ᵏ⁻¹ is exact and the final doubling overflows only where eˣ does.
            return y * Double(bitPattern: UInt64(k - 1 + 1023) << 52) * 2
        }
        // k ≥ −1075: y·2ᵏ⁺²⁰⁰ is exact and normal; the one rounding happens in the last multiply.
        return y * Double(bitPattern: UInt64(k + 200 + 1023) << 52) * 0x1p-200
    }
}
