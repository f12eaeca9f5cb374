import AgentSimKernel

/// Resilience policies as a scenario states them: scenario-wide under `policies`, and per role under
/// `agents.ROLE.policies` (a role's policy replaces the scenario's field by field).
public struct PolicySpec: Sendable, Hashable {
    /// Retries of failed work calls; `nil`: one attempt only.
    public var retry: RetrySpec?
    /// Per-attempt timeout, counted from submission (queueing included); `nil`: none.
    public var timeout: SimDuration?
    /// Whether a timed-out call is cancelled (frees its agent, stops costing). Default false: the work
    /// is abandoned, not cancelled, and keeps running and costing, as with most LLM APIs.
    public var cancellable: Bool?
    /// A circuit breaker in front of the role's agents; `nil`: none.
    public var circuitBreaker: BreakerSpec?
    /// A bulkhead on each caller→callee edge into the role; `nil`: none.
    public var bulkhead: BulkheadSpec?

    /// Creates a policy.
    public init(
        retry: RetrySpec? = nil, timeout: SimDuration? = nil, cancellable: Bool? = nil,
        circuitBreaker: BreakerSpec? = nil, bulkhead: BulkheadSpec? = nil
    ) {
        self.retry = retry
        self.timeout = timeout
        self.cancellable = cancellable
        self.circuitBreaker = circuitBreaker
        self.bulkhead = bulkhead
    }

    /// This policy with `override`'s fields where it sets them.
    public func overridden(by override: PolicySpec?) -> PolicySpec {
        guard let o = override else { return self }
        return PolicySpec(
            retry: o.retry ?? retry, timeout: o.timeout ?? timeout, cancellable: o.cancellable ?? cancellable,
            circuitBreaker: o.circuitBreaker ?? circuitBreaker, bulkhead: o.bulkhead ?? bulkhead)
    }
}

/// A grounding check after every work result: a check call on the same agent that catches a wrong
/// output with probability `catchRate`; a caught output is redone.
public struct GroundingSpec: Sendable, Hashable {
    /// The probability that a wrong output is caught.
    public var catchRate: Double
    /// Input tokens of the check.
    public var tokensIn: Int
    /// Output tokens of the check.
    public var tokensOut: Int
    /// Creates a grounding check.
    public init(catchRate: Double, tokensIn: Int = 500, tokensOut: Int = 50) {
        self.catchRate = catchRate
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }
}

/// What a retry reacts to.
public enum RetryTrigger: String, Sendable, Hashable, CaseIterable {
    /// The call failed (the role's `error_rate`, or an error burst).
    case error
    /// The attempt timed out.
    case timeout
    /// A rate limit answered 429.
    case rateLimited = "rate_limited"
}

/// How retry delays grow.
public enum BackoffKind: String, Sendable, Hashable, CaseIterable {
    case constant
    case linear
    case exponential
}

/// How retry delays are randomised (AWS "Exponential Backoff And Jitter").
public enum JitterKind: String, Sendable, Hashable, CaseIterable {
    case none
    case full
    case equal
    case decorrelated
}

/// The retry policy.
public struct RetrySpec: Sendable, Hashable {
    /// Attempts including the first (default 3).
    public var maxAttempts: Int
    /// How delays grow (default exponential).
    public var backoff: BackoffKind
    /// The first delay (default 1 s).
    public var base: SimDuration
    /// The largest delay (default 60 s).
    public var cap: SimDuration
    /// Randomisation (default full).
    public var jitter: JitterKind
    /// What is retried (default: errors, timeouts and 429s).
    public var on: Set<RetryTrigger>
    /// A retry budget; `nil`: unlimited retries (within max attempts).
    public var budget: RetryBudgetSpec?

    /// Creates a retry policy.
    public init(
        maxAttempts: Int = 3, backoff: BackoffKind = .exponential, base: SimDuration = .seconds(1),
        cap: SimDuration = .seconds(60), jitter: JitterKind = .full,
        on: Set<RetryTrigger> = Set(RetryTrigger.allCases),
        budget: RetryBudgetSpec? = nil
    ) {
        self.maxAttempts = maxAttempts
        self.backoff = backoff
        self.base = base
        self.cap = cap
        self.jitter = jitter
        self.on = on
        self.budget = budget
    }
}

/// A retry budget: retries in a sliding window may not exceed `ratio` × calls in it, plus a floor.
public struct RetryBudgetSpec: Sendable, Hashable {
    /// Retries allowed per call in the window (default 0.1).
    public var ratio: Double
    /// The window (default 10 s).
    public var window: SimDuration
    /// Retries always allowed per window, whatever the traffic (default 10).
    public var minimumPerWindow: Int
    /// Creates a retry budget.
    public init(ratio: Double = 0.1, window: SimDuration = .seconds(10), minimumPerWindow: Int = 10) {
        self.ratio = ratio
        self.window = window
        self.minimumPerWindow = minimumPerWindow
    }
}

/// A circuit breaker, with resilience4j's names and defaults.
public struct BreakerSpec: Sendable, Hashable {
    /// The failed fraction of the window's calls (0 < x ≤ 1) at which the breaker opens
    /// (`failure_rate_threshold`, default 0.5).
    public var failureRateThreshold: Double
    /// The slow fraction of the window's calls (0 < x ≤ 1) at which it opens
    /// (`slow_call_rate_threshold`, default 1.0).
    public var slowCallRateThreshold: Double
    /// A call that takes at least this long counts as slow (`slow_call_duration`, default 60 s).
    public var slowCallDuration: SimDuration
    /// Count-based (the last N calls) or time-based (the last N seconds).
    public var timeBased: Bool
    /// The sliding window: that many calls, or that many seconds when ``timeBased``
    /// (`sliding_window_size`, default 100).
    public var windowSize: Int
    /// Calls the window needs before the rates count (`minimum_number_of_calls`, default 100).
    public var minimumCalls: Int
    /// How long the breaker stays open before it lets trial calls through
    /// (`wait_duration_in_open_state`, default 60 s).
    public var waitInOpen: SimDuration
    /// Trial calls allowed while half-open (`permitted_number_of_calls_in_half_open_state`,
    /// default 10).
    public var permittedInHalfOpen: Int
    /// A role whose pool takes the work while the breaker is open; `nil`: fail fast.
    public var fallback: String?

    /// Creates a breaker with resilience4j's defaults.
    public init(
        failureRateThreshold: Double = 0.5, slowCallRateThreshold: Double = 1.0,
        slowCallDuration: SimDuration = .seconds(60), timeBased: Bool = false, windowSize: Int = 100,
        minimumCalls: Int = 100, waitInOpen: SimDuration = .seconds(60), permittedInHalfOpen: Int = 10,
        fallback: String? = nil
    ) {
        self.failureRateThreshold = failureRateThreshold
        self.slowCallRateThreshold = slowCallRateThreshold
        self.slowCallDuration = slowCallDuration
        self.timeBased = timeBased
        self.windowSize = windowSize
        self.minimumCalls = minimumCalls
        self.waitInOpen = waitInOpen
        self.permittedInHalfOpen = permittedInHalfOpen
        self.fallback = fallback
    }
}

/// A bulkhead (resilience4j names and defaults): at most `maxConcurrentCalls` calls in flight on a
/// caller→callee edge; more wait up to `maxWait` in FIFO order, then fail.
public struct BulkheadSpec: Sendable, Hashable {
    /// Calls in flight allowed on one caller→callee edge (`max_concurrent_calls`, default 25).
    public var maxConcurrentCalls: Int
    /// How long a call beyond that waits for room before it fails (`max_wait_duration`, default 0).
    public var maxWait: SimDuration
    /// Creates a bulkhead.
    public init(maxConcurrentCalls: Int = 25, maxWait: SimDuration = .zero) {
        self.maxConcurrentCalls = maxConcurrentCalls
        self.maxWait = maxWait
    }
}

/// A model's provider rate limits, shared by every agent that calls the model.
public struct RateLimitSpec: Sendable, Hashable {
    /// Requests per minute (`nil`: no limit).
    public var requestsPerMinute: Double?
    /// Tokens (input + output) per minute (`nil`: no limit).
    public var tokensPerMinute: Double?
    /// A shared client-side bucket in front of the provider, paced to the same limits: calls wait
    /// for capacity instead of getting 429s.
    public var clientBucket: Bool
    /// On a role's limit (a team bucket under its model's, as in HTB): whether the role may borrow
    /// from the model's bucket beyond its own rate (default true); without borrowing its own rate is
    /// a hard cap.
    public var borrow: Bool
    /// On a role's limit: whether each agent of the role has its own bucket of this size (an API key
    /// per agent) rather than the role sharing one.
    public var perAgent = false
    /// Creates a rate limit.
    public init(
        requestsPerMinute: Double? = nil, tokensPerMinute: Double? = nil, clientBucket: Bool = false,
        borrow: Bool = true
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.clientBucket = clientBucket
        self.borrow = borrow
    }
}

/// A budget on spending, with alerts and a hard stop.
public struct BudgetSpec: Sendable, Hashable {
    /// What the budget covers.
    public enum Scope: Sendable, Hashable {
        /// The whole run.
        case run
        /// Every call of one role.
        case role(String)
        /// Every call of one agent: a role and the agent's index in it.
        case agent(String, Int)
        /// Each job separately.
        case job
    }

    /// What the budget covers: the run, a role, an agent or each job.
    public var scope: Scope
    /// Limit in US dollars (`nil`: none).
    public var usd: Double?
    /// Limit in tokens, input + output (`nil`: none).
    public var tokens: Int?
    /// Fractions of the limit that raise an alert once each (default 0.5, 0.8, 1.0).
    public var alerts: [Double]
    /// Whether reaching the limit stops new work in the scope (default true).
    public var hardStop: Bool

    /// Creates a budget.
    public init(
        scope: Scope, usd: Double? = nil, tokens: Int? = nil, alerts: [Double] = [0.5, 0.8, 1.0],
        hardStop: Bool = true
    ) {
        self.scope = scope
        self.usd = usd
        self.tokens = tokens
        self.alerts = alerts
        self.hardStop = hardStop
    }
}

/// A fault scheduled in the scenario: at a time, for a duration, on some agents.
public struct FaultSpec: Sendable, Hashable {
    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// Calls take `factor` times as long.
        case slowdown(factor: Double)
        /// Calls fail with this probability (an error burst).
        case errorRate(Double)
        /// The agents stop answering: calls in service never finish, new ones never start.
        case crash
        /// Calls that start take this much longer before their first token (added to service).
        case slowFirstToken(SimDuration)
        /// A 429 storm: every work call that would start is refused with a 429 (no Retry-After) and
        /// retried or failed by the role's policy.
        case rateLimitStorm
    }

    /// When it starts.
    public var at: SimDuration
    /// How long it lasts (`nil`: to the end of the run).
    public var duration: SimDuration?
    /// The role it hits.
    public var role: String
    /// The role's agents it hits (indices within the role; `nil`: all).
    public var agents: ClosedRange<Int>?
    /// What goes wrong.
    public var kind: Kind

    /// Creates a fault.
    public init(
        at: SimDuration, duration: SimDuration?, role: String, agents: ClosedRange<Int>? = nil, kind: Kind
    ) {
        self.at = at
        self.duration = duration
        self.role = role
        self.agents = agents
        self.kind = kind
    }
}
