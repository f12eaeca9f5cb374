import AgentSim

/// The table `agentsim run` prints: one row per run with the figures people look at first.
enum RunTable {
    /// Significant digits of the non-integer columns.
    static let significantDigits = 4

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

    private static func number(_ value: Double) -> String {
        TextTable.format(value, significantDigits: significantDigits)
    }
}
