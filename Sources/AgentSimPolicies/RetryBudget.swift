import AgentSimKernel

/// A retry budget: retries may be at most a fixed fraction of recent calls, plus a small reserve,
/// so retries can never multiply the load on a struggling service (Finagle's `RetryBudget`, the
/// idea behind Envoy's and gRPC's retry throttling).
///
/// **The rule.** Within the sliding window that ends at time t,
///
///     retries admitted  ≤  minRetriesPerWindow + ⌊ratio × calls recorded⌋
///
/// A retry is admitted by ``allowRetry(at:)`` only while this still holds with the retry counted.
/// Record every *original* call with ``recordCall(at:)`` — the first attempt, not its retries — so
/// that `ratio` reads as "retries per request", as in Finagle (which deposits once per request).
///
/// **The window** of length `window` slides in `slices` equal steps (Finagle's `WindowedAdder`
/// uses 10): time is cut into slices of `window / slices`, and the window at time t is the slice
/// holding t and the `slices − 1` before it. A call or retry therefore stops counting between
/// `window − window/slices` and `window` after it happened, at the next slice boundary. This keeps
/// memory fixed (two counters per slice) whatever the call rate. (A window that `slices` does not
/// divide is shortened to the multiple of `slices` nanoseconds below it.)
///
/// **Exactness.** `ratio` is held as an integer number of parts per million, so ⌊ratio × calls⌋ is
/// integer arithmetic and never off by one through rounding (0.29 × 100 is 29, not 28).
///
/// Defaults are Finagle's: 20% of requests, on top of 10 retries per second, over 10 s (so a reserve
/// of 100 retries per window).
///
/// State is shared by every call it governs: keep one budget per role or per edge, not per call.
public struct RetryBudget: Sendable, Hashable {
    /// The length of the sliding window.
    public let window: SimDuration
    /// How many steps the window slides in.
    public let slices: Int
    /// Retries allowed per recorded call, in parts per million.
    public let ratioPPM: Int64
    /// Retries allowed per window regardless of the call count, so a quiet client can still retry.
    public let minRetriesPerWindow: Int64

    private let sliceNanos: Int64
    /// Per slice: the index of the slice it currently holds (time / sliceNanos), and its counts.
    private var sliceIndex: [Int64]
    private var sliceCalls: [Int64]
    private var sliceRetries: [Int64]
    private var lastTime = SimTime.zero

    /// Retries admitted so far, over the whole run.
    public private(set) var retriesAdmitted: Int64 = 0
    /// Retries refused so far, over the whole run.
    public private(set) var retriesRefused: Int64 = 0

    /// Creates a budget.
    /// - Parameters:
    ///   - ratio: Retries allowed per recorded call, e.g. 0.2; rounded to a millionth. In 0…1000.
    ///   - minRetriesPerWindow: The reserve of retries per window; default 100 (Finagle's 10/s × 10 s).
    ///   - window: The sliding window; default 10 s. Must be positive.
    ///   - slices: The steps it slides in; default 10. Must be in 1…window in nanoseconds.
    public init(
        ratio: Double = 0.2, minRetriesPerWindow: Int64 = 100, window: SimDuration = .seconds(10),
        slices: Int = 10
    ) {
        precondition(ratio >= 0 && ratio <= 1000, "retry budget ratio must be in 0...1000")
        precondition(minRetriesPerWindow >= 0, "retry budget reserve must not be negative")
        precondition(window.nanos > 0, "retry budget window must be positive")
        precondition(slices >= 1 && Int64(slices) <= window.nanos, "retry budget slices out of range")
        // Round half to even with IEEE operations alone (x < 2^52 here), as SimDuration does.
        self.ratioPPM = Int64((ratio * 1e6 + 0x1p52) - 0x1p52)
        self.minRetriesPerWindow = minRetriesPerWindow
        self.window = window
        self.slices = slices
        self.sliceNanos = window.nanos / Int64(slices)
        self.sliceIndex = [Int64](repeating: -1, count: slices)
        self.sliceCalls = [Int64](repeating: 0, count: slices)
        self.sliceRetries = [Int64](repeating: 0, count: slices)
    }

    /// The ratio as a number, for reports.
    public var ratio: Double { Double(ratioPPM) / 1e6 }

    /// Counts an original call (a first attempt) at time `t`.
    /// - Parameter t: The call's time; never earlier than any time passed before.
    /// - Complexity: O(1).
    public mutating func recordCall(at t: SimTime) {
        let slot = advance(to: t)
        sliceCalls[slot] &+= 1
    }

    /// Whether a retry may go at time `t`; if so, it is counted against the budget.
    /// - Parameter t: The retry's time; never earlier than any time passed before.
    /// - Returns: `true` if `retries + 1 ≤ minRetriesPerWindow + ⌊ratio × calls⌋` in the window.
    /// - Complexity: O(`slices`).
    public mutating func allowRetry(at t: SimTime) -> Bool {
        let slot = advance(to: t)
        let (calls, retries) = totals()
        if retries < allowance(calls: calls) {
            sliceRetries[slot] &+= 1
            retriesAdmitted &+= 1
            return true
        }
        retriesRefused &+= 1
        return false
    }

    /// The retries a window with `calls` recorded calls admits: `minRetriesPerWindow + ⌊ratio × calls⌋`.
    /// - Parameter calls: Calls recorded in the window.
    /// - Returns: The allowance, exact in integers.
    public func allowance(calls: Int64) -> Int64 {
        // ratioPPM ≤ 10⁹, so the product stays exact for up to ~9·10⁹ calls per window.
        minRetriesPerWindow &+ (calls &* ratioPPM) / 1_000_000
    }

    /// Calls and retries counted in the window that ends at `t` (no later than the last time seen
    /// counts as the last time seen).
    /// - Parameter t: The end of the window.
    /// - Returns: The two counts.
    /// - Complexity: O(`slices`).
    public func counts(at t: SimTime) -> (calls: Int64, retries: Int64) {
        let current = Swift.max(t, lastTime).nanos / sliceNanos
        var calls: Int64 = 0
        var retries: Int64 = 0
        for i in 0..<slices where sliceIndex[i] > current - Int64(slices) {
            calls &+= sliceCalls[i]
            retries &+= sliceRetries[i]
        }
        return (calls, retries)
    }

    private func totals() -> (Int64, Int64) {
        let c = counts(at: lastTime)
        return (c.calls, c.retries)
    }

    /// Moves the clock to `t`, clearing the slot of `t`'s slice if it held an older one.
    private mutating func advance(to t: SimTime) -> Int {
        precondition(t >= lastTime, "retry budget times must not go backwards")
        lastTime = t
        let index = t.nanos / sliceNanos
        let slot = Int(index % Int64(slices))
        if sliceIndex[slot] != index {
            sliceIndex[slot] = index
            sliceCalls[slot] = 0
            sliceRetries[slot] = 0
        }
        return slot
    }
}
