/// A streaming log-linear histogram of non-negative integer values (nanoseconds).
///
/// The layout is HdrHistogram's: values below 2 · 2^k are counted exactly, one bucket per value;
/// above that every power of two [2^p, 2^(p+1)) is split into 2^k equal sub-buckets. With k = 7
/// (``subBucketBits``), values below 256 are exact and every other bucket `[lo, lo + w)` has
/// `lo ≥ 128 · w`.
///
/// **Error bound.** ``quantile(_:)`` reports the midpoint of the bucket that holds the true sample
/// quantile, clamped to [``min``, ``max``], so for every q
/// `|reported − true| ≤ true · 2^-(k+1) = true / 256` (a relative error of at most 0.39%), and
/// values below 256 ns are reported exactly. ``count``, ``sum``, ``mean``, ``min`` and ``max`` are
/// exact (the sum is a 128-bit integer; ``mean`` rounds once when dividing).
///
/// Memory is fixed: one flat array of ``bucketCount`` (7,296) counters, about 57 KiB, whatever the
/// number or range of values recorded (the whole `Int64` range is covered).
public struct Histogram: Sendable, Hashable {
    /// k: each power of two above 2^(k+1) is split into 2^k sub-buckets.
    public static let subBucketBits = 7
    /// 2^k.
    @usableFromInline internal static let subBucketCount = 1 << subBucketBits
    /// Buckets needed to cover 0...Int64.max.
    public static let bucketCount = (64 - subBucketBits) * subBucketCount

    /// Counts per bucket; see ``bucketIndex(_:)`` for the layout.
    @usableFromInline internal var counts: [Int]
    /// Values recorded.
    public var count: Int { recorded }
    @usableFromInline internal var recorded: Int
    @usableFromInline internal var total: WideSum
    @usableFromInline internal var minValue: Int64
    @usableFromInline internal var maxValue: Int64

    /// Creates an empty histogram.
    /// - Complexity: O(``bucketCount``) (allocates the counters once).
    public init() {
        counts = Array(repeating: 0, count: Histogram.bucketCount)
        recorded = 0
        total = WideSum()
        minValue = .max
        maxValue = 0
    }

    /// The bucket of a non-negative value: `shift · 2^k + (value >> shift)`, where `shift` is how
    /// many low bits the bucket ignores (0 for values below 2^(k+1)).
    /// - Complexity: O(1).
    @inlinable @inline(__always)
    internal static func bucketIndex(_ value: Int64) -> Int {
        let bits = 64 &- value.leadingZeroBitCount
        let shift = Swift.max(bits &- (subBucketBits &+ 1), 0)
        return (shift &<< subBucketBits) &+ Int(truncatingIfNeeded: value &>> Int64(shift))
    }

    /// The smallest value and the width of bucket `index`.
    internal static func bucketRange(_ index: Int) -> (lower: Int64, width: Int64) {
        let shift = Swift.max(index / subBucketCount - 1, 0)
        let mantissa = Int64(index - shift * subBucketCount)
        return (mantissa << Int64(shift), Int64(1) << Int64(shift))
    }

    /// Records one value; negative values count as 0.
    /// - Complexity: O(1); no allocation.
    @inlinable public mutating func record(_ value: Int64) {
        let v = Swift.max(value, 0)
        counts[Histogram.bucketIndex(v)] &+= 1
        recorded &+= 1
        total.add(v)
        if v < minValue { minValue = v }
        if v > maxValue { maxValue = v }
    }

    /// Records `value` `n` times (n ≥ 0); negative values count as 0.
    /// - Complexity: O(1); no allocation.
    @inlinable public mutating func record(_ value: Int64, count n: Int) {
        precondition(n >= 0, "a histogram cannot record a negative count")
        guard n > 0 else { return }
        let v = Swift.max(value, 0)
        counts[Histogram.bucketIndex(v)] &+= n
        recorded &+= n
        total.addProduct(v, Int64(n))
        if v < minValue { minValue = v }
        if v > maxValue { maxValue = v }
    }

    /// True when nothing was recorded.
    public var isEmpty: Bool { count == 0 }

    /// The exact sum of the recorded values, rounded once to a `Double`.
    public var sum: Double { total.doubleValue }

    /// The exact sum when it fits in `Int64`, else `nil`.
    public var exactSum: Int64? { total.int64Value }

    /// The mean of the recorded values: the exact sum divided by the count (0 when empty).
    public var mean: Double { count == 0 ? 0 : total.doubleValue / Double(count) }

    /// The exact smallest value (0 when empty).
    public var min: Int64 { count == 0 ? 0 : minValue }

    /// The exact largest value (0 when empty).
    public var max: Int64 { maxValue }

    /// The q-quantile, 0 ≤ q ≤ 1, within the stated relative error (0 when empty).
    ///
    /// The true quantile is the nearest-rank one: the smallest recorded value whose rank (1-based,
    /// ascending) is at least ``rank(ofQuantile:count:)``. The histogram reports the midpoint of that
    /// value's bucket clamped to [``min``, ``max``], so `|reported − true| ≤ true / 256`; q = 0 gives
    /// ``min`` and q = 1 gives ``max`` exactly.
    /// - Complexity: O(``bucketCount``).
    public func quantile(_ q: Double) -> Int64 {
        let target = Histogram.rank(ofQuantile: q, count: count)
        guard target > 0 else { return 0 }
        if target == count { return maxValue }
        var seen = 0
        for index in counts.indices {
            seen &+= counts[index]
            if seen >= target {
                let (lower, width) = Histogram.bucketRange(index)
                let midpoint = lower + width / 2
                return Swift.min(Swift.max(midpoint, minValue), maxValue)
            }
        }
        return maxValue  // unreachable while counts sum to count
    }

    /// The 1-based rank of the q-quantile among `count` sorted values: ⌈q · count⌉, at least 1.
    ///
    /// A product q · count within a relative 10^-12 of an integer counts as that integer, so binary
    /// rounding of q does not move the rank: q = 0.07 of 100 values is rank 7, not 8.
    /// - Returns: A rank in 1...count, or 0 when `count` is 0.
    public static func rank(ofQuantile q: Double, count: Int) -> Int {
        precondition(q >= 0 && q <= 1, "a quantile must be in 0...1, got \(q)")
        guard count > 0 else { return 0 }
        let exact = q * Double(count)
        let nearest = exact.rounded()
        let rank = abs(exact - nearest) <= nearest * 1e-12 ? nearest : exact.rounded(.up)
        return Swift.min(Swift.max(Int(rank), 1), count)
    }

    /// Adds every value recorded in `other` to this histogram.
    ///
    /// The result is exactly the histogram of both sets of values, as if recorded into one.
    /// - Complexity: O(``bucketCount``).
    public mutating func merge(_ other: Histogram) {
        guard other.count > 0 else { return }
        counts.withUnsafeMutableBufferPointer { mine in
            other.counts.withUnsafeBufferPointer { theirs in
                for index in mine.indices { mine[index] &+= theirs[index] }
            }
        }
        recorded &+= other.count
        total.add(other.total)
        minValue = Swift.min(minValue, other.minValue)
        maxValue = Swift.max(maxValue, other.maxValue)
    }
}
