extension Baseline {
    /// Compares `runs` (a new run of the scenario whose digest is `digest`) with this baseline.
    ///
    /// Each pattern's metric is compared as the mean over the replications both sides ran: the
    /// same seeds, so the comparison is paired (common random numbers) and, with tolerance 0, exact.
    /// - Parameters:
    ///   - runs: The new runs (any order).
    ///   - digest: ``ScenarioDigest/of(_:)`` of the scenario as run now.
    ///   - path: The baseline file's path (for reports).
    ///   - tolerances: Allowed worsening by metric name, as a fraction of the baseline (default 0).
    /// - Returns: The findings, by pattern then metric in the baseline's order (metrics only the
    ///   new run has come last, as unmatched).
    public func compare(
        _ runs: [RunSummary], digest: String, path: String, tolerances: [String: Double] = [:]
    ) -> GateResult {
        var now: [Key: Double?] = [:]
        var order: [Key] = []
        var nowReplications: Set<Int> = []
        for run in runs {
            nowReplications.insert(run.replication)
            for (metric, value) in GatedMetric.values(of: run) {
                let key = Key(pattern: run.pattern, metric: metric, replication: run.replication)
                if now.updateValue(value, forKey: key) == nil { order.append(key) }
            }
        }
        let shared = Set(replications).intersection(nowReplications)
        var groups: [(pattern: String, metric: GatedMetric)] = []
        var seen: Set<String> = []
        for e in entries where seen.insert(e.pattern + "\u{0}" + e.metric.name).inserted {
            groups.append((e.pattern, e.metric))
        }
        for key in order where seen.insert(key.pattern + "\u{0}" + key.metric.name).inserted {
            groups.append((key.pattern, key.metric))
        }
        let findings = groups.map { group -> GateFinding in
            var old: [Int: Double?] = [:]
            for e in entries where e.pattern == group.pattern && e.metric.name == group.metric.name {
                old[e.replication] = e.value
            }
            let pairs = shared.sorted().map { r in
                (
                    old: old[r] ?? nil,
                    new: now[Key(pattern: group.pattern, metric: group.metric, replication: r)] ?? nil
                )
            }
            return finding(group.pattern, group.metric, pairs, tolerances[group.metric.name] ?? 0)
        }
        return GateResult(
            scenario: scenario, baselinePath: path, findings: findings, problem: nil, digest: digest,
            baselineDigest: scenarioDigest, baselineVersion: version, replications: shared.count)
    }

    private struct Key: Hashable {
        var pattern: String
        var metric: GatedMetric
        var replication: Int
    }

    /// The finding of one pattern's metric from its (baseline, now) value per shared replication.
    private func finding(
        _ pattern: String, _ metric: GatedMetric, _ pairs: [(old: Double?, new: Double?)], _ tolerance: Double
    ) -> GateFinding {
        let oldValues = pairs.compactMap(\.old)
        let newValues = pairs.compactMap(\.new)
        let baseline = Estimate(oldValues)
        let now = Estimate(newValues)
        // Paired only when every replication has both values: then change r is now r − baseline r.
        let paired = pairs.allSatisfy { $0.old != nil && $0.new != nil }
        // Undefined on both sides in every replication (accuracy when nothing completed) is no
        // change; defined on one side only is unmatched.
        let undefined = pairs.allSatisfy { $0.old == nil && $0.new == nil }
        var verdict = undefined ? GateFinding.Verdict.same : .unmatched
        if let baseline, let now, paired {
            verdict = GateFinding.verdict(
                baseline: baseline.mean, now: now.mean, direction: metric.direction, tolerance: tolerance)
        }
        return GateFinding(
            pattern: pattern, metric: metric, baseline: baseline?.mean, now: now?.mean,
            spread: baseline?.standardDeviation,
            changeInterval: paired ? PairedDifference(newValues, oldValues)?.difference : nil,
            tolerance: tolerance, verdict: verdict)
    }
}
