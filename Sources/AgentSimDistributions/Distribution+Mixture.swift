import AgentSimRandom

extension Distribution {
    /// The component a mixture draw uses: one output u on [0, 1), scaled by the total weight and
    /// compared with the running sum of weights (the same as comparing u with normalised cumulative
    /// weights, without dividing).
    ///
    /// Components with weight ≤ 0 are never chosen. If rounding leaves u·total at or above the final
    /// sum, the last positive-weight component is chosen.
    /// - Complexity: O(number of components), no allocation.
    static func chooseComponent(
        _ components: [MixtureComponent], _ rng: inout Xoshiro256StarStar
    ) -> Distribution {
        var total = 0.0
        for component in components where component.weight > 0 { total += component.weight }
        precondition(total > 0 && total.isFinite, "a mixture needs a positive, finite total weight")
        let target = rng.nextDouble() * total
        var cumulative = 0.0
        var chosen = components[0].distribution
        for component in components where component.weight > 0 {
            cumulative += component.weight
            chosen = component.distribution
            if target < cumulative { break }
        }
        return chosen
    }

    /// The weighted mean of the components' means, or nil if a chosen component's is nil.
    static func mixtureMean(_ components: [MixtureComponent]) -> Double? {
        var total = 0.0
        var weighted = 0.0
        for component in components where component.weight > 0 {
            guard let mean = component.distribution.mean else { return nil }
            total += component.weight
            weighted += component.weight * mean
        }
        return total > 0 ? weighted / total : nil
    }

    /// The law of total variance: E[Var] + Var[E] over the weighted components.
    static func mixtureVariance(_ components: [MixtureComponent]) -> Double? {
        guard let mean = mixtureMean(components) else { return nil }
        var total = 0.0
        var weighted = 0.0
        for component in components where component.weight > 0 {
            guard let m = component.distribution.mean, let v = component.distribution.variance else {
                return nil
            }
            total += component.weight
            weighted += component.weight * (v + (m - mean) * (m - mean))
        }
        return weighted / total
    }
}
