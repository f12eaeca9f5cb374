import AgentSimPolicies

/// The time series and the budget alerts of a run, one of the parts ``CoordinationContext`` owns
/// (ARCHITECTURE.md §2): the rows sampled so far, the counters at the last sample, and the alerts
/// raised since it.
///
/// Invariants: every alert in the log was also pending for exactly one row (or is still pending),
/// and ``rows`` only grows.
struct SeriesBook {
    /// The rows sampled so far.
    var rows: [SeriesRow] = []
    /// The counters at the last sample.
    var mark: (completed: Int, retries: Int, timeouts: Int, cost: Double) = (0, 0, 0, 0)
    /// Budget alerts since the last sample, as their series labels.
    private(set) var pendingAlerts: [String] = []
    /// Every budget alert, with its exact time.
    private(set) var alertLog: [BudgetAlert] = []

    /// Records `alert`, labelled `label` in the next row.
    mutating func raise(_ alert: BudgetAlert, label: String) {
        pendingAlerts.append(label)
        alertLog.append(alert)
    }

    /// The alerts pending for the row being sampled; they are no longer pending after.
    mutating func takePendingAlerts() -> [String] {
        defer { pendingAlerts = [] }
        return pendingAlerts
    }
}
