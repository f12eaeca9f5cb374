/// The largest values a scenario may state, and the saturating conversions that keep drawn values
/// inside the integer types of the run loop.
///
/// Put a limit on everything: a count that sizes an allocation (agents, slots, windows, attempts)
/// or feeds integer arithmetic (tokens, rates) has a maximum, and a scenario beyond it is refused with
/// a located error (exit 2) instead of trapping on a `Double → Int` conversion or an overflow, or
/// allocating without bound. Values *drawn* from a distribution are not checked at load time (a
/// lognormal or Pareto tail has no maximum), so they are cut at the same limits when drawn:
/// ``tokens(_:)`` and ``count(_:maximum:)``. The limits are far beyond any real system, so they change
/// nothing a realistic scenario does.
public enum InputLimits {
    /// The default maximum of a whole-number setting: 10⁹, so it fits an `Int32` and sums of a few
    /// of them cannot overflow.
    public static let maxCount = 1_000_000_000
    /// Agents in the whole fleet (every role's `count` together): the run loop keeps per-agent
    /// tables, and agent ids are 32-bit.
    public static let maxAgents = 100_000
    /// Concurrent calls per agent (`capacity`), and calls a bulkhead lets in at once.
    public static let maxCapacity = 100_000
    /// Tokens of one call, input or output: a token-count parameter above it is refused, and a
    /// draw above it is cut to it. Sums over up to 9 × 10⁹ calls stay exact in `Int64`.
    public static let maxTokensPerCall: Int64 = 1_000_000_000
    /// Attempts of one call (`retry.max_attempts`), like `network.retransmit.max_attempts`.
    public static let maxAttempts = 1_000
    /// Entries of a sliding window (`circuit_breaker.sliding_window_size`): it is allocated whole.
    public static let maxWindow = 1_000_000
    /// Requests or tokens per minute of a rate limit: the token bucket works in whole nanoseconds per
    /// token, so a larger rate would round to no time per token.
    public static let maxPerMinute = 1e12

    /// `x` rounded to the nearest whole number and cut to `0 ... maximum`; NaN gives 0.
    ///
    /// The conversion a drawn count goes through: never traps, exact for every value in range.
    @inlinable public static func count(_ x: Double, maximum: Int64) -> Int64 {
        guard x > 0 else { return 0 }  // also NaN
        let r = x.rounded()
        return r >= Double(maximum) ? maximum : Int64(r)
    }

    /// A drawn token count: `x` rounded and cut to `0 ... maxTokensPerCall`.
    @inlinable public static func tokens(_ x: Double) -> Int64 { count(x, maximum: maxTokensPerCall) }
}
