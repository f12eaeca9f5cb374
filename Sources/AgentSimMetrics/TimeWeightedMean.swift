import AgentSimKernel

/// The time average of a piecewise-constant integer level, such as jobs in system or busy servers.
///
/// The level changes only through ``set(_:at:)`` and ``add(_:at:)``, at non-decreasing times. The
/// integral ∫ level dt is kept exactly, in integer nanoseconds, as a 128-bit ``WideSum``: a level
/// times a span of nanoseconds overflows `Int64` quickly (10^4 jobs for 10^15 ns already does), and a
/// `Double` running sum would drift with the number of changes. The only rounding is the one division
/// in ``mean(to:)``.
///
/// Measurement starts at a chosen time (a warm-up, see ``startMeasuring(at:)``): the level before it
/// is tracked but not integrated, and no event is needed at the warm-up time itself.
public struct TimeWeightedMean: Sendable, Hashable {
    /// The current level.
    public var level: Int { currentLevel }
    /// The time of the last change (or of creation).
    public var lastChange: SimTime { lastChangeTime }
    @usableFromInline internal var currentLevel: Int
    @usableFromInline internal var lastChangeTime: SimTime
    /// Where the measured window starts.
    public private(set) var measurementStart: SimTime
    /// ∫ level dt over [measurementStart, lastChange], in level·nanoseconds.
    @usableFromInline internal var integral: WideSum

    /// Creates a level of `level` at time `time`, measured from `time` on.
    public init(level: Int = 0, at time: SimTime = .zero) {
        currentLevel = level
        lastChangeTime = time
        measurementStart = time
        integral = WideSum()
    }

    /// Starts (or restarts) the measured window at `time`, forgetting what was integrated so far.
    ///
    /// `time` may lie ahead of the current clock, which is how a warm-up is declared up front: the
    /// changes before it update the level only.
    /// - Parameter time: Not earlier than the last change.
    /// - Complexity: O(1).
    public mutating func startMeasuring(at time: SimTime) {
        precondition(time >= lastChange, "cannot start measuring at \(time), before the last change")
        integral = WideSum()
        measurementStart = time
    }

    /// Integrates the current level from the last change up to `time`, clipped to the window.
    @inlinable @inline(__always)
    internal mutating func advance(to time: SimTime) {
        precondition(time >= lastChange, "a level cannot change in the past")
        let from = lastChange > measurementStart ? lastChange : measurementStart
        if time > from { integral.addProduct(Int64(currentLevel), time.nanos &- from.nanos) }
        lastChangeTime = time
    }

    /// Sets the level to `newLevel` from `time` on.
    /// - Parameters:
    ///   - newLevel: The level from `time` on.
    ///   - time: Not earlier than the last change.
    /// - Complexity: O(1); no allocation.
    @inlinable public mutating func set(_ newLevel: Int, at time: SimTime) {
        advance(to: time)
        currentLevel = newLevel
    }

    /// Changes the level by `delta` from `time` on.
    /// - Parameters:
    ///   - delta: The change (+1 on an arrival, −1 on a departure).
    ///   - time: Not earlier than the last change.
    /// - Complexity: O(1); no allocation.
    @inlinable public mutating func add(_ delta: Int, at time: SimTime) {
        advance(to: time)
        currentLevel &+= delta
    }

    /// The exact integral ∫ level dt over [``measurementStart``, `end`] in level·nanoseconds, the
    /// current level extended to `end`.
    /// - Parameter end: Not earlier than the last change.
    public func integral(to end: SimTime) -> WideSum {
        var copy = self
        copy.advance(to: end)
        return copy.integral
    }

    /// The time-average level over [``measurementStart``, `end`], the current level extended to `end`;
    /// 0 when the window is empty.
    ///
    /// A streaming accumulator cannot answer arbitrary windows: the window's start is the one set by
    /// ``startMeasuring(at:)`` (or the creation time).
    /// - Parameter end: Not earlier than the last change.
    /// - Complexity: O(1).
    public func mean(to end: SimTime) -> Double {
        guard end > measurementStart else { return 0 }
        return integral(to: end).doubleValue / Double(end.nanos &- measurementStart.nanos)
    }
}
