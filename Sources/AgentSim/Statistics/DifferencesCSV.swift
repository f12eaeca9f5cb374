import AgentSimMetrics

/// differences.csv: for each pattern and each numeric summary column, the paired-t interval of the
/// difference pattern − baseline over replications that share seeds (ARCHITECTURE.md §7).
///
/// Replication r of every pattern in `agentsim compare` runs on seed + r, so pairs are matched by
/// replication index. Rows go pattern by pattern (the baseline left out), columns in summary.csv order.
/// A pair is used when both values exist; `significant` is `true` when the interval excludes 0,
/// `false` when it includes it, and empty when there is no interval (fewer than two pairs).
public enum DifferencesCSV {
    /// The columns, in order.
    public static let columns = [
        "scenario", "pattern", "baseline", "metric", "replications", "mean_difference", "ci_low", "ci_high",
        "confidence", "significant",
    ]

    /// The paired difference of every numeric column between `runs` and `baseline` (each one
    /// pattern's replications), in column order, then of each of `customColumns` (coordinators'
    /// custom metrics); `nil` where no replication has both values.
    public static func differences(
        _ runs: [RunSummary], baseline: [RunSummary], customColumns: [String] = [], confidence: Double
    ) -> [(metric: String, difference: PairedDifference?)] {
        var baselineIndex: [Int: Int] = [:]
        for (i, run) in baseline.enumerated() { baselineIndex[run.replication] = i }
        let names = SummaryColumns.numeric + customColumns
        let mine = SummaryColumns.table(runs, customColumns: customColumns)
        let theirs = SummaryColumns.table(baseline, customColumns: customColumns)
        return names.indices.map { column in
            var a: [Double] = []
            var b: [Double] = []
            for (i, run) in runs.enumerated() {
                guard let j = baselineIndex[run.replication], let x = mine[column][i],
                    let y = theirs[column][j]
                else { continue }
                a.append(x)
                b.append(y)
            }
            return (names[column], PairedDifference(a, b, confidence: confidence))
        }
    }

    /// The whole file: every pattern of `runs` but `baseline`, against `baseline`, over summary.csv's
    /// numeric columns for these runs (custom metrics included).
    public static func text(for runs: [RunSummary], baseline: String, confidence: Double) -> String {
        var writer = CSVWriter(header: columns)
        let custom = SummaryCSV.customColumns(of: runs)
        let groups = StatsCSV.byPattern(runs)
        guard let reference = groups.first(where: { $0.pattern == baseline })?.runs else {
            return writer.text
        }
        for group in groups where group.pattern != baseline {
            let scenario = group.runs.first?.scenario ?? ""
            for (metric, paired) in differences(
                group.runs, baseline: reference, customColumns: custom, confidence: confidence)
            {
                let d = paired?.difference
                writer.append([
                    scenario, group.pattern, baseline, metric, d?.count ?? 0, d?.mean, d?.low, d?.high,
                    confidence,
                    d?.halfWidth == nil ? nil : paired?.isSignificant,
                ])
            }
        }
        return writer.text
    }
}
