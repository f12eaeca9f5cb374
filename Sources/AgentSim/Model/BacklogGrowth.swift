import AgentSimSpec

/// Whether a run's backlog kept growing while jobs arrived: the sign of a pattern that cannot keep
/// up (saturated), whatever its latency.
///
/// A pattern that keeps up holds a stationary number of jobs in flight, however long each job
/// takes (Little's law: L = λW, whatever W is); one that cannot gains λ − μ jobs every second.
/// The check compares the mean of timeseries.csv's `in_flight` over the first and the last third
/// of the measured arrival period (after warm-up, up to the last arrival). It is a heuristic with
/// a stated margin, not a test: the backlog *grew* when the last third's mean exceeds 1.5 × the
/// first third's plus 3 jobs (the 3 keeps a queue of a few jobs from tripping it on noise).
public struct BacklogGrowth: Sendable, Hashable {
    /// Mean jobs in flight over the first third of the arrival period after warm-up.
    public var firstThirdMean: Double
    /// Mean jobs in flight over its last third.
    public var lastThirdMean: Double

    /// Whether the backlog grew by more than the margin.
    public var grew: Bool { lastThirdMean > 1.5 * firstThirdMean + 3 }

    /// A growth from two means.
    public init(firstThirdMean: Double, lastThirdMean: Double) {
        self.firstThirdMean = firstThirdMean
        self.lastThirdMean = lastThirdMean
    }

    /// The growth over `series` rows with `warmupSeconds < t ≤ arrivalsEndSeconds`, or `nil` when
    /// fewer than 6 rows fall there (too few to split into thirds).
    ///
    /// - Complexity: O(rows).
    public init?(series: [SeriesRow], warmupSeconds: Double, arrivalsEndSeconds: Double) {
        let rows = series.filter { $0.timeSeconds > warmupSeconds && $0.timeSeconds <= arrivalsEndSeconds }
        guard rows.count >= 6 else { return nil }
        let third = rows.count / 3
        func mean(_ slice: ArraySlice<SeriesRow>) -> Double {
            Double(slice.reduce(0) { $0 + $1.inFlight }) / Double(slice.count)
        }
        firstThirdMean = mean(rows.prefix(third))
        lastThirdMean = mean(rows.suffix(third))
    }

    /// When a workload's arrivals end: `jobs` ÷ the mean rate, or the horizon, whichever comes
    /// first (infinite when neither is set, as a validated scenario never is).
    public static func arrivalsEndSeconds(of workload: WorkloadSpec) -> Double {
        let rate = workload.arrivals.meanRatePerSecond
        let byCount = workload.jobs.map { rate > 0 ? Double($0) / rate : .infinity } ?? .infinity
        return min(byCount, workload.horizon?.seconds ?? .infinity)
    }
}
