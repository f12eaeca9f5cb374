/// The difference between two alternatives run on the same random numbers, estimated pair by pair.
///
/// Replication r of every pattern uses the same seed, so its arrivals and step sizes are the same
/// (common random numbers). The differences d_r = a_r − b_r are independent across r, and their
/// Student-t interval is the paired-t interval. When a_r and b_r are positively correlated (they share
/// the workload), Var(d) = Var(a) + Var(b) − 2 Cov(a, b) is smaller than the Var(a) + Var(b) of
/// independent runs, and the interval narrower: that is why pairing can tell close alternatives apart.
/// ``unpaired(_:_:confidence:)`` gives the interval that ignores the pairing, for comparison.
public struct PairedDifference: Sendable, Hashable {
    /// The estimate of the mean difference a − b.
    public let difference: Estimate

    /// The paired estimate of `a[r] − b[r]`, or `nil` when there are no pairs.
    /// - Parameters:
    ///   - a: The alternative's values, one per replication.
    ///   - b: The baseline's values for the same replications, in the same order (same length as `a`).
    ///   - confidence: The two-sided coverage, in (0, 1).
    public init?(_ a: [Double], _ b: [Double], confidence: Double = 0.95) {
        precondition(a.count == b.count, "a paired comparison needs one baseline value per replication")
        var d: [Double] = []
        d.reserveCapacity(a.count)
        for (x, y) in zip(a, b) { d.append(x - y) }
        guard let estimate = Estimate(d, confidence: confidence) else { return nil }
        difference = estimate
    }

    /// Whether the interval excludes 0, i.e. the difference is significant at the confidence level
    /// (a two-sided paired t test at 1 − confidence); `false` with one pair (no interval).
    public var isSignificant: Bool {
        guard let low = difference.low, let high = difference.high else { return false }
        return low > 0 || high < 0
    }

    /// The two-sample (pooled-variance) t interval of mean(a) − mean(b), which treats the two samples
    /// as independent: with n_a + n_b − 2 degrees of freedom and standard error
    /// s_p·√(1/n_a + 1/n_b). Used to measure what pairing gains; never the right interval for runs that
    /// share random numbers, where it is too wide.
    /// - Returns: `(mean difference, half-width)`, or `nil` when either sample has fewer than 2 values.
    public static func unpaired(_ a: [Double], _ b: [Double], confidence: Double = 0.95)
        -> (difference: Double, halfWidth: Double)?
    {
        guard let ea = Estimate(a, confidence: confidence), let eb = Estimate(b, confidence: confidence),
            let sa = ea.standardDeviation, let sb = eb.standardDeviation
        else { return nil }
        let na = Double(ea.count)
        let nb = Double(eb.count)
        let pooled = ((na - 1) * sa * sa + (nb - 1) * sb * sb) / (na + nb - 2)
        let t = StudentT.twoSidedQuantile(confidence: confidence, degreesOfFreedom: ea.count + eb.count - 2)
        return (ea.mean - eb.mean, t * (pooled * (1 / na + 1 / nb)).squareRoot())
    }
}
