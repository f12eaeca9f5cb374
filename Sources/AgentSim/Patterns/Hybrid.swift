import AgentSimSpec

/// Hybrid's entry in the pattern registry: real systems compose patterns by job stage, e.g.
/// event-driven intake, then hub-and-spoke teams, then a production pipeline.
public enum HybridPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "hybrid"
    /// What the pattern models, in one line.
    public static let summary =
        "Composes patterns by job stage: each step is coordinated by the pattern of its stage."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "stages", .stages, default: nil,
            help: "Step names (comma-separated, or \"*\" for the rest) mapped to patterns { \"type\": ... }.")
    ]

    /// Every stage's coordinating roles.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        var roles: [String] = []
        for stage in parameters.stages("stages") {
            for role in stage.pattern.coordinatingRoles where !roles.contains(role) { roles.append(role) }
        }
        return roles
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Hybrid
    {
        Hybrid(stages: parameters.stages("stages"), ctx: &ctx)
    }

    /// A hybrid's parameters are its stages: only a scenario written for it has them (``fit(to:)``
    /// derives stages from the job's steps for `compare`).
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        return .inapplicable("needs stages, which only a scenario written for it gives")
    }
}

extension PatternSpec {
    /// A hybrid of `stages`.
    public static func hybrid(_ stages: [StageAssignment]) -> PatternSpec {
        PatternSpec(name: HybridPattern.name, parameters: PatternParameters(["stages": .stages(stages)]))
    }
}

/// Coordinates each step with the pattern of its stage.
///
/// Task events go to the stage of the task's step; a job's arrival to the stage of its first
/// steps, and its completion (`allStepsDone`) to the stage of its last step. Calls, messages and
/// timers a stage creates carry the stage's number in the top bits of their tag
/// (``CoordinationContext/tagSpace``), so their results return to that stage. Handoffs between
/// stages are the successor stage's business: it hears `taskReady` from the agent that finished the
/// last input, as a single pattern would.
public struct Hybrid: Coordinator {
    /// The stage coordinators, in declaration order (at most 255).
    var parts: [any Coordinator]
    /// The stage of each step.
    let stageOfStep: [Int]
    let arrivalStage: Int
    let completionStage: Int

    /// Builds every stage's coordinator over `ctx`.
    public init(stages: [StageAssignment], ctx: inout CoordinationContext) {
        precondition(!stages.isEmpty && stages.count < 256, "a hybrid has 1...255 stages")
        parts = []
        for (i, stage) in stages.enumerated() {
            ctx.tagSpace = UInt32(i)
            parts.append(Self.make(stage.pattern.definition, stage.pattern.parameters, &ctx))
        }
        ctx.tagSpace = 0
        let names = ctx.graph.steps.map(\.name)
        let fallback = stages.firstIndex { $0.steps.contains("*") }
        stageOfStep = names.map { name in
            stages.firstIndex { $0.steps.contains(name) } ?? fallback ?? 0
        }
        arrivalStage = stageOfStep[Int(ctx.graph.roots.first ?? 0)]
        completionStage = stageOfStep[names.count - 1]
    }

    private static func make<P: PatternDefinition>(
        _ pattern: P.Type, _ parameters: PatternParameters, _ ctx: inout CoordinationContext
    ) -> any Coordinator {
        P.makeCoordinator(parameters, &ctx)
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "hybrid" }

    /// Runs `body` on stage `i` with its tag space set.
    private mutating func on(
        _ i: Int, _ ctx: inout CoordinationContext,
        _ body: (inout any Coordinator, inout CoordinationContext) -> Void
    ) {
        let saved = ctx.tagSpace
        ctx.tagSpace = UInt32(i)
        body(&parts[i], &ctx)
        ctx.tagSpace = saved
    }

    private static func stage(ofTag tag: UInt32) -> Int { Int(CoordinatorTag.space.value(in: tag)) }
    private static func local(_ tag: UInt32) -> UInt32 { CoordinatorTag.local.value(in: tag) }

    private static func local(_ m: Message) -> Message {
        m.retagged(local(m.tag))
    }

    private static func local(_ c: CoordinationCall) -> CoordinationCall {
        CoordinationCall(job: c.job, agent: c.agent, tag: local(c.tag), task: c.task)
    }

    /// Goes to the stage of the job's first root step, which owns arrivals.
    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        on(arrivalStage, &ctx) { $0.jobArrived(job, &$1) }
    }

    /// Goes to the stage that owns the task's step.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        on(stageOfStep[Int(task.step)], &ctx) { $0.taskReady(task, from: agent, &$1) }
    }

    /// Goes to the stage that owns the finished task's step.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        on(stageOfStep[Int(result.task.step)], &ctx) { $0.taskFinished(result, &$1) }
    }

    /// Goes to the stage that owns the refused task's step.
    public mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        on(stageOfStep[Int(task.step)], &ctx) { $0.taskRejected(task, &$1) }
    }

    /// Goes to the stage that owns the failed task's step.
    public mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
        on(stageOfStep[Int(task.step)], &ctx) { $0.taskFailed(task, reason: reason, &$1) }
    }

    /// Goes to the stage named by the call tag's top 8 bits, with the stage's own tag restored.
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        on(Self.stage(ofTag: call.tag), &ctx) { $0.coordinationFinished(Self.local(call), &$1) }
    }

    /// Goes to the stage named by the call tag's top 8 bits, with the stage's own tag restored.
    public mutating func coordinationFailed(
        _ call: CoordinationCall, reason: TaskFailure, _ ctx: inout CoordinationContext
    ) {
        on(Self.stage(ofTag: call.tag), &ctx) { $0.coordinationFailed(Self.local(call), reason: reason, &$1) }
    }

    /// Goes to the stage named by the message tag's top 8 bits, with the stage's own tag restored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        on(Self.stage(ofTag: message.tag), &ctx) { $0.messageDelivered(Self.local(message), &$1) }
    }

    /// Goes to the stage named by the timer tag's top 8 bits, with the stage's own tag restored.
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        on(Self.stage(ofTag: tag), &ctx) { $0.timerFired(tag: Self.local(tag), task: task, &$1) }
    }

    /// Goes to the stage of the job's last step, which owns completion.
    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        on(completionStage, &ctx) { $0.allStepsDone(job, by: agent, &$1) }
    }

    /// Every stage may keep state for the job (its own steps' tasks), so every stage hears it end,
    /// in stage order.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {
        for i in parts.indices { on(i, &ctx) { $0.jobEnded(job, &$1) } }
    }

    /// Goes to the stage the late event belongs to (by step or by tag), so it can give back what it holds.
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        let stage: Int
        var local = event
        switch event {
        case .taskReady(let task, _), .taskRejected(let task): stage = stageOfStep[Int(task.step)]
        case .taskFinished(let result): stage = stageOfStep[Int(result.task.step)]
        case .coordinationFinished(let call):
            stage = Self.stage(ofTag: call.tag)
            local = .coordinationFinished(Self.local(call))
        case .messageDelivered(let message):
            stage = Self.stage(ofTag: message.tag)
            local = .messageDelivered(Self.local(message))
        case .timerFired(let tag, let task):
            stage = Self.stage(ofTag: tag)
            local = .timerFired(tag: Self.local(tag), task: task)
        case .allStepsDone: stage = completionStage
        case .taskFailed(let task, _): stage = stageOfStep[Int(task.step)]
        case .coordinationFailed(let call, let reason):
            stage = Self.stage(ofTag: call.tag)
            local = .coordinationFailed(Self.local(call), reason)
        }
        on(stage, &ctx) { $0.discarded(local, &$1) }
    }
}
