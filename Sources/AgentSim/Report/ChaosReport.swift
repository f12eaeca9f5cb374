/// The page of a `chaos` folder: failing seeds by broken invariant, and each failing seed with the
/// command that replays it.
enum ChaosReport {
    static func page(_ inputs: ReportInputs) throws(ReportError) -> ReportPage {
        let summary = try Report.require("summary.csv", inputs, for: "chaos")
        let scenario = summary.column("scenario").first ?? "?"
        let outcome = summary.column("outcome")
        let failing = summary.rows.indices.filter { outcome[$0] != "pass" }
        var page = ReportPage(
            title: "\(scenario): chaos, \(failing.count) of \(summary.rows.count) seeds failing",
            subtitle:
                "agentsim chaos, pattern \(summary.column("pattern").first ?? "?"); every invariant checked "
                + "after every event, then a liveness phase with faults healed")
        let invariant = summary.column("invariant")
        var counts: [(String, Int)] = []
        for i in failing {
            let name = invariant[i].isEmpty ? outcome[i] : invariant[i]
            if let k = counts.firstIndex(where: { $0.0 == name }) {
                counts[k].1 += 1
            } else {
                counts.append((name, 1))
            }
        }
        let outcomes = summary.distinct("outcome").map { o in
            BarChart.Bar(
                label: o, value: Double(outcome.filter { $0 == o }.count), flag: o == "pass" ? nil : "failing"
            )
        }
        var chart = BarChart(title: "Seeds", yLabel: "seeds", bars: outcomes)
        chart.flagLabel = "broke an invariant"
        chart.valueLabel = "seeds passed"
        page.add("Seeds by outcome", chart.svg(height: 260))
        if counts.isEmpty {
            page.add("Failing seeds by invariant", note: "Every seed passed: no invariant broke.", "")
        } else {
            var chart = BarChart(
                title: "Failing seeds", yLabel: "seeds",
                bars: counts.map { BarChart.Bar(label: $0.0, value: Double($0.1)) })
            chart.valueLabel = "seeds failing, by the first invariant broken"
            page.add(
                "Failing seeds by invariant", note: "The first invariant each failing seed broke.",
                chart.svg())
        }
        let path = inputs.scenarioPath ?? "SCENARIO.json"
        let folder = inputs.folder.hasSuffix("/") ? inputs.folder : inputs.folder + "/"
        var rows: [[String]] = []
        for i in failing.prefix(200) {
            let seed = summary.rows[i][summary.index("seed")!]
            let shrunk = "\(scenario)-seed-\(seed)-shrunk.json"
            var replay = "<code>\(SVG.escape(inputs.program)) chaos \(SVG.escape(path)) --seed \(seed)</code>"
            if inputs.listing.contains(shrunk) {
                replay +=
                    "<br><code>\(SVG.escape(inputs.program)) chaos \(SVG.escape(folder + shrunk)) --seed \(seed)</code> (shrunk)"
            }
            let field = { (name: String) in summary.index(name).map { summary.rows[i][$0] } ?? "" }
            rows.append([
                seed, field("invariant"), field("violation_time_s"), Self.place(field), Self.lastEvent(field),
                field("stuck_jobs"), field("quiet_time_s"), field("detail"), replay,
            ])
        }
        let note =
            inputs.scenarioPath == nil
            ? "Replace SCENARIO.json with the scenario file the suite ran (and its --set options). "
            : ""
        page.add(
            "Failing seeds",
            note: note + "Add --trace to a replay command to get its trace.json for Perfetto.",
            failing.isEmpty
                ? ""
                : ReportPage.table(
                    [
                        "seed", "invariant", "time (s)", "job, step, copy, agent", "last event (s)",
                        "stuck jobs",
                        "quiet since (s)", "what broke", "replay",
                    ], rows, textColumns: 9))
        return page
    }

    /// Where a violation happened, from the columns a summary has: `job 13, step answer, copy 0,
    /// support[1]`; empty when the summary names none of them (a safety invariant with no job).
    static func place(_ field: (String) -> String) -> String {
        var parts: [String] = []
        if !field("job").isEmpty { parts.append("job \(field("job"))") }
        if !field("step").isEmpty { parts.append("step \(field("step"))") }
        if !field("copy").isEmpty { parts.append("copy \(field("copy"))") }
        if !field("agent").isEmpty { parts.append(field("agent")) }
        return parts.joined(separator: ", ")
    }

    /// The last event that touched the job and when: `timer fired at 921.2`.
    static func lastEvent(_ field: (String) -> String) -> String {
        let event = field("last_event")
        let time = field("last_event_time_s")
        return time.isEmpty ? event : "\(event) at \(time)"
    }
}
