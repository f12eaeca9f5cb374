extension Xoshiro256StarStar {
    /// A uniform integer in 0..<n, without modulo bias (Lemire's multiply-shift with rejection).
    ///
    /// The high word of the 128-bit product `next() × n` is the candidate; the few low words that would
    /// over-represent some results (fewer than n of the 2⁶⁴) are rejected and redrawn. The test that
    /// needs a division runs only when the low word is below n, so most draws cost one multiply.
    /// - Parameter n: The exclusive upper bound; must be positive.
    /// - Returns: A value in 0..<n; every value has probability exactly 1/n.
    /// - Complexity: Expected fewer than 2 calls to ``next()``; at most 64 (the 64th draw is accepted
    ///   as it is, which happens with probability below 2⁻⁶³ per call — a bounded loop by house rule).
    @inlinable public mutating func next(below n: UInt64) -> UInt64 {
        precondition(n > 0, "next(below:) needs a positive bound")
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            // 2⁶⁴ mod n, computed in 64 bits as (2⁶⁴ − n) mod n.
            let threshold = (0 &- n) % n
            var tries = 1
            while product.low < threshold && tries < 64 {
                product = next().multipliedFullWidth(by: n)
                tries &+= 1
            }
        }
        return product.high
    }

    /// A uniform integer in `range` (both ends included), without modulo bias.
    ///
    /// - Parameter range: Any non-empty closed range, the full `Int64` range included.
    /// - Returns: Each value of the range with equal probability.
    @inlinable public mutating func next(in range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(bitPattern: range.upperBound &- range.lowerBound) &+ 1
        // span wraps to 0 only for the full 2⁶⁴-value range, where raw bits are already uniform.
        let offset = span == 0 ? next() : next(below: span)
        return range.lowerBound &+ Int64(bitPattern: offset)
    }
}
