/// The coordination pattern of a scenario and its parameters.
///
/// A value of the spec layer: it names its pattern and holds the decoded parameters, and knows
/// nothing of the pattern definitions. `PatternSpec(name:parameters:)` (Patterns/) completes the
/// parameters from the registry; ``definition`` and ``coordinatingRoles`` look the pattern up there.
public struct PatternSpec: Sendable, Hashable {
    /// The pattern's name: the `type` in scenario files.
    public var name: String
    /// Its parameters, defaults filled in.
    public var parameters: PatternParameters

    /// A pattern by name, with `parameters` completed by the defaults of `declarations` (the
    /// pattern's, from a ``PatternVocabulary``).
    public init(
        name: String, parameters: PatternParameters, completedWith declarations: [ParameterDeclaration]
    ) {
        self.name = name
        self.parameters = parameters.completed(with: declarations)
    }
}

/// Parameters of the pipeline pattern.
public struct PipelineSpec: Sendable, Hashable {
    /// The pipeline's name in scenario files: the pattern of a scenario that names none.
    public static let patternName = "pipeline"

    /// True (default): a full downstream queue blocks the upstream agent, which holds its result and
    /// its slot until there is room (blocking after service). False: the handoff is rejected and the
    /// job fails.
    public var blocking: Bool
    /// Creates pipeline parameters.
    public init(blocking: Bool = true) { self.blocking = blocking }
    /// Reads them from decoded scenario parameters.
    public init(parameters: PatternParameters) { blocking = parameters.bool("blocking") }
    /// The scenario parameters they stand for.
    public var parameters: PatternParameters { PatternParameters(["blocking": .bool(blocking)]) }
}

extension PatternSpec {
    /// The pipeline pattern with `spec`: its one parameter is given, so no default is needed.
    public static func pipeline(_ spec: PipelineSpec = PipelineSpec()) -> PatternSpec {
        PatternSpec(name: PipelineSpec.patternName, parameters: spec.parameters, completedWith: [])
    }
}
