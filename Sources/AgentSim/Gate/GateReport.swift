import AgentSimMetrics

/// The results of one gate run over several scenarios, and their renderings: a compact table for a
/// terminal, Markdown for a pull request or a CI step summary, JUnit XML for CI test views.
public struct GateReport: Sendable, Hashable {
    /// One result per scenario, in command-line order.
    public var results: [GateResult]
    /// The command that re-records the baselines of these scenarios (accepting every change).
    public var updateCommand: String

    /// A report.
    public init(results: [GateResult], updateCommand: String) {
        self.results = results
        self.updateCommand = updateCommand
    }

    /// 2 when a scenario had no usable baseline, else 1 when a metric regressed, else 0.
    public var exitCode: Int32 { results.map(\.exitCode).max() ?? 0 }

    /// Whether some metric improved.
    public var improved: Bool { results.contains { $0.improved } }

    /// The one-word status of a result: `PASS`, `FAIL` or `ERROR`.
    static func status(_ result: GateResult) -> String {
        result.problem != nil ? "ERROR" : result.regressed ? "FAIL" : "PASS"
    }

    /// One line on why a scenario could not be compared, with the command that fixes it.
    public func explanation(_ problem: GateResult.Problem) -> String {
        switch problem {
        case .missing(let path): return "no baseline at \(path); record it with: \(updateCommand)"
        case .unreadable(let error):
            return "unreadable baseline: \(error.description); re-record it with: \(updateCommand)"
        case .foreign(let path, let other):
            return
                "\(path) is the baseline of scenario '\(other)', not of this one; re-record it with: \(updateCommand)"
        }
    }

    /// The notes on a compared result: a changed scenario, a baseline from another version, a
    /// different replication count.
    func notes(_ result: GateResult) -> [String] {
        var notes: [String] = []
        if let change = result.digestChange {
            notes.append(
                "the scenario changed since the baseline was recorded (digest \(change.baseline) → \(change.now)): "
                    + "these are the metrics of a changed experiment, gated all the same")
        }
        if let version = result.baselineVersion, version != AgentSimVersion.current {
            notes.append(
                "the baseline was recorded by AgentSim \(version); this is \(AgentSimVersion.current)")
        }
        return notes
    }

    /// `value` as recorded (shortest round-trip form), or `-`.
    static func number(_ value: Double?) -> String { value.map(Baseline.format) ?? "-" }

    /// The change, relative (`+1.23%`) when the baseline is not 0, else absolute (`+0.5`).
    static func change(_ finding: GateFinding) -> String {
        guard let change = finding.change else { return "-" }
        if change == 0 { return "0" }
        let sign = change > 0 ? "+" : ""
        if let relative = finding.relativeChange {
            return sign + TextTable.format(relative * 100, significantDigits: 3) + "%"
        }
        return sign + TextTable.format(change, significantDigits: 4)
    }

    /// The run-to-run spread, `±sd`, with the change in units of it (`0.4 sd`), or `-`.
    static func spread(_ finding: GateFinding) -> String {
        guard let sd = finding.spread else { return "-" }
        var text = "±" + TextTable.format(sd, significantDigits: 3)
        if let change = finding.change, sd > 0, change != 0 {
            text += " (" + TextTable.format(abs(change) / sd, significantDigits: 2) + " sd)"
        }
        return text
    }

    /// The 95% paired-t half-width of the change, in the change's own form (`±0.8%` of the
    /// baseline, or absolute when the baseline is 0), or `-` with fewer than two replications.
    static func interval(_ finding: GateFinding) -> String {
        guard let hw = finding.changeInterval?.halfWidth else { return "-" }
        if let baseline = finding.baseline, baseline != 0 {
            return "±" + TextTable.format(hw / abs(baseline) * 100, significantDigits: 3) + "%"
        }
        return "±" + TextTable.format(hw, significantDigits: 4)
    }

    /// The findings worth showing: everything but `same`.
    static func changed(_ result: GateResult) -> [GateFinding] {
        result.findings.filter { $0.verdict != .same }
    }
}
