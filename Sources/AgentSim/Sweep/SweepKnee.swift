/// Where added capacity stops paying, along one numeric axis of a sweep.
///
/// Take the points of a line (the other axes fixed) in increasing order of the axis value
/// x₀ < x₁ < … < xₘ, with mean throughputs T₀ … Tₘ. The gain of step j is the throughput per added
/// unit, gⱼ = (Tⱼ − Tⱼ₋₁) ÷ (xⱼ − xⱼ₋₁). The reference after point k is the best per-unit rate seen so
/// far, rₖ = max(T₀ ÷ x₀ when x₀ > 0, g₁, …, gₖ). **The knee is the first point xₖ (k < m) whose next
/// step gains less than ``fraction`` of the reference: gₖ₊₁ < 0.5 · rₖ.** Beyond it, each added unit
/// buys less than half of what units bought before. There is no knee when every step keeps at least
/// half (the line still scales at its largest point), or when no reference is positive.
///
/// Saturation is reported separately: the first point of the line whose busiest role's mean
/// utilisation (`max_role_utilization`) exceeds ``utilizationThreshold``.
public enum SweepKnee {
    /// The share of the best per-unit throughput below which a step no longer pays.
    public static let fraction = 0.5
    /// The busiest role's utilisation past which a point counts as saturated.
    public static let utilizationThreshold = 0.9

    /// The gain of each step, gⱼ, for j ≥ 1 (`nil` at 0, where x does not increase, or where a
    /// throughput is missing).
    public static func gains(x: [Double], throughput: [Double?]) -> [Double?] {
        precondition(x.count == throughput.count, "one throughput per point")
        return x.indices.map { j -> Double? in
            guard j > 0, let now = throughput[j], let before = throughput[j - 1], x[j] > x[j - 1] else {
                return nil
            }
            return (now - before) / (x[j] - x[j - 1])
        }
    }

    /// The position of the knee in `x` (increasing), or `nil` when there is none.
    public static func knee(x: [Double], throughput: [Double?]) -> Int? {
        let g = gains(x: x, throughput: throughput)
        var reference = -Double.infinity
        if let first = throughput.first ?? nil, let x0 = x.first, x0 > 0 { reference = first / x0 }
        for k in x.indices.dropLast() {
            if k > 0, let gain = g[k] { reference = max(reference, gain) }
            if reference > 0, let next = g[k + 1], next < fraction * reference { return k }
        }
        return nil
    }

    /// The position of the first utilisation above ``utilizationThreshold``, or `nil`.
    public static func saturation(utilization: [Double?]) -> Int? {
        utilization.firstIndex { ($0 ?? 0) > utilizationThreshold }
    }
}
