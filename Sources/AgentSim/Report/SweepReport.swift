/// The page of a `sweep` folder: each metric against the first varied value (one line per value
/// of the other varied paths), with the knee and the points that fail an SLO from analysis.csv.
enum SweepReport {
    static let metrics = [
        ("throughput_per_s", "Throughput", "completed jobs per s"),
        ("latency_p99_s", "Latency p99", "seconds"),
        ("cost_per_completed_job_usd", "Cost per completed job", "USD"),
        ("messages_per_job", "Messages per job", "messages"),
        ("max_role_utilization", "Busiest role's utilization", "fraction busy"),
    ]

    /// The leading number of a value as `--set` takes it ("8", "2.5/s", "250ms" → 8, 2.5, 250).
    static func leadingNumber(_ text: String) -> Double? {
        var prefix = ""
        for c in text {
            guard c.isNumber || c == "." || c == "-" || c == "e" || c == "+" else { break }
            prefix.append(c)
        }
        while !prefix.isEmpty && Double(prefix) == nil { prefix.removeLast() }
        return Double(prefix)
    }

    static func page(_ inputs: ReportInputs) throws(ReportError) -> ReportPage {
        let sweep = try Report.require("sweep.csv", inputs, for: "sweep")
        guard let scenarioColumn = sweep.index("scenario"), scenarioColumn >= 2, sweep.header.first == "point"
        else {
            throw ReportError(
                description:
                    "\(inputs.folder): sweep.csv must start with point, the varied paths, then scenario")
        }
        let paths = Array(sweep.header[1..<scenarioColumn])
        let points = sweep.distinct("point")
        var page = ReportPage(
            title: "\(sweep.column("scenario").first ?? "?"): sweep over " + paths.joined(separator: ", "),
            subtitle:
                "agentsim sweep, \(points.count) points, \(sweep.rows.count) runs; means over replications")
        let analysis = inputs.table("analysis.csv")
        // Per point: its x value, its series (the other paths' values), and its analysis verdicts.
        var xOf: [String: Double] = [:]
        var groupOf: [String: String] = [:]
        for row in sweep.rows {
            let x = leadingNumber(row[1]) ?? Double(points.firstIndex(of: row[0]) ?? 0)
            xOf[row[0]] = x
            groupOf[row[0]] = zip(paths.dropFirst(), row[2..<scenarioColumn]).map { "\($0)=\($1)" }.joined(
                separator: ", ")
        }
        let verdict = { (point: String, column: String) -> String in
            guard let analysis, let p = analysis.index("point"), let c = analysis.index(column) else {
                return ""
            }
            return analysis.rows.first { $0[p] == point }?[c] ?? ""
        }
        let knees = points.filter { verdict($0, "knee") == "true" }
        let infeasible = Set(points.filter { verdict($0, "feasible") == "false" })
        let cheapest = points.filter { verdict($0, "cheapest") == "true" }
        let groups = points.compactMap { groupOf[$0] }.reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
        var charts = ""
        for (metric, title, unit) in metrics where sweep.index(metric) != nil {
            let series = groups.map { group in
                let members = points.filter { groupOf[$0] == group }
                let values = members.map { Report.mean(sweep.filtered("point", equals: $0).numbers(metric)) }
                let flagged = Set(members.indices.filter { infeasible.contains(members[$0]) })
                return LineChart.Series(
                    name: group.isEmpty ? metric : group,
                    points: zip(members, values).map { (x: xOf[$0.0] ?? 0, y: $0.1) }, flagged: flagged)
            }
            var chart = LineChart(
                title: title + " vs " + paths[0], xLabel: paths[0], yLabel: unit, series: series)
            chart.dots = true
            chart.markers =
                knees.map { (x: xOf[$0] ?? 0, label: "knee") }
                + cheapest.map { (x: xOf[$0] ?? 0, label: "cheapest meeting every SLO") }
            charts += chart.svg() + "\n"
        }
        var note = "x: the first varied path (\(paths[0])), by its leading number."
        if analysis == nil {
            note += " No analysis.csv, so no knee or SLO marks."
        } else {
            note +=
                " Dashed lines: the knee and the cheapest point that meets every SLO; red rings: points failing an SLO."
        }
        page.add("Each metric against \(paths[0])", note: note, charts)
        return page
    }
}
