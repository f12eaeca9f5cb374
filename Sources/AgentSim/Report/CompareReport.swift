/// The page of a `compare` folder: per-pattern bars with interval whiskers for the metrics people
/// decide on, patterns with failed jobs flagged, and the paired differences.
enum CompareReport {
    /// Metric, chart title, y label with unit.
    static let metrics = [
        ("throughput_per_s", "Throughput", "completed jobs per s"),
        ("latency_p99_s", "Latency p99", "seconds"),
        ("cost_per_completed_job_usd", "Cost per completed job", "USD"),
        ("messages_per_job", "Messages per job", "messages"),
        ("accuracy", "Accuracy", "fraction of jobs right"),
    ]

    static func page(_ inputs: ReportInputs) throws(ReportError) -> ReportPage {
        let summary = try Report.require("summary.csv", inputs, for: "compare")
        let stats = inputs.table("stats.csv")
        let patterns = summary.distinct("pattern")
        let replications = summary.distinct("replication").count
        var page = ReportPage(
            title: "\(summary.column("scenario").first ?? "?"): \(patterns.count) patterns compared",
            subtitle:
                "agentsim compare, \(replications) replication\(replications == 1 ? "" : "s") per pattern, "
                + "the same workload for every pattern (common random numbers)")
        let whiskers =
            stats == nil
            ? "One replication per pattern, so no intervals: rerun with --replications 5 for whiskers."
            : "Bars: means over replications; whiskers: the 95% Student-t interval from stats.csv."
        var charts = ""
        for (metric, title, unit) in metrics where summary.index(metric) != nil {
            let bars = patterns.map { pattern in
                let rows = summary.filtered("pattern", equals: pattern)
                let ci = Report.interval(stats, pattern: pattern, metric: metric)
                let failed = Report.mean(rows.numbers("jobs_failed"))
                return BarChart.Bar(
                    label: pattern, value: ci?.mean ?? Report.mean(rows.numbers(metric)),
                    interval: ci.map { ($0.low, $0.high) },
                    flag: failed > 0 ? "⚠ \(AxisScale.trimmed(failed)) failed" : nil)
            }
            charts += BarChart(title: title, yLabel: unit, bars: bars).svg() + "\n"
        }
        page.add(
            "By pattern", note: whiskers + " Red bars: the pattern failed jobs (mean per replication shown).",
            charts)
        if let differences = inputs.table("differences.csv"), !differences.rows.isEmpty {
            let keep = [
                "pattern", "baseline", "metric", "mean_difference", "ci_low", "ci_high", "significant",
            ]
            let columns = keep.compactMap { differences.index($0) }
            let rows = differences.rows.filter { row in
                let m = differences.index("metric").map { row[$0] } ?? ""
                return metrics.contains { $0.0 == m }
            }.map { row in columns.map { i in Double(row[i]).map(AxisScale.trimmed) ?? row[i] } }
            page.add(
                "Paired differences",
                note: "Each pattern minus the baseline, paired by replication (differences.csv).",
                ReportPage.table(keep.filter { differences.index($0) != nil }, rows, textColumns: 3))
        }
        return page
    }
}
