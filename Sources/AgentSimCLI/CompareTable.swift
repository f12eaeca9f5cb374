import AgentSim

/// The table `agentsim compare` prints: one row per pattern (means over its replications, with
/// Student-t half-widths when there are two or more), ranked.
///
/// Patterns that complete every job, keep up with the offered load and (with an automatic warm-up)
/// reach a steady state rank before those that do not, which are flagged: `fails jobs` with the top
/// failure reason over their replications, `saturated` when their backlog grew while jobs arrived
/// (``BacklogGrowth``), `no steady state` when MSER-5 found none. Among them, patterns whose throughput is within 2% of the best keep up
/// with the same load and differ in what it costs them: they rank first, by cost per job, then by p99
/// latency. The patterns that fall behind follow, by throughput. Ranking by raw throughput alone
/// would sort noise when every pattern keeps up. With two or more replications, a pattern is *tied*
/// with the best when the paired intervals (common random numbers) of its throughput, cost per job
/// and p99 differences from the best all include 0: the run cannot tell them apart.
enum CompareTable {
    /// The ranking metrics whose paired differences decide a tie, with their table titles.
    static let tieMetrics = [
        ("throughput_per_s", "throughput"), ("cost_per_completed_job_usd", "cost/job"),
        ("latency_p99_s", "p99"),
    ]

    /// The patterns in rank order, and which are tied with the first.
    struct Ranking {
        /// Rows in rank order.
        var rows: [Row]
        /// Patterns tied with the best (the first row), which is not among them.
        var tied: Set<String>
        /// The best-ranked pattern.
        var best: String? { rows.first?.pattern }
    }

    /// Ranks the patterns of `runs`; `unsteady` names patterns whose automatic warm-up found no
    /// steady state, `failures` their top failure reason (``topFailures(_:)``) and `saturated` the
    /// flag of those whose backlog grew (``saturated(_:workload:)``).
    static func rank(
        _ runs: [RunSummary], unsteady: Set<String> = [], failures: [String: FailureCount] = [:],
        saturated: [String: String] = [:], confidence: Double
    ) -> Ranking {
        let unsorted = StatsCSV.byPattern(runs).map {
            var row = Row(
                pattern: $0.pattern, runs: $0.runs, confidence: confidence,
                unsteady: unsteady.contains($0.pattern), topFailure: failures[$0.pattern])
            if let saturation = saturated[$0.pattern] { row.flags.append(saturation) }
            return row
        }
        let best = unsorted.filter(\.works).map(\.throughput).max() ?? unsorted.map(\.throughput).max() ?? 0
        func keepsUp(_ r: Row) -> Bool { r.throughput >= 0.98 * best }
        let rows = unsorted.sorted { a, b in
            if a.works != b.works { return a.works }
            switch (keepsUp(a), keepsUp(b)) {
            case (true, false): return true
            case (false, true): return false
            case (true, true): return (a.costPerJob, a.p99, a.pattern) < (b.costPerJob, b.p99, b.pattern)
            case (false, false): return (b.throughput, a.pattern) < (a.throughput, b.pattern)
            }
        }
        var tied: Set<String> = []
        if let first = rows.first, first.runs.count >= 2 {
            for row in rows.dropFirst() where row.works == first.works {
                let differences = DifferencesCSV.differences(
                    row.runs, baseline: first.runs, confidence: confidence)
                let deciding = differences.filter { d in tieMetrics.contains { $0.0 == d.metric } }
                if deciding.allSatisfy({ $0.difference.map { !$0.isSignificant } ?? false }) {
                    tied.insert(row.pattern)
                }
            }
        }
        return Ranking(rows: rows, tied: tied)
    }

    /// Each pattern's most frequent failure reason summed over its replications (most jobs, then
    /// the reason's name), for the patterns that failed jobs.
    static func topFailures(_ results: [RunResult]) -> [String: FailureCount] {
        var counts: [String: [String: Int]] = [:]
        for result in results {
            for failure in result.failureReasons {
                counts[result.summary.pattern, default: [:]][failure.reason, default: 0] += failure.count
            }
        }
        return counts.compactMapValues { FailureCount.sorted($0).first }
    }

    /// `saturated: in flight grew from A to B` for each pattern whose backlog grew over the
    /// arrival period (``BacklogGrowth``), averaged over its replications.
    static func saturated(_ results: [RunResult], workload: WorkloadSpec) -> [String: String] {
        let end = BacklogGrowth.arrivalsEndSeconds(of: workload)
        var sums: [String: (first: Double, last: Double, runs: Int)] = [:]
        for result in results {
            let warmup = result.summary.warmupSeconds ?? workload.warmup.seconds
            guard
                let growth = BacklogGrowth(
                    series: result.series, warmupSeconds: warmup, arrivalsEndSeconds: end)
            else { continue }
            let old = sums[result.summary.pattern] ?? (0, 0, 0)
            sums[result.summary.pattern] = (
                old.first + growth.firstThirdMean, old.last + growth.lastThirdMean, old.runs + 1
            )
        }
        var flags: [String: String] = [:]
        for (pattern, sum) in sums {
            let growth = BacklogGrowth(
                firstThirdMean: sum.first / Double(sum.runs), lastThirdMean: sum.last / Double(sum.runs))
            guard growth.grew else { continue }
            func jobs(_ x: Double) -> String { TextTable.format(x, significantDigits: 3) }
            flags[pattern] =
                "saturated: in flight grew from \(jobs(growth.firstThirdMean)) to \(jobs(growth.lastThirdMean)) jobs"
        }
        return flags
    }

    /// The rendered table, then the line naming the ties (with two or more replications).
    static func render(_ ranking: Ranking, confidence: Double) -> String {
        var table = TextTable(columns: [
            .init("rank"), .init("pattern", .left), .init("vs best", .left), .init("throughput/s"),
            .init("p50 s"), .init("p99 s"), .init("msgs/job"), .init("llm calls/job"),
            .init("coord calls/job"), .init("cost/job $"), .init("accuracy"), .init("coord util"),
            .init("failed"), .init("flag", .left),
        ])
        for (rank, row) in ranking.rows.enumerated() {
            let versus = rank == 0 ? "best" : ranking.tied.contains(row.pattern) ? "tied" : ""
            table.append(
                [String(rank + 1), row.pattern, versus] + row.cells + [row.flags.joined(separator: ", ")])
        }
        var text = table.render()
        let replications = ranking.rows.map(\.runs.count).max() ?? 0
        guard replications >= 2, let best = ranking.best else { return text }
        text +=
            "\nmean ± half-width of the \(IntervalText.percent(confidence)) Student-t interval over "
            + "\(replications) replications; "
        let names = tieMetrics.map(\.1).joined(separator: ", ")
        let tied = ranking.rows.map(\.pattern).filter { ranking.tied.contains($0) }
        text +=
            tied.isEmpty
            ? "no pattern is tied with \(best) (a paired interval of \(names) excludes 0 for each).\n"
            : "tied with \(best) within the paired intervals of \(names): \(tied.joined(separator: ", ")).\n"
        return text
    }

    /// One pattern's estimates over its replications.
    struct Row {
        var pattern: String
        var runs: [RunSummary]
        var throughput, p99, costPerJob: Double
        /// The table cells from throughput to failed jobs.
        var cells: [String]
        /// Why the pattern ranks after the patterns that work (empty when it works).
        var flags: [String]
        /// Completes every job and reaches a steady state.
        var works: Bool { flags.isEmpty }

        init(
            pattern: String, runs: [RunSummary], confidence: Double, unsteady: Bool,
            topFailure: FailureCount? = nil
        ) {
            self.pattern = pattern
            self.runs = runs
            func estimate(_ f: (RunSummary) -> Double?) -> Estimate? {
                Estimate(runs.compactMap(f), confidence: confidence)
            }
            func perJob(_ x: Int, _ run: RunSummary) -> Double {
                run.jobsArrived > 0 ? Double(x) / Double(run.jobsArrived) : 0
            }
            throughput = estimate(\.throughputPerSecond)?.mean ?? 0
            p99 = estimate(\.measuredLatencyP99Seconds)?.mean ?? .infinity
            costPerJob = estimate(\.measuredCostPerCompletedJobUSD)?.mean ?? .infinity
            let failed = estimate { Double($0.jobsFailed) }
            cells = [
                estimate(\.throughputPerSecond), estimate(\.measuredLatencyP50Seconds),
                estimate(\.measuredLatencyP99Seconds),
                estimate(\.messagesPerJob), estimate { perJob($0.llmCalls, $0) },
                estimate { perJob($0.coordinationCalls, $0) }, estimate(\.measuredCostPerCompletedJobUSD),
                estimate(\.accuracy), estimate(\.coordinatorUtilization), failed,
            ].map(IntervalText.cell)
            flags = []
            if (failed?.mean ?? 0) > 0 {
                let arrived = runs.reduce(0) { $0 + $1.jobsArrived }
                let total = runs.reduce(0) { $0 + $1.jobsFailed }
                let top = topFailure.map { ": top reason \($0.reason) (\($0.count))" } ?? ""
                flags.append("fails jobs (\(total) of \(arrived))\(top)")
            }
            if unsteady { flags.append("no steady state") }
        }
    }
}
