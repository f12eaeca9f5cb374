import AgentSimKernel
import AgentSimMetrics
import AgentSimSpec

/// What a pattern file provides so that scenarios can name it, configure it and run it.
///
/// A new pattern is one file that declares its parameters and builds its coordinator, plus one line
/// in ``PatternRegistry/all``: the scenario layer decodes, checks and documents the parameters from
/// the declarations alone, and the runner specialises the engine for the concrete coordinator.
///
/// `Sendable` because a definition is a static description that replications read from whatever
/// thread runs them (``PatternRegistry/all`` is shared by all of them); definitions are caseless
/// enums, which are trivially `Sendable`.
public protocol PatternDefinition: Sendable {
    /// The coordinator the pattern runs.
    associatedtype PatternCoordinator: Coordinator
    /// The `type` in scenario files, e.g. `hub_and_spoke`.
    static var name: String { get }
    /// One line: what the pattern models.
    static var summary: String { get }
    /// The keys the pattern takes under `pattern`, besides `type`.
    static var parameters: [ParameterDeclaration] { get }
    /// Roles whose agents only coordinate; they are left out of the pools that serve steps.
    static func coordinatingRoles(_ parameters: PatternParameters) -> [String]
    /// Builds the coordinator for one run.
    static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> PatternCoordinator
    /// The parameters to run this pattern on `scenario`, as `agentsim compare` does: the scenario's
    /// own when it already uses this pattern; otherwise the declared defaults, with required
    /// parameters derived from the scenario's agents where the pattern knows how; or, when the
    /// pattern cannot apply, a one-line reason.
    static func adapt(to scenario: Scenario) -> PatternAdaptation
    /// The scenario `agentsim compare` runs this pattern on: ``adapt(to:)``'s parameters by
    /// default; patterns that need roles the scenario lacks derive them (``PatternFit``) and say
    /// what they assumed.
    static func fit(to scenario: Scenario) -> PatternFit
    /// A problem with `parameters` on `scenario` that the declared kinds cannot express (a routing
    /// table that does not parse, an executive that is also the manager), as one line; `nil` when
    /// there is none. Validation reports it under `pattern`, so `agentsim validate` catches it.
    static func problem(with parameters: PatternParameters, in scenario: Scenario) -> String?
    /// The LLM calls a coordinator role makes for every job under `parameters`, which validation
    /// adds to that role's offered load (an unstable-queue warning); `nil` when no role does.
    static func coordinatorCalls(_ parameters: PatternParameters) -> CoordinatorCalls?
    /// Runs one replication of `scenario` with this pattern. A requirement (with a default) rather
    /// than a free generic function, so that each pattern's witness is compiled for its concrete
    /// coordinator: opening the definition at run time then still runs a specialised engine.
    static func runReplication(_ scenario: Scenario, replication: Int) -> RunResult
}

/// How a pattern applies to a scenario it was not written for.
public enum PatternAdaptation: Sendable, Hashable {
    /// Run it with these parameters.
    case parameters(PatternParameters)
    /// It cannot apply, for this reason (one line).
    case inapplicable(String)
}

extension PatternDefinition {
    /// Default: no role only coordinates; every role serves the steps of its skills.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] { [] }

    /// Default: no problem beyond what the declared parameter kinds check.
    public static func problem(with parameters: PatternParameters, in scenario: Scenario) -> String? { nil }

    /// Default: no coordinator role makes calls of its own for every job.
    public static func coordinatorCalls(_ parameters: PatternParameters) -> CoordinatorCalls? { nil }

    /// Default: one run; with `warmup: "auto"`, when MSER-5 finds a warm-up to drop in that run's
    /// completions, the replication runs again with it.
    public static func runReplication(_ scenario: Scenario, replication: Int) -> RunResult {
        let (first, series) = runOnce(scenario, replication: replication)
        guard let series else { return first }
        return AutomaticWarmup.finish(first, series: series, scenario: scenario) {
            runOnce($0, replication: replication).result
        }
    }

    /// One run of `scenario`, and its completion series when the warm-up is automatic.
    static func runOnce(_ scenario: Scenario, replication: Int) -> (
        result: RunResult, series: CompletionSeries?
    ) {
        let run = runOnce(scenario, replication: replication) { _ in }
        return (run.result, run.series)
    }

    /// One run of `scenario`, `attach` given its context before the first event (the traced run
    /// of ``TracedRun`` attaches its recorder there): the one run recipe that plain and traced
    /// replications share, so a trace is always of the run the CSVs describe.
    /// - Returns: The result, the completion series, and the run's fleet and warm-up (for the trace).
    static func runOnce(
        _ scenario: Scenario, replication: Int, attach: (inout CoordinationContext) -> Void
    ) -> (result: RunResult, series: CompletionSeries?, fleet: Fleet, warmup: SimTime) {
        let seed = scenario.seed &+ UInt64(replication)
        let parameters = scenario.pattern.parameters
        let coordinating = coordinatingRoles(parameters)
        let fleet = Fleet(scenario: scenario, excludedRoles: Set(coordinating))
        var engine = Engine(scenario: scenario, seed: seed, fleet: fleet) { makeCoordinator(parameters, &$0) }
        attach(&engine.ctx)
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let result = engine.result(
            scenario: scenario.name, replication: replication, seed: seed, coordinatorRole: coordinating.first
        )
        return (result, engine.ctx.stats.completionSeries, engine.ctx.fleet, engine.ctx.stats.warmup)
    }

    /// The scenario's own parameters when it uses this pattern; else the defaults, or the list of
    /// required parameters the scenario does not give.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        let missing = parameters.filter { $0.defaultValue == nil }.map(\.name)
        if !missing.isEmpty {
            return .inapplicable(
                "needs " + missing.joined(separator: ", ") + ", which the scenario does not give")
        }
        return .parameters(PatternParameters().completed(with: parameters))
    }

    /// Roles none of whose skills any step needs: candidates to coordinate rather than work.
    public static func idleRoles(in scenario: Scenario) -> [String] {
        let needed = Set(scenario.workload.job.steps.map(\.skill))
        return scenario.agents.filter { needed.isDisjoint(with: $0.skills) }.map(\.name)
    }
}

/// Every built-in pattern, by name.
public enum PatternRegistry {
    /// The built-in patterns, in documentation order.
    public static let all: [any PatternDefinition.Type] = [
        PipelinePattern.self,
        HubAndSpokePattern.self,
        HierarchicalPattern.self,
        EventDrivenPattern.self,
        PeerToPeerPattern.self,
        MarketPattern.self,
        BlackboardPattern.self,
        StigmergyPattern.self,
        HandoffPattern.self,
        ConsensusPattern.self,
        HumanGatePattern.self,
        HybridPattern.self,
    ]

    /// The pattern called `name`, built in or registered (``register(_:)``), if there is one.
    public static func definition(named name: String) -> (any PatternDefinition.Type)? {
        all.first { $0.name == name } ?? registered.first { $0.name == name }
    }

    /// The names of every pattern: the built-in ones, then the registered ones.
    public static var names: [String] { available.map { $0.name } }
}

extension PatternSpec {
    /// A pattern by name, with `parameters` completed by the defaults of the registry's definition
    /// of it (the spec layer's ``init(name:parameters:completedWith:)`` with its declarations).
    public init(name: String, parameters: PatternParameters = PatternParameters()) {
        let declarations = PatternRegistry.definition(named: name)?.parameters ?? []
        self.init(name: name, parameters: parameters, completedWith: declarations)
    }

    /// The registered definition of the pattern.
    public var definition: any PatternDefinition.Type {
        guard let definition = PatternRegistry.definition(named: name) else {
            preconditionFailure("unknown pattern \(name) (decoding checks names)")
        }
        return definition
    }

    /// Roles whose agents only coordinate.
    public var coordinatingRoles: [String] { definition.coordinatingRoles(parameters) }
}
