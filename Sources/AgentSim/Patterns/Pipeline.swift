import AgentSimSpec

/// The sequential pipeline: each step is a stage served by the pool of agents with its skill; a
/// finished step hands its output to the next stage directly, agent to agent.
///
/// Coordination is cheap: no coordinator LLM calls, one message per handoff. Bounded stage queues
/// give backpressure: with `blocking` (the default) an agent whose downstream queue is full keeps
/// its result and its slot until there is room (blocking after service), so a slow stage stalls
/// the stages before it; without it, the handoff is rejected and the job fails.
/// The pipeline's entry in the pattern registry: its scenario parameters and its coordinator.
public enum PipelinePattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = PipelineSpec.patternName
    /// What the pattern models, in one line.
    public static let summary =
        "Stages in DAG order, each the pool of agents with the step's skill; agents hand off directly."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "blocking", .bool, default: .bool(true),
            help:
                "true: a full downstream queue blocks the sender, which keeps its slot; false: the job fails."
        )
    ]

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Pipeline
    {
        Pipeline(spec: PipelineSpec(parameters: parameters))
    }
}

/// The pipeline's coordinator: no supervisor. A job's first steps go to their skill's pool; after
/// that each finished stage hands the next step to the next pool with one message, keeping a slot
/// until the handoff lands (blocking, or failing the job on a full queue when not `blocking`).
public struct Pipeline: Coordinator {
    /// The pattern's parameters.
    public var spec: PipelineSpec

    /// Per handed-off task copy: the sender that keeps a slot for it until the next stage takes it
    /// or its job ends, whichever is first (a handoff lost with no retransmission would otherwise
    /// hold the slot for ever, and with it the sender's capacity).
    var holders = TaskStateByJob<AgentID>()

    /// Message tag of a stage-to-stage handoff.
    public static let handoffTag: UInt32 = 1

    /// Creates the pattern.
    public init(spec: PipelineSpec = PipelineSpec()) { self.spec = spec }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "pipeline" }

    /// A first step goes straight to its pool; a later one is handed off: the finishing agent holds
    /// a slot and sends the handoff message.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        guard agent != .none else {
            // A job's first stage: the job comes from outside, no agent to hold or message.
            ctx.submit(task, to: ctx.pool(of: task))
            return
        }
        // The sender keeps a slot until the next stage has taken the task (released on delivery).
        ctx.hold(agent)
        holders[task] = agent
        ctx.send(Message(from: agent, to: .none, tag: Self.handoffTag, task: task))
    }

    /// A handoff arrived: the task enters its pool (blocking the sender when full, if `blocking`),
    /// and the sender's held slot is given back. A network duplicate is ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        let pool = ctx.pool(of: message.task)
        if spec.blocking {
            ctx.submitBlocking(message.task, to: pool, holding: message.from)
        } else {
            ctx.submit(message.task, to: pool, from: message.from)
        }
        letGo(message.task, &ctx)
    }

    /// The job ended (failed elsewhere, or timed out waiting for a lost handoff): every sender
    /// still keeping a slot for one of its handoffs gives it back; the handoff, if it still
    /// arrives, finds nothing to release (``discarded(_:_:)`` does nothing).
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {
        guard !holders.isEmpty else { return }  // the usual case: spares a hash per job
        holders.forEach(of: job) { ctx.release($0) }
        holders.end(job)
    }

    /// The sender of `task`'s handoff gives back the slot it kept, if it still keeps one.
    private mutating func letGo(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        guard let holder = holders[task] else { return }
        holders[task] = nil
        ctx.release(holder)
    }

    /// Records the copy as done (with its correctness), which makes the next steps ready.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }
}
