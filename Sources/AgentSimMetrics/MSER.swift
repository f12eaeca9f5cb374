import AgentSimKernel

/// MSER-5: the truncation point that minimises the marginal standard error of what remains.
///
/// The series (a replication's job latencies in completion order) is cut into batches of 5 and each
/// batch replaced by its mean Z₁…Z_m. For each candidate d of batches to drop,
///
///     MSER(d) = Σ_{j>d} (Z_j − Z̄_d)² / (m − d)²,
///
/// the squared standard error of the remaining mean, up to the factor 1/(1 − 1/(m − d)). Dropping a
/// biased start lowers it (the spread shrinks); dropping steady-state data raises it (fewer points).
/// d* is the minimiser over d ≤ m/2 (White 1997; Hoad, Robinson and Davies 2010, who found MSER-5 the
/// most robust of the warm-up rules they compared).
///
/// **When it fails.** The method assumes the series settles into a steady state within the run. For
/// one that never does (an overloaded queue whose latency keeps growing), MSER(d) keeps falling as
/// d grows and the minimum lands on the boundary m/2; so does a run too short to show its steady
/// state. Either way no warm-up would be meaningful, and the result says so
/// (``Truncation/reachedSteadyState`` is `false`). Fewer than ``minimumBatches`` batches are too few
/// to judge.
public enum MSER {
    /// Observations per batch (the "5" of MSER-5).
    public static let batchSize = 5
    /// Fewer batches than this (50 observations) are too few to pick a truncation point.
    public static let minimumBatches = 10

    /// What MSER-5 chose for one series.
    public struct Truncation: Sendable, Hashable {
        /// d*: the batches to drop.
        public var batches: Int
        /// The batches in the series (m).
        public var totalBatches: Int
        /// Whether the minimum lies strictly inside the first half (and there were enough batches):
        /// the series reached a steady state and d* means something.
        public var reachedSteadyState: Bool

        /// Creates a truncation (MSER's own are made by ``MSER/truncation(batchMeans:)``).
        public init(batches: Int, totalBatches: Int, reachedSteadyState: Bool) {
            self.batches = batches
            self.totalBatches = totalBatches
            self.reachedSteadyState = reachedSteadyState
        }

        /// The observations dropped, 5·d*.
        public var observations: Int { batches * MSER.batchSize }
    }

    /// The MSER-5 truncation of `batchMeans` (the means Z₁…Z_m of consecutive batches of 5).
    /// - Complexity: O(m).
    public static func truncation(batchMeans z: [Double]) -> Truncation {
        let m = z.count
        guard m >= minimumBatches else {
            return Truncation(batches: 0, totalBatches: m, reachedSteadyState: false)
        }
        // Centre on the overall mean so that the running sums of squares do not cancel.
        var total = 0.0
        for v in z { total += v }
        let centre = total / Double(m)
        // Suffix sums from the end: after the loop, sum and squares hold Σ_{j≥d} for the current d.
        var sum = 0.0
        var squares = 0.0
        let last = m / 2
        var best = 0
        var bestValue = Double.infinity
        var statistic = [Double](repeating: 0, count: last + 1)
        for d in stride(from: m - 1, through: 0, by: -1) {
            let x = z[d] - centre
            sum += x
            squares += x * x
            if d <= last {
                let k = Double(m - d)
                statistic[d] = max(0, squares - sum * sum / k) / (k * k)
            }
        }
        for d in 0...last where statistic[d] < bestValue {
            best = d
            bestValue = statistic[d]
        }
        return Truncation(batches: best, totalBatches: m, reachedSteadyState: best < last)
    }
}

/// A replication's job latencies in completion order, kept as MSER-5 batch means with the time
/// each batch ended: memory grows as jobs/5 (two words per batch), and only when
/// `workload.warmup` is `"auto"`.
public struct CompletionSeries: Sendable, Hashable {
    /// Z_j: the mean latency (seconds) of batch j.
    public private(set) var batchMeans: [Double] = []
    /// The virtual time of batch j's last completion.
    public private(set) var batchEnds: [SimTime] = []
    private var pendingNanos = 0.0
    private var pendingCount = 0

    /// An empty series.
    public init() {}

    /// Adds one completion: its latency, and the time it completed.
    /// - Complexity: O(1) amortised.
    public mutating func record(latencyNanos: Int64, at time: SimTime) {
        pendingNanos += Double(latencyNanos)
        pendingCount += 1
        if pendingCount == MSER.batchSize {
            batchMeans.append(pendingNanos / Double(MSER.batchSize) / 1e9)
            batchEnds.append(time)
            pendingNanos = 0
            pendingCount = 0
        }
    }

    /// MSER-5 on this series, and the warm-up it implies: the time of the last dropped completion
    /// (zero when nothing is dropped or no steady state was found).
    public func warmup() -> (truncation: MSER.Truncation, warmup: SimTime) {
        let t = MSER.truncation(batchMeans: batchMeans)
        guard t.reachedSteadyState, t.batches > 0 else { return (t, .zero) }
        return (t, batchEnds[t.batches - 1])
    }
}
