/// A streaming log-linear histogram of non-negative integer values (nanoseconds).
///
/// Memory is fixed, independent of how many values are recorded.
public struct Histogram: Sendable, Hashable {
    /// Creates an empty histogram.
    public init() { fatalError("TODO(helper-metrics)") }
    /// Records one value; negative values count as 0.
    /// - Complexity: O(1).
    public mutating func record(_ value: Int64) { fatalError("TODO(helper-metrics)") }
    /// Values recorded.
    public var count: Int { fatalError("TODO(helper-metrics)") }
    /// The exact mean of the recorded values (0 when empty).
    public var mean: Double { fatalError("TODO(helper-metrics)") }
    /// The exact largest value (0 when empty).
    public var max: Int64 { fatalError("TODO(helper-metrics)") }
    /// The q-quantile, 0 ≤ q ≤ 1, within the stated relative error (0 when empty).
    public func quantile(_ q: Double) -> Int64 { fatalError("TODO(helper-metrics)") }
}
