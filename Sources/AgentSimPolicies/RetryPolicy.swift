import AgentSimKernel
import AgentSimRandom

/// When a failed call is tried again, how many times, and how long to wait first.
///
/// A call is tried at most `maxAttempts` times in all (resilience4j's `maxAttempts` and the AWS SDKs'
/// `max_attempts` both count the first try; Polly's `MaxRetryAttempts` does not, and equals
/// `maxAttempts − 1` here). After attempt `a` fails with an outcome in `retryOn`, retry `a` (the
/// retry numbering of ``Backoff``) follows after ``delay(forRetry:previous:retryAfter:rng:)``,
/// provided `a < maxAttempts` and the optional ``RetryBudget`` admits it.
///
/// Defaults follow the AWS SDKs' "standard" retry mode: 3 attempts, exponential backoff from 1 s
/// capped at 20 s with full jitter, retrying errors, timeouts and rate limiting; no budget.
///
/// State: the configuration and the budget are shared by every call the policy governs (keep one
/// per role or per edge); the decorrelated-jitter `previous` delay belongs to each call (see
/// ``Backoff``).
public struct RetryPolicy: Sendable, Hashable {
    /// The kinds of failure a policy may retry.
    public struct Outcomes: OptionSet, Sendable, Hashable {
        /// One bit per failure kind (the static members below).
        public let rawValue: UInt8
        /// Creates a set from its raw bits.
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The callee answered with an error.
        @inlinable public static var error: Outcomes { Outcomes(rawValue: 1 << 0) }
        /// The caller stopped waiting (the per-attempt timeout fired).
        @inlinable public static var timeout: Outcomes { Outcomes(rawValue: 1 << 1) }
        /// A rate limit refused the call (an HTTP 429).
        @inlinable public static var rateLimited: Outcomes { Outcomes(rawValue: 1 << 2) }
        /// Every failure kind.
        @inlinable public static var all: Outcomes { [.error, .timeout, .rateLimited] }
    }

    /// What the policy decided after a failed attempt.
    public enum Decision: Sendable, Hashable {
        /// Try again after the backoff delay.
        case retry
        /// The outcome is not in `retryOn`: fail now.
        case notRetryable
        /// The call already made `maxAttempts` attempts.
        case attemptsExhausted
        /// The retry budget refused: retries are already too large a share of recent calls.
        case budgetExhausted
    }

    /// Attempts per call, the first included; at least 1 (1 means never retry).
    public var maxAttempts: Int
    /// The wait before each retry.
    public var backoff: Backoff
    /// The failures that are retried.
    public var retryOn: Outcomes
    /// The optional cap on retries as a share of calls; `nil` means unlimited (bounded by
    /// `maxAttempts` only).
    public var budget: RetryBudget?

    /// Creates a policy.
    /// - Parameters:
    ///   - maxAttempts: Attempts per call, the first included; default 3. Must be at least 1.
    ///   - backoff: The wait before each retry; default ``Backoff/init(kind:base:cap:jitter:)``.
    ///   - retryOn: The failures to retry; default all.
    ///   - budget: An optional retry budget; default none.
    public init(
        maxAttempts: Int = 3, backoff: Backoff = Backoff(), retryOn: Outcomes = .all,
        budget: RetryBudget? = nil
    ) {
        precondition(maxAttempts >= 1, "maxAttempts counts the first attempt and must be at least 1")
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.retryOn = retryOn
        self.budget = budget
    }

    /// Counts an original call (its first attempt) in the budget, if there is one.
    /// - Parameter t: The call's time.
    public mutating func recordCall(at t: SimTime) {
        budget?.recordCall(at: t)
    }

    /// Decides whether attempt `attempt`, which failed with `outcome`, is retried.
    ///
    /// The budget is consulted (and charged) only when the outcome is retryable and attempts
    /// remain, so refusals for other reasons do not use it up.
    /// - Parameters:
    ///   - outcome: The failure, one of ``Outcomes/error``, ``Outcomes/timeout``,
    ///     ``Outcomes/rateLimited``.
    ///   - attempt: The number of the attempt that failed, from 1.
    ///   - t: The time of the failure.
    /// - Returns: ``Decision/retry`` or the reason not to.
    public mutating func decide(after outcome: Outcomes, attempt: Int, at t: SimTime) -> Decision {
        precondition(attempt >= 1, "attempts are numbered from 1")
        if !retryOn.isSuperset(of: outcome) || outcome.isEmpty { return .notRetryable }
        if attempt >= maxAttempts { return .attemptsExhausted }
        if budget?.allowRetry(at: t) == false { return .budgetExhausted }
        return .retry
    }

    /// The wait before retry `n`: the backoff delay, but never less than a rate limiter's retry-after.
    ///
    /// Honouring a 429's retry-after this way is what Polly's and the OpenAI SDK's rate-limit
    /// handling do; pass `.zero` for other failures.
    /// - Parameters:
    ///   - n: The retry number, from 1 (equal to the number of the attempt that failed).
    ///   - previous: The chain's previous delay, or the backoff's `base` for retry 1 (decorrelated
    ///     jitter only).
    ///   - retryAfter: The earliest time the rate limiter said a retry can succeed.
    ///   - rng: The stream the jitter draws from.
    /// - Returns: max(backoff delay, retryAfter).
    public func delay(
        forRetry n: Int, previous: SimDuration, retryAfter: SimDuration = .zero,
        rng: inout Xoshiro256StarStar
    ) -> SimDuration {
        Swift.max(backoff.delay(forRetry: n, previous: previous, rng: &rng), retryAfter)
    }
}
