import AgentSim

/// How `run` and `compare` run their replications: a fixed count, or `--precision` batches.
extension CommandContext {
    /// Runs each scenario (one per pattern, same seeds) `count` times, or, with a precision target,
    /// in batches from `count` until the target holds or the cap is reached, printing progress to
    /// standard error after every batch.
    /// - Returns: `results[pattern][replication]`, every pattern with the same count.
    mutating func runReplications(_ scenarios: [Scenario], count: Int, statistics: StatisticsOptions)
        -> [[RunResult]]
    {
        let runReplication = environment.runReplication
        guard let target = statistics.precision else {
            let flat = ParallelRuns.map(count: scenarios.count * count, threads: statistics.threads) {
                index in
                runReplication(scenarios[index / count], index % count)
            }
            return scenarios.indices.map { Array(flat[($0 * count)..<(($0 + 1) * count)]) }
        }
        let cap = statistics.cap
        let percent = IntervalText.percent(statistics.confidence)
        return ParallelRuns.untilPrecise(
            patterns: scenarios.count, first: min(count, cap), maximum: cap, threads: statistics.threads,
            { pattern, replication in runReplication(scenarios[pattern], replication) },
            isPrecise: { results in
                let worst = target.worst(results.map { $0.map(\.summary) }, confidence: statistics.confidence)
                let n = results.first?.count ?? 0
                let reached = worst.value <= target.relative
                let value = worst.value.isFinite ? TextTable.format(worst.value, significantDigits: 3) : "∞"
                var line = "precision: \(n) replications, worst relative half-width \(value) "
                line += "(\(worst.metric)"
                if scenarios.count > 1 { line += " of \(worst.pattern)" }
                line += ", \(percent)); target \(TextTable.format(target.relative, significantDigits: 3))"
                if reached {
                    line += ": reached"
                } else if n >= cap {
                    line += ": NOT reached within --max-replications \(cap)"
                }
                printError(line)
                return reached
            })
    }
}
