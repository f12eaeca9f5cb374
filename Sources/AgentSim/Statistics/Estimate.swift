/// A mean over independent observations (replications) with its Student-t confidence interval.
///
/// Built from the values themselves, in their order, with a plain two-pass mean and variance, so the
/// same values give the same bytes. A statistic with no observations has no estimate (the initializer
/// returns `nil`), never a mean of 0; one observation has a mean but no spread and no interval.
///
/// ```swift
/// let throughput = Estimate([2.91, 3.02, 2.97, 3.05, 2.99], confidence: 0.95)!
/// throughput.mean        // 2.988
/// throughput.halfWidth   // t(0.975, 4) · s/√5 ≈ 0.0661
/// ```
public struct Estimate: Sendable, Hashable {
    /// How many observations the estimate rests on (≥ 1).
    public let count: Int
    /// Their arithmetic mean.
    public let mean: Double
    /// The sample standard deviation (n − 1 in the denominator); `nil` for one observation.
    public let standardDeviation: Double?
    /// The two-sided coverage of the interval, in (0, 1).
    public let confidence: Double
    /// t_{(1 + confidence)/2, n − 1} · s/√n; `nil` for one observation.
    public let halfWidth: Double?

    /// The estimate of `values`, or `nil` when there are none.
    /// - Parameters:
    ///   - values: The observations, one per replication (finite).
    ///   - confidence: The two-sided coverage of the interval, in (0, 1); 0.95 by default.
    /// - Complexity: O(n) for the moments, plus O(n) per step of ``StudentT/twoSidedQuantile(confidence:degreesOfFreedom:)``.
    public init?(_ values: [Double], confidence: Double = 0.95) {
        precondition(confidence > 0 && confidence < 1, "a confidence level is in (0, 1)")
        guard !values.isEmpty else { return nil }
        count = values.count
        self.confidence = confidence
        var sum = 0.0
        for v in values { sum += v }
        let mean = sum / Double(count)
        self.mean = mean
        guard count > 1 else {
            standardDeviation = nil
            halfWidth = nil
            return
        }
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        let s = (squares / Double(count - 1)).squareRoot()
        standardDeviation = s
        let t = StudentT.twoSidedQuantile(confidence: confidence, degreesOfFreedom: count - 1)
        halfWidth = t * s / Double(count).squareRoot()
    }

    /// The interval's lower end, mean − half-width; `nil` for one observation.
    public var low: Double? { halfWidth.map { mean - $0 } }

    /// The interval's upper end, mean + half-width; `nil` for one observation.
    public var high: Double? { halfWidth.map { mean + $0 } }

    /// half-width ÷ |mean|: the precision `--precision` asks for. 0 when the interval is a point
    /// (including a mean of 0 with no spread), infinite when the mean is 0 but the values vary;
    /// `nil` for one observation.
    public var relativeHalfWidth: Double? {
        guard let halfWidth else { return nil }
        if halfWidth == 0 { return 0 }
        return mean == 0 ? .infinity : halfWidth / abs(mean)
    }

    /// Whether the interval contains `value` (ends included); `false` without an interval.
    public func covers(_ value: Double) -> Bool {
        guard let low, let high else { return false }
        return low <= value && value <= high
    }

    /// The paired-t estimate of `a[r] − b[r]`: the right comparison when replication r of both
    /// alternatives used the same random numbers. See ``PairedDifference``.
    /// - Returns: `nil` when the arrays are empty; they must have the same length.
    public static func paired(_ a: [Double], _ b: [Double], confidence: Double = 0.95) -> PairedDifference? {
        PairedDifference(a, b, confidence: confidence)
    }
}
