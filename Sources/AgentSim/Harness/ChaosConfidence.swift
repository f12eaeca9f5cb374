import AgentSimRandom

/// What a campaign in which every seed passed rules out: the rarest bug it would have seen, at a
/// stated confidence.
///
/// A bug that fails a fraction `p` of seeds passes `n` independent seeds with probability
/// (1 − p)ⁿ. The campaign sees it with probability at least `c` when (1 − p)ⁿ ≤ 1 − c, that is
/// p ≥ 1 − (1 − c)^(1/n). For c = 95% that is about 3/n (the rule of three).
public enum ChaosConfidence {
    /// The largest `k` such that a bug failing one seed in `k` (or more often) fails at least one
    /// of `seeds` seeds with probability `confidence` or more.
    ///
    /// - Parameters:
    ///   - seeds: Seeds run, all passing (at least 1).
    ///   - confidence: In (0, 1), e.g. 0.95.
    /// - Returns: `k`, at least 1.
    public static func detectableOneIn(seeds: Int, confidence: Double = 0.95) -> Int {
        // p = 1 − (1 − c)^(1/n) = −expm1(log(1 − c) / n), in the package's own math.
        let p = -SimMath.expm1(SimMath.log(1 - confidence) / Double(max(seeds, 1)))
        let k = (1 / p).rounded(.down)
        return k >= Double(Int.max) ? Int.max : max(1, Int(k))
    }

    /// `0 failures in 100 seeds: a bug that fails 1 seed in 33 or more often would have been seen
    /// with 95% confidence`.
    public static func sentence(seeds: Int) -> String {
        let noun = seeds == 1 ? "seed" : "seeds"
        return "0 failures in \(seeds) \(noun): a bug that fails 1 seed in \(detectableOneIn(seeds: seeds)) "
            + "or more often would have been seen with 95% confidence (rule of three); a rarer one needs "
            + "more seeds"
    }
}
