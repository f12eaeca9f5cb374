import AgentSimKernel

/// A circuit breaker with resilience4j's semantics, names and defaults: it stops calling a callee
/// that keeps failing or answering slowly, and probes it again after a pause.
///
/// **States.**
/// - `closed`: every call is permitted; outcomes go into a sliding window. After each recorded
///   outcome, once the window holds at least `minimumNumberOfCalls`, the breaker opens if the failure
///   rate ≥ `failureRateThreshold` or the slow-call rate ≥ `slowCallRateThreshold` (rates in percent
///   of the calls in the window; a call is slow when its duration is *greater than*
///   `slowCallDurationThreshold`, failed or not).
/// - `open`: every call is refused (fail fast) for `waitDurationInOpenState`; then the breaker turns
///   `halfOpen` — at exactly the end of the wait when
///   `automaticTransitionFromOpenToHalfOpenEnabled` (the default here), or at the first call attempt
///   after it otherwise (resilience4j's default).
/// - `halfOpen`: the next `permittedNumberOfCallsInHalfOpenState` calls are permitted, others
///   refused. When that many outcomes have been recorded, the breaker opens again if either rate
///   reaches its threshold over them, and closes (with an empty window) otherwise.
///
/// Outcomes recorded while `open` are ignored, and a call permitted before the breaker opened that
/// finishes while it is half-open counts among the half-open outcomes — both as in resilience4j.
///
/// **Windows.** `countBased`: the last `slidingWindowSize` outcomes (`minimumNumberOfCalls` is
/// capped at the window size, as resilience4j does). `timeBased`: the outcomes of the last
/// `slidingWindowSize` seconds, in one bucket per whole second of virtual time (the current,
/// partial second and the `slidingWindowSize − 1` before it).
///
/// Not modelled: ignored/recorded exception predicates (the caller decides what a failure is),
/// `maxWaitDurationInHalfOpenState`, forced and disabled states.
///
/// One breaker guards one callee from one caller (resilience4j has one per backend): keep one per
/// edge or per role. Times passed to mutating methods must never go backwards.
public struct CircuitBreaker: Sendable {
    /// The breaker's three states.
    public enum State: Sendable, Hashable {
        /// Calls flow; outcomes are measured.
        case closed
        /// Calls are refused until the wait ends.
        case open
        /// A few trial calls decide between closed and open.
        case halfOpen
    }

    /// How a finished call went, as far as the breaker is concerned.
    public enum Outcome: Sendable, Hashable {
        /// The call succeeded (it may still have been slow).
        case success
        /// The call failed: an error or a timeout, as the caller chooses.
        case failure
    }

    /// Which outcomes the closed state aggregates.
    public enum SlidingWindowType: Sendable, Hashable {
        /// The last `slidingWindowSize` calls (resilience4j `COUNT_BASED`).
        case countBased
        /// The calls of the last `slidingWindowSize` seconds (resilience4j `TIME_BASED`).
        case timeBased
    }

    /// The breaker's settings; names and defaults are resilience4j's `CircuitBreakerConfig`.
    public struct Configuration: Sendable, Hashable {
        /// Percent of failed calls at or above which the breaker opens; in (0, 100]. Default 50.
        public var failureRateThreshold: Double = 50
        /// Percent of slow calls at or above which the breaker opens; in (0, 100]. Default 100.
        public var slowCallRateThreshold: Double = 100
        /// A call longer than this is slow. Default 60 s.
        public var slowCallDurationThreshold: SimDuration = .seconds(60)
        /// Count- or time-based window. Default count-based.
        public var slidingWindowType: SlidingWindowType = .countBased
        /// Calls (count-based) or seconds (time-based) in the window. Default 100.
        public var slidingWindowSize: Int = 100
        /// Outcomes needed in the window before rates are judged. Default 100.
        public var minimumNumberOfCalls: Int = 100
        /// How long the breaker stays open. Default 60 s.
        public var waitDurationInOpenState: SimDuration = .seconds(60)
        /// Trial calls in the half-open state. Default 10.
        public var permittedNumberOfCallsInHalfOpenState: Int = 10
        /// Turn half-open when the wait ends rather than at the next call. Default `true` here
        /// (resilience4j's default is `false`), so open time does not depend on traffic.
        public var automaticTransitionFromOpenToHalfOpenEnabled = true

        /// The resilience4j defaults.
        public init() {}
    }

    /// The settings.
    public let configuration: Configuration
    private var window: Window
    private let minimumCalls: Int

    private var phase = State.closed
    private var lastTime = SimTime.zero
    private var openedAt = SimTime.zero
    private var openUntil = SimTime.zero
    private var openBefore = SimDuration.zero
    private var permitsLeft = 0
    private var trial = Counts()

    /// Calls refused so far (fail fast), over the whole run.
    public private(set) var notPermittedCalls = 0
    /// How many times the breaker has opened.
    public private(set) var timesOpened = 0

    /// Creates a closed breaker.
    /// - Parameter configuration: The settings; every count and duration must be positive and the
    ///   thresholds in (0, 100].
    public init(_ configuration: Configuration = Configuration()) {
        let c = configuration
        precondition(c.failureRateThreshold > 0 && c.failureRateThreshold <= 100, "failureRateThreshold")
        precondition(c.slowCallRateThreshold > 0 && c.slowCallRateThreshold <= 100, "slowCallRateThreshold")
        precondition(c.slowCallDurationThreshold.nanos > 0, "slowCallDurationThreshold must be positive")
        precondition(c.slidingWindowSize >= 1, "slidingWindowSize must be positive")
        precondition(c.minimumNumberOfCalls >= 1, "minimumNumberOfCalls must be positive")
        precondition(c.waitDurationInOpenState.nanos > 0, "waitDurationInOpenState must be positive")
        precondition(c.permittedNumberOfCallsInHalfOpenState >= 1, "permitted half-open calls")
        self.configuration = c
        self.window = Window(type: c.slidingWindowType, size: c.slidingWindowSize)
        self.minimumCalls =
            c.slidingWindowType == .countBased
            ? Swift.min(c.minimumNumberOfCalls, c.slidingWindowSize) : c.minimumNumberOfCalls
    }

    /// Asks to make a call at `t`.
    /// - Parameter t: The time of the call.
    /// - Returns: `true` if the call may go; `false` if it must fail fast (counted in
    ///   ``notPermittedCalls``).
    /// - Complexity: O(1).
    public mutating func tryAcquire(at t: SimTime) -> Bool {
        advance(to: t)
        if phase == .open && t >= openUntil { toHalfOpen(at: t) }  // lazy transition
        switch phase {
        case .closed:
            return true
        case .halfOpen where permitsLeft > 0:
            permitsLeft -= 1
            return true
        case .open, .halfOpen:
            notPermittedCalls += 1
            return false
        }
    }

    /// Records how a permitted call ended.
    /// - Parameters:
    ///   - outcome: Success or failure.
    ///   - duration: How long the call took; longer than `slowCallDurationThreshold` makes it slow.
    ///   - t: When it ended.
    /// - Complexity: O(1) amortised; a time-based window clears at most `slidingWindowSize`
    ///   buckets when time jumps.
    public mutating func record(_ outcome: Outcome, duration: SimDuration, at t: SimTime) {
        advance(to: t)
        let failed = outcome == .failure
        let slow = duration > configuration.slowCallDurationThreshold
        switch phase {
        case .closed:
            window.record(failed: failed, slow: slow, at: t)
            if exceedsThresholds(window.counts, minimum: minimumCalls) { toOpen(at: t) }
        case .open:
            break
        case .halfOpen:
            trial.add(failed: failed, slow: slow)
            let permitted = configuration.permittedNumberOfCallsInHalfOpenState
            if trial.calls >= permitted {
                if exceedsThresholds(trial, minimum: permitted) { toOpen(at: t) } else { toClosed() }
            }
        }
    }

    /// The state at `t` (not earlier than the last time passed to a mutating method).
    /// - Parameter t: The time asked about.
    /// - Returns: `halfOpen` for an open breaker whose wait ended by `t` with automatic transition.
    public func state(at t: SimTime) -> State {
        if phase == .open && configuration.automaticTransitionFromOpenToHalfOpenEnabled && t >= openUntil {
            return .halfOpen
        }
        return phase
    }

    /// Total time spent open from the start of the run up to `t`, the current open interval included
    /// (the `breaker_open_s` column).
    /// - Parameter t: The end of the accounting, not earlier than the last time passed to a mutating
    ///   method.
    /// - Returns: The accumulated open time.
    public func openDuration(upTo t: SimTime) -> SimDuration {
        guard phase == .open else { return openBefore }
        let end = configuration.automaticTransitionFromOpenToHalfOpenEnabled ? Swift.min(t, openUntil) : t
        return openBefore + SimDuration(nanos: Swift.max(0, (end - openedAt).nanos))
    }

    /// When an open breaker's wait ends (it turns half-open then, or at the next call after it);
    /// `nil` unless open.
    public var openUntilTime: SimTime? { phase == .open ? openUntil : nil }

    /// Outcomes in the closed-state window as of the last recorded event: calls, failures, slow calls.
    public var windowCounts: (calls: Int, failures: Int, slow: Int) {
        let c = window.counts
        return (c.calls, c.failures, c.slow)
    }

    private mutating func advance(to t: SimTime) {
        precondition(t >= lastTime, "circuit breaker times must not go backwards")
        lastTime = t
        if phase == .open && configuration.automaticTransitionFromOpenToHalfOpenEnabled && t >= openUntil {
            toHalfOpen(at: openUntil)
        }
    }

    private func exceedsThresholds(_ c: Counts, minimum: Int) -> Bool {
        guard c.calls >= minimum && c.calls > 0 else { return false }
        let calls = Double(c.calls)
        return Double(c.failures) * 100 >= configuration.failureRateThreshold * calls
            || Double(c.slow) * 100 >= configuration.slowCallRateThreshold * calls
    }

    private mutating func toOpen(at t: SimTime) {
        phase = .open
        openedAt = t
        openUntil = t + configuration.waitDurationInOpenState
        timesOpened += 1
    }

    private mutating func toHalfOpen(at t: SimTime) {
        openBefore = openBefore + (t - openedAt)
        phase = .halfOpen
        permitsLeft = configuration.permittedNumberOfCallsInHalfOpenState
        trial = Counts()
    }

    private mutating func toClosed() {
        phase = .closed
        window.reset()
    }
}

extension CircuitBreaker {
    /// Calls, failures and slow calls of a set of outcomes.
    struct Counts: Sendable, Hashable {
        var calls = 0
        var failures = 0
        var slow = 0

        mutating func add(failed: Bool, slow isSlow: Bool) {
            calls += 1
            if failed { failures += 1 }
            if isSlow { slow += 1 }
        }
    }

    /// The closed state's sliding window: a ring of the last N outcomes, or N one-second buckets.
    /// Storage is allocated once; recording never allocates.
    struct Window: Sendable {
        private let type: CircuitBreaker.SlidingWindowType
        private let size: Int
        /// Count-based: one byte per outcome (bit 0 failed, bit 1 slow), `head` the oldest.
        private var ring: [UInt8] = []
        private var head = 0
        /// Time-based: the counts of second s are in bucket s mod size; `currentSecond` is the latest
        /// second recorded, and buckets of seconds that left the window have been cleared.
        private var buckets: [Counts] = []
        private var currentSecond: Int64 = 0
        private(set) var counts = Counts()

        init(type: CircuitBreaker.SlidingWindowType, size: Int) {
            self.type = type
            self.size = size
            switch type {
            case .countBased:
                ring = [UInt8](repeating: 0, count: size)
            case .timeBased:
                buckets = [Counts](repeating: Counts(), count: size)
            }
        }

        mutating func record(failed: Bool, slow: Bool, at t: SimTime) {
            switch type {
            case .countBased:
                if counts.calls == size {  // evict the oldest
                    let old = ring[head]
                    counts.calls -= 1
                    counts.failures -= Int(old & 1)
                    counts.slow -= Int(old >> 1)
                    head = head + 1 == size ? 0 : head + 1
                }
                var slot = head + counts.calls
                if slot >= size { slot -= size }
                ring[slot] = (failed ? 1 : 0) | (slow ? 2 : 0)
                counts.add(failed: failed, slow: slow)
            case .timeBased:
                let second = t.nanos / 1_000_000_000
                roll(to: second)
                let slot = Int(second % Int64(size))
                buckets[slot].add(failed: failed, slow: slow)
                counts.add(failed: failed, slow: slow)
            }
        }

        /// Moves the window's end to `second`, clearing the buckets that the seconds after the old
        /// end reuse (those held seconds that have now left the window).
        private mutating func roll(to second: Int64) {
            guard second > currentSecond else { return }
            let steps = Swift.min(second - currentSecond, Int64(size))
            for k in 0..<steps {
                let slot = Int((second - k) % Int64(size))
                let old = buckets[slot]
                counts.calls -= old.calls
                counts.failures -= old.failures
                counts.slow -= old.slow
                buckets[slot] = Counts()
            }
            currentSecond = second
        }

        mutating func reset() {
            counts = Counts()
            head = 0
            for i in 0..<buckets.count { buckets[i] = Counts() }
        }
    }
}
