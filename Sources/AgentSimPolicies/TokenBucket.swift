import AgentSimKernel

/// A token bucket: tokens accrue continuously at a fixed rate up to a depth (the burst), and each
/// admitted request takes some. The shape of provider rate limits (requests and tokens per minute)
/// and of per-agent or per-team limits.
///
/// **Exact arithmetic.** The rate is kept as a reduced fraction, `tokensPerPeriod` tokens every
/// `periodNanos` nanoseconds (4000/min becomes 1 token per 15 ms), and the level is kept in Int64
/// units of 1/`periodNanos` token. Refilling over Δ ns adds exactly `tokensPerPeriod · Δ` units and
/// a take of k tokens removes exactly `k · periodNanos`, so no rounding ever happens and a bucket
/// never drifts, however long the run: after any history, a greedy taker has been admitted exactly
/// `depth + ⌊rate × elapsed⌋` tokens (bucket full at the start, never idle while full).
///
/// A bucket starts full. Times passed to mutating methods must never go backwards.
public struct TokenBucket: Sendable, Hashable {
    /// The rate's numerator: tokens added every `periodNanos` (reduced by their common divisor).
    public let tokensPerPeriod: Int64
    /// The rate's denominator in nanoseconds (reduced).
    public let periodNanos: Int64
    /// The most tokens the bucket holds: the largest burst.
    public let depth: Int64
    /// The level in 1/`periodNanos` token; may go below zero only through ``charge(_:at:)``.
    private var level: Int64
    private var lastTime: SimTime

    /// What ``timeUntilAvailable(_:at:)`` answers for a request that can never succeed.
    @inlinable public static var unavailable: SimDuration { SimDuration(nanos: .max) }

    /// Creates a full bucket that adds `rate` tokens every `period`.
    /// - Parameters:
    ///   - rate: Tokens per period; not negative (0 makes a one-off quota of `depth`).
    ///   - period: The period; positive.
    ///   - depth: The capacity (largest burst); positive.
    ///   - start: The time the bucket is full at; default zero.
    public init(rate: Int64, per period: SimDuration, depth: Int64, at start: SimTime = .zero) {
        precondition(
            rate >= 0 && period.nanos > 0 && depth > 0, "token bucket needs rate ≥ 0, period > 0, depth > 0")
        let g = rate == 0 ? period.nanos : Self.gcd(rate, period.nanos)
        tokensPerPeriod = rate / g
        periodNanos = period.nanos / g
        self.depth = depth
        // Levels range over ±depth·periodNanos and a refill adds less than the room left plus one
        // rate step: all of it must fit in Int64.
        let (full, o1) = depth.multipliedReportingOverflow(by: periodNanos)
        let (span, o2) = full.multipliedReportingOverflow(by: 2)
        let (_, o3) = span.addingReportingOverflow(tokensPerPeriod)
        precondition(!o1 && !o2 && !o3, "token bucket depth × period too large for exact arithmetic")
        level = full
        lastTime = start
    }

    /// Whether a bucket of `rate` tokens per `period` with depth `depth` fits the exact Int64
    /// arithmetic (the condition ``init(rate:per:depth:at:)`` requires): depth × period ÷ gcd(rate,
    /// period), doubled, plus one rate step.
    public static func isRepresentable(rate: Int64, per period: SimDuration, depth: Int64) -> Bool {
        guard rate >= 0, period.nanos > 0, depth > 0 else { return false }
        let g = rate == 0 ? period.nanos : gcd(rate, period.nanos)
        let (full, o1) = depth.multipliedReportingOverflow(by: period.nanos / g)
        let (span, o2) = full.multipliedReportingOverflow(by: 2)
        let (_, o3) = span.addingReportingOverflow(rate / g)
        return !o1 && !o2 && !o3
    }

    /// A bucket of `rate` tokens per second.
    public static func perSecond(_ rate: Int64, depth: Int64) -> TokenBucket {
        TokenBucket(rate: rate, per: .seconds(1), depth: depth)
    }

    /// A bucket of `rate` tokens per minute.
    public static func perMinute(_ rate: Int64, depth: Int64) -> TokenBucket {
        TokenBucket(rate: rate, per: .seconds(60), depth: depth)
    }

    /// The rate in tokens per second, for reports.
    public var ratePerSecond: Double { Double(tokensPerPeriod) * 1e9 / Double(periodNanos) }

    /// Takes `amount` tokens at `t` if the bucket holds that many.
    /// - Parameters:
    ///   - amount: Tokens wanted; not negative. More than `depth` is always refused.
    ///   - t: The time of the request.
    /// - Returns: `true` if admitted (the tokens are gone), `false` otherwise (nothing changes).
    /// - Complexity: O(1).
    public mutating func tryTake(_ amount: Int, at t: SimTime) -> Bool {
        refill(to: t)
        guard let need = units(amount), level >= need else { return false }
        level -= need
        return true
    }

    /// How long after `t` a take of `amount` would first succeed if nothing else took tokens: the
    /// retry-after of a 429. Exact: at `t` + the answer the take succeeds, one nanosecond earlier it
    /// does not.
    /// - Parameters:
    ///   - amount: Tokens wanted; not negative.
    ///   - t: The time asked about (not earlier than the last time given to a mutating method).
    /// - Returns: `.zero` if available now; ``unavailable`` if `amount > depth` or the bucket never
    ///   refills.
    public func timeUntilAvailable(_ amount: Int, at t: SimTime) -> SimDuration {
        guard let need = units(amount) else { return Self.unavailable }
        let deficit = need - level(at: t)
        if deficit <= 0 { return .zero }
        if tokensPerPeriod == 0 { return Self.unavailable }
        return SimDuration(nanos: Self.ceilDiv(deficit, tokensPerPeriod))
    }

    /// Whole tokens available at `t` (rounded down; negative while in debt).
    public func tokens(at t: SimTime) -> Int64 {
        let l = level(at: t)
        return l >= 0 ? l / periodNanos : -Self.ceilDiv(-l, periodNanos)
    }

    /// Whether a take of `amount` at `t` would succeed, without taking.
    public func canTake(_ amount: Int, at t: SimTime) -> Bool {
        guard let need = units(amount) else { return false }
        return level(at: t) >= need
    }

    /// Removes `amount` tokens whatever the level, leaving at most `depth` tokens of debt
    /// (hierarchical charging: see ``TokenBucketTree``).
    /// - Parameters:
    ///   - amount: Tokens to remove; not negative.
    ///   - t: The time of the charge.
    public mutating func charge(_ amount: Int, at t: SimTime) {
        precondition(amount >= 0, "token amounts must not be negative")
        refill(to: t)
        let full = depth * periodNanos
        let need = Swift.min(Int64(amount), 2 * depth) * periodNanos  // more would hit the floor anyway
        level = need >= level + full ? -full : level - need
    }

    /// `amount` tokens in level units, or `nil` when more than the depth (never admissible).
    @inline(__always) private func units(_ amount: Int) -> Int64? {
        precondition(amount >= 0, "token amounts must not be negative")
        return Int64(amount) > depth ? nil : Int64(amount) * periodNanos
    }

    /// The level at `t` after refilling, without storing it.
    private func level(at t: SimTime) -> Int64 {
        let elapsed = t.nanos - lastTime.nanos
        if elapsed <= 0 || tokensPerPeriod == 0 { return level }
        let room = depth * periodNanos - level
        if room <= 0 { return level }
        // Full once elapsed ≥ ⌈room / rate⌉; before that rate·elapsed < room, so no overflow.
        if elapsed >= Self.ceilDiv(room, tokensPerPeriod) { return depth * periodNanos }
        return level + tokensPerPeriod * elapsed
    }

    private mutating func refill(to t: SimTime) {
        precondition(t >= lastTime, "token bucket times must not go backwards")
        level = level(at: t)
        lastTime = t
    }

    @inline(__always) static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { (a + (b - 1)) / b }

    static func gcd(_ a: Int64, _ b: Int64) -> Int64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }  // at most ~92 steps for Int64
        return x
    }
}
