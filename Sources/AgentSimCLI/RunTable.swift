import AgentSim

/// The table `agentsim run` prints: one row per run with the figures people look at first, then,
/// with two or more replications, their means with Student-t half-widths.
enum RunTable {
    /// Significant digits of the non-integer columns.
    static let significantDigits = 4
    /// Up to this many replications, every replication gets its own row; beyond it, only the
    /// interval table is printed (the rows are in summary.csv).
    static let maxReplicationRows = 30

    /// The rendered table.
    static func render(_ runs: [RunSummary]) -> String {
        var table = TextTable(columns: [
            .init("pattern", .left), .init("rep"), .init("seed"), .init("jobs done"), .init("throughput/s"),
            .init("p50 s"), .init("p99 s"), .init("msgs/job"), .init("llm calls"), .init("cost/job $"),
        ])
        for run in runs {
            table.append([
                run.pattern, String(run.replication), String(run.seed), String(run.jobsCompleted),
                number(run.throughputPerSecond), number(run.latencyP50Seconds), number(run.latencyP99Seconds),
                number(run.messagesPerJob), String(run.llmCalls), number(run.costPerCompletedJobUSD),
            ])
        }
        return table.render()
    }

    /// The per-replication rows (when there are at most ``maxReplicationRows``), then, with two or
    /// more replications, the interval table headed by its confidence level.
    static func render(_ runs: [RunSummary], confidence: Double) -> String {
        let groups = StatsCSV.byPattern(runs)
        let count = groups.map(\.runs.count).max() ?? 0
        var text = count <= maxReplicationRows ? render(runs) : ""
        guard count >= 2 else { return text }
        if !text.isEmpty { text += "\n" }
        text += "mean ± half-width of the \(IntervalText.percent(confidence)) Student-t interval over "
        text += "\(count) replications (all columns in stats.csv):\n"
        var table = TextTable(columns: [
            .init("pattern", .left), .init("throughput/s"), .init("latency mean s"), .init("p50 s"),
            .init("p99 s"), .init("msgs/job"), .init("cost/job $"),
        ])
        for group in groups {
            let rows = group.runs
            func cell(_ f: (RunSummary) -> Double) -> String {
                IntervalText.cell(Estimate(rows.map(f), confidence: confidence))
            }
            table.append([
                group.pattern, cell(\.throughputPerSecond), cell(\.latencyMeanSeconds),
                cell(\.latencyP50Seconds), cell(\.latencyP99Seconds), cell(\.messagesPerJob),
                cell(\.costPerCompletedJobUSD),
            ])
        }
        return text + table.render()
    }

    /// One line per replication with failed jobs: how many failed and the top reason (all of them
    /// are in failures.csv); empty when no job failed.
    static func failureLines(_ results: [RunResult]) -> String {
        var text = ""
        for result in results {
            guard let top = result.failureReasons.first else { continue }
            let s = result.summary
            text +=
                "\(s.pattern) replication \(s.replication): \(s.jobsFailed) of \(s.jobsArrived) jobs failed; "
            text += "top reason: \(top.reason) (\(top.count))\n"
        }
        return text
    }

    private static func number(_ value: Double) -> String {
        TextTable.format(value, significantDigits: significantDigits)
    }
}

/// How tables print an estimate: `mean ± half-width`, both to 4 significant digits.
enum IntervalText {
    /// `mean ± half-width`, the mean alone for one observation, `-` for none.
    static func cell(_ estimate: Estimate?) -> String {
        guard let estimate else { return "-" }
        let mean = TextTable.format(estimate.mean, significantDigits: 4)
        guard let halfWidth = estimate.halfWidth else { return mean }
        return mean + " ± " + TextTable.format(halfWidth, significantDigits: 2)
    }

    /// A confidence level as a percentage: `95%`, `99.9%`.
    static func percent(_ confidence: Double) -> String {
        var digits = TextTable.format(confidence * 100, significantDigits: 6)
        if digits.contains(".") {
            while digits.last == "0" { digits.removeLast() }
            if digits.last == "." { digits.removeLast() }
        }
        return digits + "%"
    }
}
