import AgentSim
import AgentSimCLI

/// A test fixture: the agentsim tool with one extra pattern, `planted_trap`, a pipeline whose
/// coordinator traps (a `preconditionFailure`, as a user's coordinator bug would) in about one seed
/// in three, so the chaos command's trap isolation can be tested end to end.
enum PlantedTrapPattern: PatternDefinition {
    static let name = "planted_trap"
    static let summary =
        "A pipeline that traps on its fifth finished task in about one seed in three (a test fixture)."
    static let parameters: [ParameterDeclaration] = []

    static func adapt(to scenario: Scenario) -> PatternAdaptation { .parameters(PatternParameters([:])) }

    static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> PlantedTrap
    {
        // The coordinator's own stream: the same draw for the same seed, in every process.
        PlantedTrap(armed: ctx.coordinatorRNG.next() % 3 == 0)
    }
}

/// The planted bug: a pipeline that, when armed, traps on the fifth task it sees finish.
struct PlantedTrap: Coordinator {
    var inner = Pipeline()
    let armed: Bool
    var finished = 0
    var name: String { "planted_trap" }

    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        inner.taskReady(task, from: agent, &ctx)
    }

    mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        inner.messageDelivered(message, &ctx)
    }

    mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        inner.discarded(event, &ctx)
    }

    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        finished += 1
        if armed && finished == 5 { preconditionFailure("planted trap: the fifth finished task") }
        inner.taskFinished(result, &ctx)
    }
}

AgentSimCommand.main(registering: [PlantedTrapPattern.self])
