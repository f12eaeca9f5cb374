extension SimMath {
    /// `x` raised to `y` for x ≥ 0, as exp(y·log x).
    ///
    /// Less accurate than ``log(_:)`` and ``exp(_:)``: the rounding of y·log x is magnified by the
    /// exponential, so the relative error is about (2 + |y·ln x|)·2⁻⁵³ — a few ulps for the
    /// moderate results sampling needs (u^(1/k) with u in (0, 1]), up to ~700 ulps near overflow.
    /// - Parameters:
    ///   - x: The base; must not be negative (NaN is returned for negative bases).
    ///   - y: The exponent.
    /// - Returns: xʸ, with 0ʸ = 0 for y > 0, +∞ for y < 0, and x⁰ = 1.
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double {
        if x > 0 && x < .infinity { return exp(y * log(x)) }
        return powOfSpecial(x, y)
    }

    /// pow for a base that is zero, infinite, negative or NaN.
    @usableFromInline static func powOfSpecial(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN || x < 0 { return .nan }
        if y == 0 { return 1 }
        let positiveExponent = y > 0
        return (x == 0) == positiveExponent ? 0 : .infinity
    }
}
