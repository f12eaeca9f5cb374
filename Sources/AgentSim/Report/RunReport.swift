/// The page of a `run` folder: the run's key numbers, its time series with fault windows shaded
/// and alerts marked, latency percentiles, cost by cause, and failure reasons.
enum RunReport {
    /// Time-series charts: column, title, y label with unit.
    static let seriesCharts = [
        ("throughput_per_s", "Throughput over time", "completed jobs per s"),
        ("in_flight", "Jobs in flight", "jobs"),
        ("queued", "Queued calls", "calls waiting"),
        ("cost_rate_usd_per_s", "Cost rate", "USD per s"),
    ]

    static func page(_ inputs: ReportInputs) throws(ReportError) -> ReportPage {
        let summary = try Report.require("summary.csv", inputs, for: "run")
        let series = try Report.require("timeseries.csv", inputs, for: "run")
        let stats = inputs.table("stats.csv")
        let scenario = summary.column("scenario").first ?? "?"
        let pattern = summary.column("pattern").first ?? "?"
        let replications = summary.rows.count
        var page = ReportPage(
            title: "\(scenario): \(pattern)",
            subtitle: "agentsim run, \(replications) replication\(replications == 1 ? "" : "s"), seed "
                + (summary.column("seed").first ?? "?") + "; virtual time throughout")
        page.add(
            "Key numbers",
            note: stats == nil
                ? "One replication, so no intervals: run with --replications 5 for them."
                : "Means over the replications; 95% Student-t intervals from stats.csv.",
            keyTable(summary, stats, pattern: pattern))
        let first = summary.column("replication").first ?? "0"
        let rep = series.filtered("replication", equals: first)
        let windows = faultWindows(rep)
        let markers = alertMarkers(inputs.table("alerts.csv")?.filtered("replication", equals: first))
        var charts = ""
        for (column, title, unit) in seriesCharts where rep.index(column) != nil {
            let points = zip(rep.numbers("t_s"), rep.numbers(column)).compactMap { t, v in
                t.flatMap { t in v.map { (x: t, y: $0) } }
            }
            var chart = LineChart(
                title: title, xLabel: "virtual time (s)", yLabel: unit,
                series: [LineChart.Series(name: column, points: points)])
            chart.windows = windows
            chart.markers = markers
            charts += chart.svg() + "\n"
        }
        let shaded =
            windows.isEmpty
            ? "No fault was active." : "Shaded: at least one fault active (faults_active > 0 at the sample)."
        page.add(
            "Over time",
            note: "Replication \(first), one point per time-series sample. \(shaded)"
                + (markers.isEmpty ? "" : " Dashed lines: budget alerts."), charts)
        page.add(
            "Latency percentiles", note: "Job arrival to completion, completed jobs after warm-up.",
            latencyChart(summary, stats, pattern: pattern))
        if let costs = inputs.table("costs.csv"), !costs.rows.isEmpty {
            page.add(
                "Cost by cause", note: "USD per replication (mean), by role; layers are the ledger's causes.",
                costChart(costs, replications: replications))
        }
        if let failures = inputs.table("failures.csv"), !failures.rows.isEmpty {
            page.add(
                "Failures", note: "Failed jobs by reason, per replication.",
                ReportPage.table(
                    failures.header, failures.rows, textColumns: min(4, failures.header.count),
                    badRows: Set(failures.rows.indices)))
        }
        return page
    }

    /// Shaded windows: runs of samples with a fault active, from the sample before the first to
    /// the last.
    static func faultWindows(_ series: CSVTable) -> [(from: Double, to: Double)] {
        let times = series.numbers("t_s")
        let active = series.numbers("faults_active")
        guard active.count == times.count else { return [] }
        var windows: [(from: Double, to: Double)] = []
        var start: Double?
        var previous = 0.0
        for (t, a) in zip(times, active) {
            guard let t else { continue }
            if (a ?? 0) > 0 {
                if start == nil { start = previous }
            } else if let s = start {
                windows.append((s, previous))
                start = nil
            }
            previous = t
        }
        if let s = start { windows.append((s, previous)) }
        return windows
    }

    /// One marker per alert: its time and `scope metric fraction`.
    static func alertMarkers(_ alerts: CSVTable?) -> [(x: Double, label: String)] {
        guard let alerts else { return [] }
        let times = alerts.numbers("t_s")
        return alerts.rows.indices.prefix(12).compactMap { i in
            guard let t = times[i] else { return nil }
            let scope = alerts.index("scope").map { alerts.rows[i][$0] } ?? ""
            let fraction = alerts.index("fraction").flatMap { Double(alerts.rows[i][$0]) }.map {
                " " + SVG.fixed($0 * 100, decimals: 0) + "%"
            }
            return (t, "alert \(scope)\(fraction ?? "")")
        }
    }

    static let keyMetrics = [
        ("throughput_per_s", "throughput (jobs/s)"), ("latency_p50_s", "latency p50 (s)"),
        ("latency_p99_s", "latency p99 (s)"), ("cost_per_completed_job_usd", "cost per job (USD)"),
        ("messages_per_job", "messages per job"), ("jobs_completed", "jobs completed"),
        ("jobs_failed", "jobs failed"),
    ]

    static func keyTable(_ summary: CSVTable, _ stats: CSVTable?, pattern: String) -> String {
        var rows: [[String]] = []
        var bad: Set<Int> = []
        for (column, label) in keyMetrics where summary.index(column) != nil {
            let mean = Report.mean(summary.numbers(column))
            let ci = Report.interval(stats, pattern: pattern, metric: column)
            if column == "jobs_failed" && mean > 0 { bad.insert(rows.count) }
            let interval = ci.map { AxisScale.trimmed($0.low) + " … " + AxisScale.trimmed($0.high) } ?? ""
            rows.append([label, AxisScale.trimmed(mean)] + (stats == nil ? [] : [interval]))
        }
        let header = ["metric", "mean"] + (stats == nil ? [] : ["95% interval"])
        return ReportPage.table(header, rows, badRows: bad)
    }

    static func latencyChart(_ summary: CSVTable, _ stats: CSVTable?, pattern: String) -> String {
        let columns = [
            ("latency_mean_s", "mean"), ("latency_p50_s", "p50"), ("latency_p95_s", "p95"),
            ("latency_p99_s", "p99"), ("latency_max_s", "max"),
        ]
        let bars = columns.filter { summary.index($0.0) != nil }.map { column, label in
            let ci = Report.interval(stats, pattern: pattern, metric: column)
            return BarChart.Bar(
                label: label, value: ci?.mean ?? Report.mean(summary.numbers(column)),
                interval: ci.map { ($0.low, $0.high) })
        }
        return BarChart(title: "Job latency", yLabel: "seconds", bars: bars).svg()
    }

    static func costChart(_ costs: CSVTable, replications: Int) -> String {
        let roles = costs.distinct("role")
        let causes = costs.distinct("cause")
        let role = costs.column("role")
        let cause = costs.column("cause")
        let usd = costs.numbers("cost_usd")
        let layers = causes.map { c in
            (
                name: c,
                values: roles.map { r in
                    var sum = 0.0
                    for i in usd.indices where role[i] == r && cause[i] == c { sum += usd[i] ?? 0 }
                    return sum / Double(max(1, replications))
                }
            )
        }
        return StackedBarChart(
            title: "Cost by cause and role", yLabel: "USD per replication", categories: roles, layers: layers
        )
        .svg()
    }
}
