import AgentSimSpec

/// The hierarchical pattern: an executive plans each job and hands it to one team; every step copy
/// goes down a chain of managers to a worker and its result comes back up the same chain, each
/// manager spending an LLM call on the way down (delegate) and on the way up (aggregate).
///
/// Workers (the agents of every role other than the executive and manager roles that serve a
/// step) are split into teams of `span` in agent index order. With `levels` L, team managers are
/// level 1 and every `span` managers of a level report to one manager of the level above, up to
/// level L, whose managers report to the executive. A job's home team is chosen round-robin by
/// arrival; a step whose skill the home team lacks is escalated: its manager asks the executive,
/// which names a team that has the skill, and the step crosses to that team's manager laterally.
///
/// Its known failure modes: every level adds two calls and two messages to every step copy, so
/// latency grows with levels; and the executive plans and synthesises every job and resolves
/// every escalation, so at high load its utilisation reaches 1 and caps throughput.
/// The hierarchical pattern's entry in the pattern registry: its scenario parameters and its
/// coordinator.
public enum HierarchicalPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "hierarchical"
    /// What the pattern models, in one line.
    public static let summary =
        "An executive plans each job for one team; steps go down a chain of managers to workers and back up."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "executive", .role, default: nil, help: "The role at the top: plans and synthesises."),
        ParameterDeclaration(
            "manager", .role, default: nil, help: "The role whose agents manage teams (every level)."),
        ParameterDeclaration(
            "span", .count(minimum: 0), default: .int(0),
            help:
                "Workers per team and managers per upper manager (0: the smallest the manager role can staff)."
        ),
        ParameterDeclaration(
            "levels", .count(minimum: 1), default: .int(1),
            help:
                "Manager levels between the executive and the workers (at most \(HierarchicalSpec.maxLevels))."
        ),
        ParameterDeclaration(
            "plan", .callSize, default: .callSize(HierarchicalSpec.defaultPlan),
            help: "The executive's call once per job when it arrives (null: none)."),
        ParameterDeclaration(
            "delegate", .callSize, default: .callSize(HierarchicalSpec.defaultDelegate),
            help: "A manager's call on each step copy going down (null: none)."),
        ParameterDeclaration(
            "aggregate", .callSize, default: .callSize(HierarchicalSpec.defaultAggregate),
            help: "A manager's call on each step copy's result going up (null: none)."),
        ParameterDeclaration(
            "escalate", .callSize, default: .callSize(HierarchicalSpec.defaultEscalate),
            help: "The executive's call that finds a team for an escalated step copy (null: none)."),
        ParameterDeclaration(
            "synthesize", .callSize, default: .callSize(HierarchicalSpec.defaultSynthesize),
            help: "The executive's call that assembles the answer (null: none)."),
    ]

    /// The executive first, so that its utilisation is the one reported as the coordinator's.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        [parameters.string("executive"), parameters.string("manager")]
    }

    /// An impossible shape (the executive is also the manager, too many levels, ...).
    public static func problem(with parameters: PatternParameters, in scenario: Scenario) -> String? {
        HierarchicalSpec(parameters: parameters).problem
    }

    /// On a scenario written for another pattern, the first two roles that serve no step are the
    /// executive and the managers; without two such roles the pattern cannot apply.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name {
            let spec = HierarchicalSpec(parameters: scenario.pattern.parameters)
            if let problem = spec.problem { return .inapplicable(problem) }
            return .parameters(scenario.pattern.parameters)
        }
        let idle = idleRoles(in: scenario)
        guard idle.count >= 2 else {
            return .inapplicable("needs two roles that serve no step: an executive and managers")
        }
        return .parameters(HierarchicalSpec(executive: idle[0], manager: idle[1]).parameters)
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(
        _ parameters: PatternParameters, _ ctx: inout CoordinationContext
    ) -> Hierarchical {
        Hierarchical(spec: HierarchicalSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the hierarchical pattern.
public struct HierarchicalSpec: Sendable, Hashable {
    /// The role at the top: plans each job, resolves escalations, synthesises the answer.
    public var executive: String
    /// The role whose agents manage, at every level.
    public var manager: String
    /// Workers per team, and managers per manager of the level above; 0: the smallest span whose
    /// tree needs no more managers than the manager role has.
    public var span: Int
    /// Manager levels between the executive and the workers (1...``maxLevels``).
    public var levels: Int
    /// The executive's planning call when a job arrives (`nil`: none).
    public var plan: CallSpec?
    /// A manager's call on each step copy going down (`nil`: none).
    public var delegate: CallSpec?
    /// A manager's call on each result going up (`nil`: none).
    public var aggregate: CallSpec?
    /// The executive's call that finds a team for an escalated step copy (`nil`: none).
    public var escalate: CallSpec?
    /// The executive's call that assembles the answer (`nil`: none).
    public var synthesize: CallSpec?

    /// The most manager levels a hierarchy may have: beyond it, jobs fail with the reason.
    public static let maxLevels = 64

    /// Creates hierarchical parameters; the defaults are documented in Patterns.md.
    public init(
        executive: String, manager: String, span: Int = 0, levels: Int = 1,
        plan: CallSpec? = HierarchicalSpec.defaultPlan,
        delegate: CallSpec? = HierarchicalSpec.defaultDelegate,
        aggregate: CallSpec? = HierarchicalSpec.defaultAggregate,
        escalate: CallSpec? = HierarchicalSpec.defaultEscalate,
        synthesize: CallSpec? = HierarchicalSpec.defaultSynthesize
    ) {
        self.executive = executive
        self.manager = manager
        self.span = span
        self.levels = levels
        self.plan = plan
        self.delegate = delegate
        self.aggregate = aggregate
        self.escalate = escalate
        self.synthesize = synthesize
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            executive: p.string("executive"), manager: p.string("manager"), span: p.int("span"),
            levels: p.int("levels"), plan: p.callSize("plan"), delegate: p.callSize("delegate"),
            aggregate: p.callSize("aggregate"), escalate: p.callSize("escalate"),
            synthesize: p.callSize("synthesize"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "executive": .string(executive), "manager": .string(manager), "span": .int(span),
            "levels": .int(levels), "plan": .callSize(plan), "delegate": .callSize(delegate),
            "aggregate": .callSize(aggregate), "escalate": .callSize(escalate),
            "synthesize": .callSize(synthesize),
        ])
    }

    /// Why these parameters cannot run (every job then fails with it), or `nil`.
    public var problem: String? {
        if executive == manager {
            return "hierarchical: the executive and the manager must be different roles"
        }
        if levels < 1 || levels > Self.maxLevels {
            return "hierarchical: levels must be from 1 to \(Self.maxLevels), found \(levels)"
        }
        return nil
    }

    /// 1,500 tokens in (task + team roster), 300 out (a plan).
    public static let defaultPlan = CallSpec(tokensIn: .constant(1500), tokensOut: .constant(300))
    /// 800 tokens in (an instruction), 50 out (whom it goes to).
    public static let defaultDelegate = CallSpec(tokensIn: .constant(800), tokensOut: .constant(50))
    /// 1,000 tokens in (a result), 100 out (a summary for the level above).
    public static let defaultAggregate = CallSpec(tokensIn: .constant(1000), tokensOut: .constant(100))
    /// 800 tokens in (the step and the teams), 50 out (the team that takes it).
    public static let defaultEscalate = CallSpec(tokensIn: .constant(800), tokensOut: .constant(50))
    /// 2,000 tokens in (all results), 500 out (the answer).
    public static let defaultSynthesize = CallSpec(tokensIn: .constant(2000), tokensOut: .constant(500))
}

extension PatternSpec {
    /// The hierarchical pattern with `spec`.
    public static func hierarchical(_ spec: HierarchicalSpec) -> PatternSpec {
        PatternSpec(name: HierarchicalPattern.name, parameters: spec.parameters)
    }
}
