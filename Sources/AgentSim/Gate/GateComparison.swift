import AgentSimMetrics

/// How one gated metric of one pattern compares with its baseline.
public struct GateFinding: Sendable, Hashable {
    /// What the change means.
    public enum Verdict: String, Sendable, Hashable {
        /// Exactly the baseline's value.
        case same
        /// Better than the baseline (passes; accepting it re-records the baseline).
        case improved
        /// Worse, but within the metric's tolerance (passes).
        case withinTolerance = "within tolerance"
        /// Worse beyond the tolerance: the gate fails (exit 1).
        case regressed
        /// Only one side has a value (the metric is new, gone, or undefined in one of the runs):
        /// reported, not failed; re-record to accept.
        case unmatched
    }

    /// The pattern.
    public var pattern: String
    /// The metric.
    public var metric: GatedMetric
    /// The baseline's mean over the replications both sides ran (`nil`: none recorded).
    public var baseline: Double?
    /// The new mean over the same replications.
    public var now: Double?
    /// The run-to-run spread: the sample standard deviation of the baseline's per-replication
    /// values (`nil` with fewer than two replications).
    public var spread: Double?
    /// The paired-t estimate (95%) of the per-replication change, now − baseline, replication by
    /// replication (same seeds: common random numbers); its ``Estimate/halfWidth`` is `nil` with
    /// fewer than two replications. Set only when every replication has both values.
    ///
    /// Its interval says whether the change is larger than what moving the random path alone
    /// would give: a change whose interval straddles 0 is not consistently in one direction.
    public var changeInterval: Estimate?
    /// The tolerance applied, as a fraction of the baseline (0: any worsening fails).
    public var tolerance: Double
    /// The verdict.
    public var verdict: Verdict

    /// `now − baseline` (`nil` when a side is missing).
    public var change: Double? {
        guard let baseline, let now else { return nil }
        return now - baseline
    }

    /// The change as a fraction of |baseline| (`nil` when the baseline is 0 or missing).
    public var relativeChange: Double? {
        guard let change, let baseline, baseline != 0 else { return nil }
        return change / abs(baseline)
    }

    /// The verdict of moving from `baseline` to `now` on a metric that gets better in `direction`,
    /// allowing a worsening of up to `tolerance` × |baseline|.
    public static func verdict(baseline: Double, now: Double, direction: MetricDirection, tolerance: Double)
        -> Verdict
    {
        if now == baseline { return .same }
        let worsening = direction == .higherIsBetter ? baseline - now : now - baseline
        if worsening < 0 { return .improved }
        return worsening <= tolerance * abs(baseline) ? .withinTolerance : .regressed
    }
}
