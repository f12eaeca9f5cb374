import AgentSim

/// What `run` and `compare` check of a finished set of runs before they print or write anything:
/// that something was measured, and whether each automatic warm-up found a steady state.
extension CommandContext {
    /// Refuses runs whose measurement window is empty: a fixed warm-up that is not shorter than the
    /// run, or after which no job arrived. Every summary figure would then be a made-up 0, so this
    /// is bad input (exit 2, nothing written), like a warm-up not shorter than the horizon, which
    /// validation refuses before running; a run limited by its job count has no length to check
    /// until it has run.
    /// - Returns: `false` after printing the error.
    mutating func checkMeasurementWindow(
        _ results: [RunResult], scenario: Scenario, path: String, overrides: [String]
    ) -> Bool {
        let warmup = scenario.workload.warmup
        guard !scenario.workload.automaticWarmup, warmup > .zero else { return true }
        for result in results {
            let s = result.summary
            guard s.simTimeSeconds <= warmup.seconds || s.arrivalRatePerSecond == 0 else { continue }
            let length = TextTable.format(s.simTimeSeconds, significantDigits: 6) + "s"
            let what =
                s.simTimeSeconds <= warmup.seconds
                ? "is not shorter than the run (\(s.pattern) replication \(s.replication) ended at \(length))"
                : "leaves no arrival to measure (\(s.pattern) replication \(s.replication) ended at \(length))"
            // Located like any bad input: the line and column of workload.warmup (or its --set).
            let error = ScenarioLoader.error(
                at: "workload.warmup", inScenarioFile: path, overrides: overrides,
                message: "the warm-up (\(warmup)) \(what): nothing would be measured",
                allowed: "a warm-up shorter than the run, or \"auto\" (MSER-5)")
            printError("error: \(error)")
            return false
        }
        return true
    }

    /// Prints one warning per pattern whose automatic warm-up found no steady state in some
    /// replication.
    /// - Returns: Those patterns.
    mutating func reportAutomaticWarmups(_ results: [RunResult]) -> Set<String> {
        var order: [String] = []
        var unsteady: [String: [Int]] = [:]
        var total: [String: Int] = [:]
        for result in results {
            guard let truncation = result.automaticWarmup else { continue }
            let pattern = result.summary.pattern
            if total[pattern] == nil { order.append(pattern) }
            total[pattern, default: 0] += 1
            if !truncation.reachedSteadyState {
                unsteady[pattern, default: []].append(result.summary.replication)
            }
        }
        for pattern in order {
            guard let replications = unsteady[pattern] else { continue }
            let listed = replications.prefix(5).map(String.init).joined(separator: ", ")
            printError(
                "warning: \(pattern): MSER-5 found no steady state in \(replications.count) of "
                    + "\(total[pattern]!) replications (\(listed)\(replications.count > 5 ? ", ..." : "")): "
                    + "the latency series is still trending at half the run (an overloaded queue never "
                    + "settles), or there are fewer than \(MSER.minimumBatches * MSER.batchSize) completions; "
                    + "those replications are measured from time 0 and their warmup_s is empty")
        }
        return Set(unsteady.keys)
    }
}
