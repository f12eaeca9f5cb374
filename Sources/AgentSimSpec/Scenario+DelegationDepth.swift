extension Scenario {
    /// The deepest delegation the scenario allows: its pattern's `max_depth`, when it has one.
    public var delegationDepthLimit: Int? {
        if case .int(let depth) = pattern.parameters.values["max_depth"] { return depth }
        return nil
    }
}
