/// The patterns a scenario may name, as the spec layer needs them: each one's name, parameter
/// declarations and checks, with no definition or coordinator behind them.
///
/// Decoding and validation are given a vocabulary instead of looking up the pattern registry, so
/// the spec layer depends on no pattern; `PatternRegistry.vocabulary` (Patterns/) builds the one
/// every convenience entry point (``ScenarioLoader/load(path:overrides:)``, ``Scenario/validate(file:)``)
/// passes.
public struct PatternVocabulary: Sendable {
    /// One pattern.
    public struct Entry: Sendable {
        /// The `type` in scenario files.
        public var name: String
        /// The keys it takes under `pattern`, besides `type`.
        public var parameters: [ParameterDeclaration]
        /// Roles whose agents only coordinate under these parameters (they serve no steps).
        public var coordinatingRoles: @Sendable (PatternParameters) -> [String]
        /// A problem the declared kinds cannot express, as one line (`nil`: none).
        public var problem: @Sendable (PatternParameters, Scenario) -> String?
        /// The calls a coordinator role makes for every job, for the offered-load warning (`nil`:
        /// the pattern has no such role).
        public var coordinatorCalls: @Sendable (PatternParameters) -> CoordinatorCalls?

        /// Describes a pattern.
        public init(
            name: String, parameters: [ParameterDeclaration],
            coordinatingRoles: @escaping @Sendable (PatternParameters) -> [String],
            problem: @escaping @Sendable (PatternParameters, Scenario) -> String?,
            coordinatorCalls: @escaping @Sendable (PatternParameters) -> CoordinatorCalls? = { _ in nil }
        ) {
            self.name = name
            self.parameters = parameters
            self.coordinatingRoles = coordinatingRoles
            self.problem = problem
            self.coordinatorCalls = coordinatorCalls
        }
    }

    /// The patterns, in the order error messages list them.
    public var patterns: [Entry]

    /// A vocabulary of `patterns` (names unique).
    public init(_ patterns: [Entry]) { self.patterns = patterns }

    /// Every pattern's name, in order.
    public var names: [String] { patterns.map(\.name) }

    /// The pattern called `name`, if there is one.
    public func pattern(named name: String) -> Entry? { patterns.first { $0.name == name } }
}

/// The LLM calls one coordinator role makes for every job under a pattern's parameters: what the
/// offered-load warning adds up for that role (a hub-and-spoke's coordinator, for instance).
public struct CoordinatorCalls: Sendable, Hashable {
    /// The role that makes them.
    public var role: String
    /// The calls made once per job (`nil`: a call turned off).
    public var perJob: [CallSpec?]
    /// The calls made once per step copy.
    public var perStepCopy: [CallSpec?]
    /// The calls in words, as the warning names them (`plan, route and synthesize calls`).
    public var what: String

    /// Describes a coordinator's calls.
    public init(role: String, perJob: [CallSpec?], perStepCopy: [CallSpec?], what: String) {
        self.role = role
        self.perJob = perJob
        self.perStepCopy = perStepCopy
        self.what = what
    }
}
