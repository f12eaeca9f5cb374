import AgentSimKernel
import AgentSimRandom

/// How long to wait before a retry: constant, linear or exponential growth with a cap, and the jitter
/// variants of the AWS Architecture Blog article "Exponential Backoff And Jitter" (Marc Brooker, 2015).
///
/// **Retry numbering.** Retries are numbered from 1: retry 1 is the second attempt of a call, retry 2
/// the third, and so on. The un-jittered delay of retry `n` is
///
/// | kind          | delay before retry n     |
/// |---------------|--------------------------|
/// | `constant`    | base                     |
/// | `linear`      | base · n                 |
/// | `exponential` | base · 2ⁿ⁻¹              |
///
/// each capped at `cap`; call it `temp`. So every kind waits `base` before the first retry, and the
/// article's `base · 2^attempt` is this table with `attempt = n − 1` (the article counts from 0).
///
/// **Jitter** (the article's formulas, in integer nanoseconds; `random_between(a, b)` is uniform over
/// the integers a…b, both included):
/// - `none`: `temp`. Draws nothing from the generator.
/// - `full`: `random_between(0, temp)`.
/// - `equal`: `(temp − ⌊temp/2⌋) + random_between(0, ⌊temp/2⌋)`, i.e. the article's
///   `temp/2 + random_between(0, temp/2)` with the halves rounded so the result never exceeds `temp`.
/// - `decorrelated`: `min(cap, random_between(base, previous · 3))`, where `previous` is the delay
///   this chain of retries used last time, and `base` before the first retry. Its growth comes from
///   `previous`, so `kind` plays no part.
///
/// Each jittered delay costs exactly one ``Xoshiro256StarStar/next(in:)`` draw.
///
/// **State.** Only decorrelated jitter has state (`previous`), and it belongs to *one call's* chain of
/// retries, not to the role or edge the policy is configured on. Keep one `Backoff` value per
/// in-flight call, or store `previous` with the call and use the non-mutating
/// ``delay(forRetry:previous:rng:)``.
///
/// Defaults (used by ``RetryPolicy``) follow the AWS SDKs' "standard" retry mode: exponential, base 1 s,
/// cap 20 s, full jitter.
public struct Backoff: Sendable, Hashable {
    /// How the un-jittered delay grows with the retry number.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// Every retry waits `base`.
        case constant
        /// Retry `n` waits `base · n`.
        case linear
        /// Retry `n` waits `base · 2ⁿ⁻¹`.
        case exponential
    }

    /// How randomness spreads the delays of competing clients apart.
    public enum Jitter: Sendable, Hashable, CaseIterable {
        /// No randomness: clients that failed together retry together.
        case none
        /// Uniform over 0…temp: the article's best at cutting total work.
        case full
        /// Uniform over temp/2…temp: never retries almost at once.
        case equal
        /// Uniform over base…3·previous, capped: grows from the last delay rather than the count.
        case decorrelated
    }

    /// The growth of the un-jittered delay.
    public var kind: Kind
    /// The delay before the first retry, and the scale of every later one.
    public var base: SimDuration
    /// No delay is longer than this.
    public var cap: SimDuration
    /// The randomisation applied on top of `kind`.
    public var jitter: Jitter
    /// The last delay of this chain (decorrelated jitter's state); `base` before the first retry.
    public private(set) var previous: SimDuration

    /// Creates a backoff.
    /// - Parameters:
    ///   - kind: The growth of the delay; default exponential.
    ///   - base: The first delay and the scale; default 1 s. Must not be negative.
    ///   - cap: The largest delay; default 20 s. Must be at least `base`.
    ///   - jitter: The randomisation; default full.
    public init(
        kind: Kind = .exponential, base: SimDuration = .seconds(1), cap: SimDuration = .seconds(20),
        jitter: Jitter = .full
    ) {
        precondition(base.nanos >= 0, "backoff base must not be negative")
        precondition(cap >= base, "backoff cap must be at least the base")
        self.kind = kind
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self.previous = base
    }

    /// The un-jittered delay of retry `n` (`temp` in the article): base, base·n or base·2ⁿ⁻¹, capped.
    ///
    /// Saturates at `cap` instead of overflowing, for any `n`.
    /// - Parameter n: The retry number, from 1.
    /// - Returns: A duration in 0…cap.
    public func ceiling(forRetry n: Int) -> SimDuration {
        precondition(n >= 1, "retries are numbered from 1")
        let b = base.nanos
        switch kind {
        case .constant:
            return base
        case .linear:
            let (product, overflow) = b.multipliedReportingOverflow(by: Int64(n))
            return overflow || product > cap.nanos ? cap : SimDuration(nanos: product)
        case .exponential:
            let shift = n - 1
            if shift >= 63 || b > cap.nanos >> Int64(shift) { return cap }
            return SimDuration(nanos: b << Int64(shift))
        }
    }

    /// The delay before retry `n`, given the previous delay of the same chain; pure.
    ///
    /// - Parameters:
    ///   - n: The retry number, from 1 (the second attempt of the call is retry 1).
    ///   - previous: The delay used before retry `n − 1`, or `base` when `n` is 1; only decorrelated
    ///     jitter reads it.
    ///   - rng: The stream the jitter draws from; untouched when jitter is `none`.
    /// - Returns: A delay in 0…cap (decorrelated: in min(base, cap)…cap).
    public func delay(
        forRetry n: Int, previous: SimDuration, rng: inout Xoshiro256StarStar
    ) -> SimDuration {
        switch jitter {
        case .none:
            return ceiling(forRetry: n)
        case .full:
            return SimDuration(nanos: rng.next(in: 0...ceiling(forRetry: n).nanos))
        case .equal:
            let temp = ceiling(forRetry: n).nanos
            let half = temp / 2
            return SimDuration(nanos: (temp - half) + rng.next(in: 0...half))
        case .decorrelated:
            precondition(n >= 1, "retries are numbered from 1")
            let (tripled, overflow) = previous.nanos.multipliedReportingOverflow(by: 3)
            let upper = Swift.max(base.nanos, overflow ? Int64.max : tripled)
            return SimDuration(nanos: Swift.min(cap.nanos, rng.next(in: base.nanos...upper)))
        }
    }

    /// The delay before retry `n`, remembering it for the next retry of this chain.
    ///
    /// Retry 1 starts a new chain (resets `previous` to `base`), so one value can serve call after
    /// call as long as their retries do not interleave.
    /// - Parameters:
    ///   - n: The retry number, from 1.
    ///   - rng: The stream the jitter draws from; untouched when jitter is `none`.
    /// - Returns: The same value as ``delay(forRetry:previous:rng:)`` with the stored `previous`.
    public mutating func delay(forRetry n: Int, rng: inout Xoshiro256StarStar) -> SimDuration {
        if n == 1 { previous = base }
        let d = delay(forRetry: n, previous: previous, rng: &rng)
        previous = d
        return d
    }

    /// Forgets the chain: the next delay is computed as for a first retry.
    public mutating func reset() { previous = base }
}
