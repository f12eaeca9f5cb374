import AgentSimMetrics

/// stats.csv: for each pattern and each numeric summary column, the replications' mean, standard
/// deviation and Student-t interval (ARCHITECTURE.md §7).
///
/// Rows go pattern by pattern in the order the patterns first appear in the runs, and within a
/// pattern in summary.csv's column order (``SummaryColumns/numeric``). A column with no value in any
/// replication (an empty field in summary.csv) keeps its row, with 0 replications and empty figures;
/// with one value, the standard deviation and interval are empty. Never a made-up 0.
public enum StatsCSV {
    /// The columns, in order.
    public static let columns = [
        "scenario", "pattern", "metric", "replications", "mean", "stddev", "ci_low", "ci_high", "confidence",
    ]

    /// The runs grouped by pattern, patterns in order of first appearance, runs in their given order.
    public static func byPattern(_ runs: [RunSummary]) -> [(pattern: String, runs: [RunSummary])] {
        var order: [String] = []
        var groups: [String: [RunSummary]] = [:]
        for run in runs {
            if groups[run.pattern] == nil { order.append(run.pattern) }
            groups[run.pattern, default: []].append(run)
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// The estimate of every numeric column of `runs` (one pattern's replications), in column order,
    /// then of each of `customColumns` (coordinators' custom metrics; `nil` where no run reported it).
    public static func estimates(_ runs: [RunSummary], customColumns: [String] = [], confidence: Double) -> [(
        metric: String, estimate: Estimate?
    )] {
        let table = SummaryColumns.table(runs, customColumns: customColumns)
        return zip(SummaryColumns.numeric + customColumns, table).map { name, values in
            (name, Estimate(values.compactMap { $0 }, confidence: confidence))
        }
    }

    /// The whole file for `runs` (every pattern's replications) at `confidence`. The metrics are
    /// summary.csv's numeric columns for these runs, custom metrics included, so every pattern has the
    /// same rows (a pattern that did not report a custom metric has it with 0 replications).
    public static func text(for runs: [RunSummary], confidence: Double) -> String {
        var writer = CSVWriter(header: columns)
        let custom = SummaryCSV.customColumns(of: runs)
        for group in byPattern(runs) {
            let scenario = group.runs.first?.scenario ?? ""
            for (metric, estimate) in estimates(group.runs, customColumns: custom, confidence: confidence) {
                writer.append([
                    scenario, group.pattern, metric, estimate?.count ?? 0, estimate?.mean,
                    estimate?.standardDeviation, estimate?.low, estimate?.high, confidence,
                ])
            }
        }
        return writer.text
    }
}
