/// Reads, overrides and validates scenario files.
public enum ScenarioLoader {
    /// Loads the scenario at `path`, applies `overrides` (`PATH=VALUE`, as given to `--set`), and
    /// validates it.
    ///
    /// - Parameters:
    ///   - path: The scenario file; relative file references inside it resolve against its folder.
    ///   - overrides: `--set` assignments, applied in order before decoding.
    /// - Returns: The scenario and the warnings (e.g. an unstable pool) found while validating.
    /// - Throws: ``ScenarioError`` for the first problem found.
    public static func load(
        path: String, overrides: [String] = []
    ) throws(ScenarioError) -> (scenario: Scenario, warnings: [ScenarioWarning]) {
        fatalError("TODO(helper-scenario)")
    }
}
