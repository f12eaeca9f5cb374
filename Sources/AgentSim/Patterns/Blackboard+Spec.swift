import AgentSimDistributions
import AgentSimKernel
import AgentSimSpec

/// The blackboard (swarm) pattern: contributors solve each task in rounds on a shared board.
///
/// Each step copy is solved on the board. A contribution reads the board (a board access, then a
/// read call: a coordination LLM call whose input is the job's board so far), works on the task (a
/// work call), and writes its result (a write call, then a board access that puts its output on
/// the board). The board is a resource: at most `board_capacity` accesses at once, each taking an
/// `access_time` draw, the rest waiting in FIFO order. Rounds repeat until the termination rule or
/// `max_rounds` stops them; the board's answer is the majority of the last round's contributions.
/// No messages, except one vote per contributor per round under `termination: vote`.
///
/// Per step copy, with R rounds and c contributions per round (the step's n contributors under
/// `parallel_merge`, 1 otherwise): R·c work calls, 2·R·c board accesses, 2·R·c coordination calls
/// (fewer with a `read` or `write` of null), and R·n messages under `vote` (else 0).
public enum BlackboardPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "blackboard"
    /// What the pattern models, in one line.
    public static let summary =
        "Contributors solve each task in rounds on a shared board (a resource); reads and writes cost tokens."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "contributors", .roles, default: .strings([]),
            help:
                "Roles that contribute (default: every role); a step's contributors are those with its skill."
        ),
        ParameterDeclaration(
            "order", .choice(BoardOrder.allCases.map(\.rawValue)), default: .string("parallel_merge"),
            help: "Who contributes in a round: all at once, one in turn, or one refining alone."),
        ParameterDeclaration(
            "termination", .choice(BoardTermination.allCases.map(\.rawValue)),
            default: .string("no_new_contributions"),
            help: "When a task's rounds stop (max_rounds always does)."),
        ParameterDeclaration(
            "max_rounds", .count(minimum: 1), default: .int(5), help: "Rounds at most, per task."),
        ParameterDeclaration(
            "time_box", .duration, default: .duration(.seconds(60)),
            help: "With termination time_box: no round starts after this long on a task."),
        ParameterDeclaration(
            "quality_threshold", .probability, default: .number(0.8),
            help:
                "With termination quality_threshold: stop when this share of a round's contributions is right."
        ),
        ParameterDeclaration(
            "board_capacity", .count(minimum: 1), default: .int(1),
            help: "Reads and writes the board serves at once; more wait in FIFO order (contention)."),
        ParameterDeclaration(
            "access_time", .durationDistribution, default: .distribution(.constant(0.05)),
            help: "How long one read or write holds a board slot."),
        ParameterDeclaration(
            "read", .callSize, default: .callSize(BlackboardSpec.defaultRead),
            help:
                "A contributor's read of the board; the job's board so far is added to its input (null: none)."
        ),
        ParameterDeclaration(
            "write", .callSize, default: .callSize(BlackboardSpec.defaultWrite),
            help: "The call that writes a contribution; its output goes on the board (null: none)."),
    ]

    /// On a scenario written for another pattern: contributors take turns (`round_robin`) and the
    /// board serves a whole team at once (capacity: the most agents any step's skill has), so the
    /// comparison shows what rounds cost rather than a contention the scenario never asked for.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        var team = 1
        for step in scenario.workload.job.steps {
            let agents = scenario.agents.filter { $0.skills.contains(step.skill) }.map(\.count).reduce(0, +)
            team = max(team, agents)
        }
        return .parameters(BlackboardSpec(order: .roundRobin, boardCapacity: team).parameters)
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Blackboard
    {
        Blackboard(spec: BlackboardSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Who contributes in a blackboard round.
public enum BoardOrder: String, Sendable, Hashable, CaseIterable {
    /// One contribution per round, the contributors taking turns.
    case roundRobin = "round_robin"
    /// Every contributor contributes each round, in parallel; the round ends when all have written.
    case parallelMerge = "parallel_merge"
    /// One contributor, the least loaded when the task starts, refines the board every round.
    case iterative
}

/// When a blackboard task's rounds stop (besides `max_rounds`).
public enum BoardTermination: String, Sendable, Hashable, CaseIterable {
    /// No round starts once the task has been on the board for `time_box`.
    case timeBox = "time_box"
    /// A round leaves the board's answer as it was: nothing new was contributed.
    case noNewContributions = "no_new_contributions"
    /// At least `quality_threshold` of the round's contributions are right (the board's own quality
    /// estimate, taken as exact: an optimistic bound).
    case qualityThreshold = "quality_threshold"
    /// Every contributor sends a vote (one message); stop on a strict majority of stop votes. A
    /// contributor votes stop when it judges the board's answer right, judging correctly with its
    /// role's accuracy.
    case vote
}

/// Parameters of the blackboard pattern.
public struct BlackboardSpec: Sendable, Hashable {
    /// Roles that contribute; empty: every role. A step's contributors are the contributing agents
    /// with its skill (all agents with the skill if no contributing role has it).
    public var contributors: [String]
    /// Who contributes in a round.
    public var order: BoardOrder
    /// When rounds stop, besides ``maxRounds``.
    public var termination: BoardTermination
    /// Rounds at most, per task.
    public var maxRounds: Int
    /// With ``BoardTermination/timeBox``: no round starts after this long on a task.
    public var timeBox: SimDuration
    /// With ``BoardTermination/qualityThreshold``: the share of right contributions that stops.
    public var qualityThreshold: Double
    /// Reads and writes served at once.
    public var boardCapacity: Int
    /// How long one read or write holds a board slot, in seconds.
    public var accessTime: Distribution
    /// The read call after a read access (its input grows by the job's board so far); `nil`: none.
    public var read: CallSpec?
    /// The write call before a write access (its output is added to the board); `nil`: none.
    public var write: CallSpec?

    /// Creates blackboard parameters; the defaults are documented in Patterns.md.
    public init(
        contributors: [String] = [], order: BoardOrder = .parallelMerge,
        termination: BoardTermination = .noNewContributions, maxRounds: Int = 5,
        timeBox: SimDuration = .seconds(60), qualityThreshold: Double = 0.8, boardCapacity: Int = 1,
        accessTime: Distribution = .constant(0.05), read: CallSpec? = BlackboardSpec.defaultRead,
        write: CallSpec? = BlackboardSpec.defaultWrite
    ) {
        self.contributors = contributors
        self.order = order
        self.termination = termination
        self.maxRounds = maxRounds
        self.timeBox = timeBox
        self.qualityThreshold = qualityThreshold
        self.boardCapacity = boardCapacity
        self.accessTime = accessTime
        self.read = read
        self.write = write
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            contributors: p.strings("contributors"),
            order: BoardOrder(rawValue: p.string("order")) ?? .parallelMerge,
            termination: BoardTermination(rawValue: p.string("termination")) ?? .noNewContributions,
            maxRounds: p.int("max_rounds"), timeBox: p.duration("time_box"),
            qualityThreshold: p.number("quality_threshold"), boardCapacity: p.int("board_capacity"),
            accessTime: p.distribution("access_time"), read: p.callSize("read"), write: p.callSize("write"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "contributors": .strings(contributors), "order": .string(order.rawValue),
            "termination": .string(termination.rawValue), "max_rounds": .int(maxRounds),
            "time_box": .duration(timeBox), "quality_threshold": .number(qualityThreshold),
            "board_capacity": .int(boardCapacity), "access_time": .distribution(accessTime),
            "read": .callSize(read), "write": .callSize(write),
        ])
    }

    /// 400 tokens in (instructions, then the board), 50 out (notes on what to add).
    public static let defaultRead = CallSpec(tokensIn: .constant(400), tokensOut: .constant(50))
    /// 300 tokens in (the contribution and where it goes), 150 out (what is written on the board).
    public static let defaultWrite = CallSpec(tokensIn: .constant(300), tokensOut: .constant(150))
}

extension PatternSpec {
    /// The blackboard pattern with `spec`.
    public static func blackboard(_ spec: BlackboardSpec = BlackboardSpec()) -> PatternSpec {
        PatternSpec(name: BlackboardPattern.name, parameters: spec.parameters)
    }
}
