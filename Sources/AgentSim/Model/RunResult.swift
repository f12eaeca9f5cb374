import AgentSimMetrics
import AgentSimPolicies

/// Everything one run reports: its summary row, its cost ledger and its time series.
public struct RunResult: Sendable {
    /// The summary.csv row.
    public var summary: RunSummary
    /// Tokens and dollars by cause and role (costs.csv).
    public var ledger: Ledger
    /// The fixed-interval time series (timeseries.csv).
    public var series: [SeriesRow]
    /// Budget alerts with their exact times (alerts.csv).
    public var alerts: [BudgetAlert]
    /// The invariants the run broke, in the order seen (empty when checking was off).
    public var violations: [Violation]
    /// Failed jobs by reason, most first, then by reason (failures.csv).
    public var failureReasons: [FailureCount] = []
    /// What MSER-5 chose when `workload.warmup` is `"auto"`; `nil` for a fixed warm-up.
    public var automaticWarmup: MSER.Truncation?

    /// Creates a result.
    public init(
        summary: RunSummary, ledger: Ledger, series: [SeriesRow], alerts: [BudgetAlert] = [],
        violations: [Violation] = [], failureReasons: [FailureCount] = []
    ) {
        self.failureReasons = failureReasons
        self.summary = summary
        self.ledger = ledger
        self.series = series
        self.alerts = alerts
        self.violations = violations
    }
}

/// costs.csv: one row per run, cause and role with any calls; then timeseries.csv.
public enum DetailCSV {
    /// The columns of costs.csv.
    public static let costColumns = [
        "scenario", "pattern", "replication", "seed", "cause", "role", "calls", "tokens_in", "tokens_out",
        "cost_usd",
    ]

    /// costs.csv for `runs`, in run order, causes in ``CostCause`` order, roles in scenario order;
    /// cells without calls are left out.
    public static func costs(_ runs: [RunResult]) -> String {
        var writer = CSVWriter(header: costColumns)
        for run in runs {
            let s = run.summary
            for cause in CostCause.allCases {
                for (r, role) in run.ledger.roles.enumerated() {
                    let e = run.ledger.entry(cause, role: r)
                    if e.calls == 0 { continue }
                    writer.append([
                        s.scenario, s.pattern, s.replication, s.seed, cause.description, role, e.calls,
                        e.tokensIn,
                        e.tokensOut, e.costUSD,
                    ])
                }
            }
        }
        return writer.text
    }

    /// The columns of alerts.csv.
    public static let alertColumns = [
        "scenario", "pattern", "replication", "seed", "t_s", "scope", "metric", "fraction", "spent", "limit",
    ]

    /// alerts.csv for `runs`: every budget alert with the virtual time of the spend that crossed it.
    public static func alerts(_ runs: [RunResult]) -> String {
        var writer = CSVWriter(header: alertColumns)
        for run in runs {
            let s = run.summary
            for alert in run.alerts {
                writer.append([
                    s.scenario, s.pattern, s.replication, s.seed, alert.time.seconds, alert.scopeName,
                    alert.metric.name, alert.fraction, alert.spent, alert.limit,
                ])
            }
        }
        return writer.text
    }

    /// The columns of timeseries.csv.
    public static let seriesColumns = [
        "scenario", "pattern", "replication", "seed", "t_s", "completed", "throughput_per_s", "in_flight",
        "queued",
        "retries", "timeouts", "cost_rate_usd_per_s", "cumulative_cost_usd", "alerts", "faults_active",
        "dlq",
    ]

    /// timeseries.csv for `runs`: each run's rows in time order; `alerts` joins the budget alerts
    /// raised in the interval with `;`; `faults_active` counts the faults active at some time in
    /// the interval; `dlq` is the dead-letter queue's size at the end of the interval.
    public static func series(_ runs: [RunResult]) -> String {
        var writer = CSVWriter(header: seriesColumns)
        for run in runs {
            let s = run.summary
            for row in run.series {
                writer.append([
                    s.scenario, s.pattern, s.replication, s.seed, row.timeSeconds, row.completed,
                    row.throughputPerSecond, row.inFlight, row.queued, row.retries, row.timeouts,
                    row.costRateUSDPerSecond, row.cumulativeCostUSD, row.alerts.joined(separator: ";"),
                    row.faultsActive, row.deadLettered,
                ])
            }
        }
        return writer.text
    }
}
