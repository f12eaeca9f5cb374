import AgentSimSpec

/// The registry as the spec layer sees it, and the entry points that decode and validate against
/// it: `ScenarioLoader` and `Scenario.validate` as callers have always used them.
extension PatternRegistry {
    /// Every available pattern (built in, then registered), as decoding and validation need it.
    public static var vocabulary: PatternVocabulary {
        PatternVocabulary(
            available.map { definition in
                PatternVocabulary.Entry(
                    name: definition.name, parameters: definition.parameters,
                    coordinatingRoles: { definition.coordinatingRoles($0) },
                    problem: { definition.problem(with: $0, in: $1) },
                    coordinatorCalls: { definition.coordinatorCalls($0) })
            })
    }
}

extension ScenarioLoader {
    /// Loads the scenario at `path`, applies `overrides` (`PATH=VALUE`, as given to `--set`), and
    /// validates it against every available pattern
    /// (``load(path:overrides:patterns:)`` with ``PatternRegistry/vocabulary``).
    ///
    /// - Parameters:
    ///   - path: The scenario file; relative file references inside it resolve against its folder.
    ///   - overrides: `--set` assignments, applied in order before decoding.
    /// - Returns: The scenario (its ``Scenario/source`` the path and `overrides`) and the warnings
    ///   (e.g. an unstable pool) found while validating.
    /// - Throws: ``ScenarioError`` for the first problem found.
    public static func load(
        path: String, overrides: [String] = []
    ) throws(ScenarioError) -> (scenario: Scenario, warnings: [ScenarioWarning]) {
        try load(path: path, overrides: overrides, patterns: PatternRegistry.vocabulary)
    }

    /// Loads a scenario from JSON text: parses it, applies `overrides`, decodes and validates it
    /// against every available pattern.
    ///
    /// - Parameters:
    ///   - json: The scenario document.
    ///   - file: The name errors and warnings carry (usually the path it was read from).
    ///   - baseDirectory: The folder relative data-file paths resolve against.
    ///   - overrides: `--set` assignments (`PATH=VALUE`), applied in order before decoding.
    /// - Returns: The scenario and the warnings found while validating.
    /// - Throws: ``ScenarioError`` for the first problem found.
    public static func load(
        json: String, file: String, baseDirectory: String, overrides: [String] = []
    ) throws(ScenarioError) -> (scenario: Scenario, warnings: [ScenarioWarning]) {
        try load(
            json: json, file: file, baseDirectory: baseDirectory, overrides: overrides,
            patterns: PatternRegistry.vocabulary)
    }

    /// Parse, override, decode and check references against every available pattern.
    static func decode(
        json: String, file: String, baseDirectory: String, overrides: [String] = []
    ) throws(ScenarioError) -> (Scenario, SourceMap) {
        try decode(
            json: json, file: file, baseDirectory: baseDirectory, overrides: overrides,
            patterns: PatternRegistry.vocabulary)
    }

    /// A located error about the value at `path` of the scenario file `file` (after `overrides`),
    /// found by decoding the file again against every available pattern (see
    /// ``error(at:inScenarioFile:overrides:message:allowed:patterns:)``).
    public static func error(
        at path: String, inScenarioFile file: String, overrides: [String] = [], message: String,
        allowed: String = ""
    ) -> ScenarioError {
        error(
            at: path, inScenarioFile: file, overrides: overrides, message: message, allowed: allowed,
            patterns: PatternRegistry.vocabulary)
    }
}

extension Scenario {
    /// Checks what decoding one value at a time cannot, against every available pattern
    /// (``validate(file:patterns:)`` with ``PatternRegistry/vocabulary``).
    ///
    /// ``ScenarioLoader`` calls this on every file; call it yourself on a scenario built in code.
    ///
    /// - Parameter file: The name errors and warnings carry.
    /// - Returns: The warnings (see ``ScenarioWarning``).
    /// - Throws: ``ScenarioError`` for the first problem found.
    public func validate(file: String = "") throws(ScenarioError) -> [ScenarioWarning] {
        try validate(file: file, patterns: PatternRegistry.vocabulary)
    }
}
