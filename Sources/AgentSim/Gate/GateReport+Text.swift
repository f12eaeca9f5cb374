import AgentSimMetrics

extension GateReport {
    /// The terminal rendering: a line per scenario, a table of the metrics that moved, a verdict
    /// line, and the command that accepts improvements when there are any.
    public var text: String {
        var out = ""
        for result in results {
            let status = Self.status(result)
            if let problem = result.problem {
                out += "\(status) \(result.scenario): \(explanation(problem))\n"
                continue
            }
            let moved = Self.changed(result)
            let counts = Dictionary(grouping: moved, by: \.verdict).mapValues(\.count)
            var summary =
                "\(result.findings.count - moved.count) of \(result.findings.count) metrics as recorded"
            for verdict in [GateFinding.Verdict.regressed, .withinTolerance, .improved, .unmatched] {
                if let n = counts[verdict] { summary += ", \(n) \(verdict.rawValue)" }
            }
            out += "\(status) \(result.scenario): \(summary)\n"
            for note in notes(result) { out += "  note: \(note)\n" }
            guard !moved.isEmpty else { continue }
            var table = TextTable(columns: [
                .init("pattern", .left), .init("metric", .left), .init("baseline"), .init("now"),
                .init("change"), .init("95% CI"), .init("spread"), .init("verdict", .left),
            ])
            for f in moved {
                table.append([
                    f.pattern, f.metric.name, Self.number(f.baseline), Self.number(f.now), Self.change(f),
                    Self.interval(f), Self.spread(f), f.verdict.rawValue,
                ])
            }
            out += table.render().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        out += verdictLine + "\n"
        return out
    }

    /// The last line: what the exit code means, and how to accept improvements.
    var verdictLine: String {
        let failed = results.filter(\.regressed).count
        let broken = results.filter { $0.problem != nil }.count
        let n = results.count
        let noun = n == 1 ? "scenario" : "scenarios"
        var line: String
        if broken > 0 {
            line = "check: \(broken) of \(n) \(noun) without a usable baseline (exit 2)"
        } else if failed > 0 {
            line = "check: \(failed) of \(n) \(noun) regressed (exit 1)"
        } else {
            line = "check: \(n) \(noun) passed"
        }
        if improved && exitCode == 0 { line += "; accept the improvements with: \(updateCommand)" }
        return line
    }
}
