import Foundation

extension GateReport {
    /// Markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: a verdict, a table of
    /// scenarios, and a table of every metric that moved (metric, baseline, now, change, the paired
    /// 95% interval of the change, run-to-run spread, verdict).
    public var markdown: String {
        var out = "## AgentSim check\n\n" + Self.escape(verdictLine) + "\n\n"
        out += "| scenario | status | metrics as recorded | note |\n|---|---|---:|---|\n"
        for r in results {
            let note = r.problem.map(explanation) ?? notes(r).joined(separator: "; ")
            let same = r.findings.count - Self.changed(r).count
            out += "| \(Self.escape(r.scenario)) | \(Self.status(r)) | \(same) of \(r.findings.count) | "
            out += Self.escape(note) + " |\n"
        }
        let rows = results.flatMap { r in Self.changed(r).map { (r.scenario, $0) } }
        guard !rows.isEmpty else { return out }
        out += "\n| scenario | pattern | metric | baseline | now | change | 95% CI | spread | verdict |\n"
        out += "|---|---|---|---:|---:|---:|---:|---:|---|\n"
        for (scenario, f) in rows {
            let cells = [
                scenario, f.pattern, f.metric.name, Self.number(f.baseline), Self.number(f.now),
                Self.change(f), Self.interval(f), Self.spread(f),
                f.verdict == .regressed ? "**regressed**" : f.verdict.rawValue,
            ]
            out += "| " + cells.map(Self.escape).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// `text` safe in a Markdown table cell.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
