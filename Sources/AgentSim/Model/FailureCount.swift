import AgentSimMetrics

/// How many jobs of a run failed for one reason (failures.csv, and the top reason `run` prints).
public struct FailureCount: Sendable, Hashable {
    /// The reason, e.g. `rejected: max_in_flight` or `retries exhausted (skill:support)`.
    public var reason: String
    /// Jobs that failed for it.
    public var count: Int

    /// Creates a count.
    public init(reason: String, count: Int) {
        self.reason = reason
        self.count = count
    }

    /// `counts` as a list sorted by count, most first, then by reason (so the order is the same
    /// on every run and platform).
    /// - Complexity: O(n log n) in the number of distinct reasons.
    public static func sorted(_ counts: [String: Int]) -> [FailureCount] {
        counts.map { FailureCount(reason: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.reason < $1.reason
        }
    }
}

extension DetailCSV {
    /// The columns of failures.csv.
    public static let failureColumns = ["scenario", "pattern", "replication", "reason", "count"]

    /// failures.csv for `runs`: each run's failure reasons in ``RunResult/failureReasons`` order
    /// (most first); a run with no failed job has no row.
    public static func failures(_ runs: [RunResult]) -> String {
        var writer = CSVWriter(header: failureColumns)
        for run in runs {
            let s = run.summary
            for failure in run.failureReasons {
                writer.append([s.scenario, s.pattern, s.replication, failure.reason, failure.count])
            }
        }
        return writer.text
    }
}

extension CoordinationContext {
    /// The run's job failures by reason so far, most first (see ``FailureCount/sorted(_:)``).
    public var failureCounts: [FailureCount] { FailureCount.sorted(stats.failureReasons) }
}
