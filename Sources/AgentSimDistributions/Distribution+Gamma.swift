import AgentSimRandom

extension Distribution {
    /// A Gamma(shape, 1) draw by Marsaglia & Tsang's method (2000).
    ///
    /// With d = shape − 1/3 and c = 1/√(9d), a try draws a standard normal x (``standardNormal(_:)``)
    /// and then u on (0, 1], and accepts d·(1 + cx)³ by the squeeze u < 1 − 0.0331x⁴ or the full test
    /// log u < x²/2 + d(1 − v + log v); it accepts over 95% of tries. For shape < 1 it draws
    /// Gamma(shape + 1) and multiplies by u^(1/shape), u one more output on (0, 1] drawn afterwards.
    /// After 1,000 rejected tries (never seen in practice) it returns d, a bound kept only so that no
    /// loop is unbounded.
    /// - Parameters:
    ///   - shape: k > 0.
    ///   - rng: The stream to draw from.
    /// - Returns: A draw with mean `shape` and variance `shape`.
    static func standardGamma(shape: Double, _ rng: inout Xoshiro256StarStar) -> Double {
        precondition(shape > 0, "gamma needs a positive shape")
        if shape < 1 {
            let boosted = standardGamma(shape: shape + 1, &rng)
            return boosted * SimMath.pow(rng.nextOpenDouble(), 1 / shape)
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        for _ in 0..<1000 {
            let x = standardNormal(&rng)
            let cube = 1 + c * x
            if cube <= 0 { continue }
            let v = cube * cube * cube
            let u = rng.nextOpenDouble()
            let x2 = x * x
            if u < 1 - 0.0331 * x2 * x2 { return d * v }
            if SimMath.log(u) < 0.5 * x2 + d * (1 - v + SimMath.log(v)) { return d * v }
        }
        return d
    }
}
