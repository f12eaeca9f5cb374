import AgentSimSpec

/// The stigmergy pattern: no messages and no coordinator; agents pick work from the environment by
/// its marks (pheromones).
///
/// Every pending task lies in the environment with a mark. An agent that finishes a step deposits
/// `deposit` on each step after it; a task that enters from outside (a job's first steps, or a step
/// another stage of a hybrid made ready) carries one deposit. Marks evaporate exponentially, by a
/// factor e^(−evaporation·t) over t seconds. An idle agent takes the highest-marked task it can
/// serve (ties: the task that entered first); when a task enters, the agent idle longest among
/// those that can serve it looks.
///
/// The only coordination is reading and writing the environment: a pick costs `read_cost` reads
/// (sensing the marks) and `write_cost` writes (claiming the task); a deposit costs `write_cost`
/// writes. Per job: reads = read_cost · C, writes = write_cost · (C + R + Σ_s K_s·D_s), with C the
/// job's tasks, R its first steps, K_s the copies of step s and D_s the steps after it. Messages and
/// coordination calls: 0. The counts are in ``Stigmergy/counters``, not in summary.csv.
public enum StigmergyPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "stigmergy"
    /// What the pattern models, in one line.
    public static let summary =
        "No messages: idle agents take the highest-marked task; finishing a step marks the next ones."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "evaporation", .number(minimum: 0), default: .number(0.1),
            help: "Rate at which marks fade, per second (a mark keeps e^(-rate·t) of itself after t s)."),
        ParameterDeclaration(
            "deposit", .number(minimum: 0), default: .number(1),
            help: "Mark an agent that finishes a step leaves on each step after it."),
        ParameterDeclaration(
            "read_cost", .count(minimum: 0), default: .int(1),
            help: "Environment reads an agent makes to pick a task (sensing the marks)."),
        ParameterDeclaration(
            "write_cost", .count(minimum: 0), default: .int(1),
            help: "Environment writes per deposit and per claimed task."),
    ]

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Stigmergy
    {
        Stigmergy(spec: StigmergySpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the stigmergy pattern.
public struct StigmergySpec: Sendable, Hashable {
    /// Evaporation rate per second: a mark keeps e^(−rate·t) of itself after t seconds.
    public var evaporation: Double
    /// The mark left on each next step by an agent that finishes a step.
    public var deposit: Double
    /// Environment reads per pick.
    public var readCost: Int
    /// Environment writes per deposit and per claim.
    public var writeCost: Int

    /// Creates stigmergy parameters; the defaults are documented in Patterns.md.
    public init(evaporation: Double = 0.1, deposit: Double = 1, readCost: Int = 1, writeCost: Int = 1) {
        self.evaporation = evaporation
        self.deposit = deposit
        self.readCost = readCost
        self.writeCost = writeCost
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            evaporation: p.number("evaporation"), deposit: p.number("deposit"), readCost: p.int("read_cost"),
            writeCost: p.int("write_cost"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "evaporation": .number(evaporation), "deposit": .number(deposit), "read_cost": .int(readCost),
            "write_cost": .int(writeCost),
        ])
    }
}

extension PatternSpec {
    /// The stigmergy pattern with `spec`.
    public static func stigmergy(_ spec: StigmergySpec = StigmergySpec()) -> PatternSpec {
        PatternSpec(name: StigmergyPattern.name, parameters: spec.parameters)
    }
}

/// What the environment saw in a stigmergy run: read it from ``Stigmergy/counters``.
public struct EnvironmentCounters: Sendable, Hashable {
    /// Environment reads (`read_cost` per pick).
    public var reads = 0
    /// Environment writes (`write_cost` per deposit and per claim).
    public var writes = 0
    /// Deposits made.
    public var deposits = 0
    /// Tasks picked.
    public var picks = 0
}

/// One pick, for tests and traces: which job (by arrival number), which task, which agent.
public struct PheromonePick: Sendable, Hashable {
    /// The job's arrival number (0 for the first job of the run).
    public var serial: UInt64
    /// The step picked.
    public var step: UInt16
    /// The copy of the step picked.
    public var copy: UInt16
    /// The agent that picked it.
    public var agent: AgentID
}
