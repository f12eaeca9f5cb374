import AgentSim

/// The table `agentsim compare` prints: one row per pattern (means over its replications).
///
/// Patterns whose throughput is within 2% of the best keep up with the same load, and differ in
/// what it costs them: they rank first, by cost per job, then by p99 latency. The patterns that fall
/// behind follow, by throughput. Ranking by raw throughput alone would sort noise when every pattern
/// keeps up.
enum CompareTable {
    /// The rendered table.
    static func render(_ runs: [RunSummary]) -> String {
        var order: [String] = []
        var byPattern: [String: [RunSummary]] = [:]
        for run in runs {
            if byPattern[run.pattern] == nil { order.append(run.pattern) }
            byPattern[run.pattern, default: []].append(run)
        }
        let unsorted = order.map { Row(pattern: $0, runs: byPattern[$0]!) }
        let best = unsorted.map(\.throughput).max() ?? 0
        func keepsUp(_ r: Row) -> Bool { r.throughput >= 0.98 * best }
        let rows = unsorted.sorted { a, b in
            switch (keepsUp(a), keepsUp(b)) {
            case (true, false): return true
            case (false, true): return false
            case (true, true): return (a.costPerJob, a.p99, a.pattern) < (b.costPerJob, b.p99, b.pattern)
            case (false, false): return (b.throughput, a.pattern) < (a.throughput, b.pattern)
            }
        }
        var table = TextTable(columns: [
            .init("rank"), .init("pattern", .left), .init("throughput/s"), .init("p50 s"), .init("p99 s"),
            .init("msgs/job"), .init("llm calls/job"), .init("coord calls/job"), .init("cost/job $"),
            .init("accuracy"), .init("coord util"),
        ])
        for (rank, row) in rows.enumerated() {
            table.append([
                String(rank + 1), row.pattern, number(row.throughput), number(row.p50), number(row.p99),
                number(row.messagesPerJob), number(row.callsPerJob), number(row.coordinationCallsPerJob),
                number(row.costPerJob), row.accuracy.map(number) ?? "-",
                row.coordinatorUtilization.map(number) ?? "-",
            ])
        }
        return table.render()
    }

    /// One pattern's means over its replications.
    struct Row {
        var pattern: String
        var throughput, p50, p99, messagesPerJob, callsPerJob, coordinationCallsPerJob, costPerJob: Double
        var accuracy, coordinatorUtilization: Double?

        init(pattern: String, runs: [RunSummary]) {
            self.pattern = pattern
            func mean(_ f: (RunSummary) -> Double) -> Double { runs.map(f).reduce(0, +) / Double(runs.count) }
            func meanOptional(_ f: (RunSummary) -> Double?) -> Double? {
                let values = runs.compactMap(f)
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            func perJob(_ x: Int, _ run: RunSummary) -> Double {
                run.jobsArrived > 0 ? Double(x) / Double(run.jobsArrived) : 0
            }
            throughput = mean(\.throughputPerSecond)
            p50 = mean(\.latencyP50Seconds)
            p99 = mean(\.latencyP99Seconds)
            messagesPerJob = mean(\.messagesPerJob)
            callsPerJob = mean { perJob($0.llmCalls, $0) }
            coordinationCallsPerJob = mean { perJob($0.coordinationCalls, $0) }
            costPerJob = mean(\.costPerCompletedJobUSD)
            accuracy = meanOptional(\.accuracy)
            coordinatorUtilization = meanOptional(\.coordinatorUtilization)
        }
    }

    private static func number(_ value: Double) -> String { TextTable.format(value, significantDigits: 4) }
}
