import AgentSimSpec

/// The human-gate pattern: step outputs whose impact exceeds the agents' authority wait for a human
/// reviewer; everything else runs autonomously, as in a pipeline.
///
/// Each step copy needs approval with probability `gate_probability` (its impact exceeds the
/// threshold). A gated copy's output goes to the reviewer pool (one message); a reviewer reviews it
/// (a coordination call on the reviewer role: it occupies a human for the role's latency, minutes
/// to hours, and costs the role's model, or nothing without one) and returns a verdict (one
/// message). A right output is approved with probability `approval_rate`; a wrong one is rejected
/// with probability `catch_rate`. A rejection sends the step back to its skill pool for rework,
/// and the rework is reviewed again; after `max_reworks` reworks a further rejection fails the job.
///
/// Its known failure mode is the humans: their latency dominates every gated job, and as load grows
/// the reviewer pool saturates (reviewer utilisation near 1) and the review queue, not the agents,
/// sets the latency.
public enum HumanGatePattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "human_gate"
    /// What the pattern models, in one line.
    public static let summary =
        "Steps whose impact exceeds the agents' authority wait for a human reviewer; the rest run autonomously."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "reviewers", .role, default: nil,
            help: "The role of human reviewers (its latency, capacity and model price a review)."),
        ParameterDeclaration(
            "gate_probability", .probability, default: .number(1),
            help: "The probability that a step copy needs approval."),
        ParameterDeclaration(
            "approval_rate", .probability, default: .number(0.95),
            help: "The probability a reviewer approves a right output (else it is sent back)."),
        ParameterDeclaration(
            "catch_rate", .probability, default: .number(0.9),
            help: "The probability a reviewer rejects a wrong output."),
        ParameterDeclaration(
            "max_reworks", .count(minimum: 0), default: .int(2),
            help: "Reworks of one step copy before a further rejection fails the job."),
        ParameterDeclaration(
            "review", .callSize, default: .callSize(HumanGateSpec.defaultReview),
            help: "The size of one review (null: no tokens)."),
    ]

    /// The reviewer role: its agents (the humans) review and serve no steps.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        [parameters.string("reviewers")]
    }

    /// On a scenario written for another pattern, the first role that serves no step reviews.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        guard let reviewers = idleRoles(in: scenario).first else {
            return .inapplicable("needs a role that serves no step to act as the human reviewers")
        }
        return .parameters(HumanGateSpec(reviewers: reviewers).parameters)
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> HumanGate
    {
        HumanGate(spec: HumanGateSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the human-gate pattern.
public struct HumanGateSpec: Sendable, Hashable {
    /// The role of human reviewers.
    public var reviewers: String
    /// The probability that a step copy needs approval.
    public var gateProbability: Double
    /// The probability a reviewer approves a right output.
    public var approvalRate: Double
    /// The probability a reviewer rejects a wrong output.
    public var catchRate: Double
    /// Reworks of one step copy before a further rejection fails the job.
    public var maxReworks: Int
    /// The size of one review (`nil`: no tokens).
    public var review: CallSpec?

    /// Creates human-gate parameters; the defaults are those of the scenario file.
    public init(
        reviewers: String, gateProbability: Double = 1, approvalRate: Double = 0.95, catchRate: Double = 0.9,
        maxReworks: Int = 2, review: CallSpec? = HumanGateSpec.defaultReview
    ) {
        self.reviewers = reviewers
        self.gateProbability = gateProbability
        self.approvalRate = approvalRate
        self.catchRate = catchRate
        self.maxReworks = maxReworks
        self.review = review
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            reviewers: p.string("reviewers"), gateProbability: p.number("gate_probability"),
            approvalRate: p.number("approval_rate"), catchRate: p.number("catch_rate"),
            maxReworks: p.int("max_reworks"), review: p.callSize("review"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "reviewers": .string(reviewers), "gate_probability": .number(gateProbability),
            "approval_rate": .number(approvalRate), "catch_rate": .number(catchRate),
            "max_reworks": .int(maxReworks), "review": .callSize(review),
        ])
    }

    /// 2,000 tokens in (the output and its context), 100 out (the verdict and a note).
    public static let defaultReview = CallSpec(tokensIn: .constant(2000), tokensOut: .constant(100))
}

extension PatternSpec {
    /// The human-gate pattern with `spec`.
    public static func humanGate(_ spec: HumanGateSpec) -> PatternSpec {
        PatternSpec(name: HumanGatePattern.name, parameters: spec.parameters)
    }
}

/// The human-gate coordinator.
///
/// Random draws come from the coordinator's stream: one per step copy (gated or not) when it is
/// ready, and one per review, so the gated copies of a run do not depend on timing.
public struct HumanGate: Coordinator {
    /// The pattern's parameters.
    public let spec: HumanGateSpec
    /// The reviewers' pool: every review queues here.
    let reviewPool: PoolID
    /// Where review requests are addressed (the first reviewer: the review queue's inbox).
    let inbox: AgentID
    /// Gated step copies in progress; those of a job that ends are freed then (``jobEnded(_:_:)``).
    var gated = TaskStateByJob<HumanGateState>()

    /// Message tag of a review request, worker to the reviewers' inbox.
    public static let reviewRequestTag: UInt32 = 1
    /// Message tag of a verdict, reviewer to worker (payload 1: approved).
    public static let verdictTag: UInt32 = 2
    /// Coordination call tag of a review.
    public static let reviewTag: UInt32 = 1

    /// Creates the pattern over `ctx`'s fleet; the reviewer role must exist.
    public init(spec: HumanGateSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        guard let pool = ctx.pool(forRole: spec.reviewers) else {
            preconditionFailure("human_gate: no role named \(spec.reviewers) (validation should catch this)")
        }
        reviewPool = pool
        inbox = ctx.members(of: pool)[0]
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "human_gate" }

    /// Draws whether the copy is gated (with `gate_probability`) and queues its work in its pool.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        if ctx.coordinatorRNG.nextDouble() < spec.gateProbability {
            gated[task] = HumanGateState()
        } else {
            gated[task] = nil
        }
        ctx.submit(task, to: ctx.pool(of: task))
    }

    /// An ungated copy is done; a gated one is sent for review.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        guard gated[result.task] != nil else {
            ctx.completeTask(result.task, by: result.agent, correct: result.correct)
            return
        }
        gated[result.task]!.worker = result.agent
        gated[result.task]!.correct = result.correct
        ctx.send(Message(from: result.agent, to: inbox, tag: Self.reviewRequestTag, task: result.task))
    }

    /// A review request becomes a review call; a verdict completes the copy (approved), sends it
    /// back for rework, or fails the job after `max_reworks`. Duplicates are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        guard let state = gated[message.task] else { return }
        let task = message.task
        if message.tag == Self.reviewRequestTag {
            let tokensIn = spec.review.map {
                Int(InputLimits.tokens($0.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
            }
            let tokensOut = spec.review.map {
                Int(InputLimits.tokens($0.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
            }
            let submitted = ctx.coordinationCall(
                for: task.job, tag: Self.reviewTag, about: task, on: reviewPool, tokensIn: tokensIn ?? 0,
                tokensOut: tokensOut ?? 0)
            if submitted == .rejected {
                gated[task] = nil
                ctx.failJob(task.job, reason: "human_gate: reviewer queue full")
            }
            return
        }
        if message.payload == 1 {  // approved
            gated[task] = nil
            ctx.completeTask(task, by: state.worker, correct: state.correct)
        } else if Int(state.reworks) >= spec.maxReworks {
            gated[task] = nil
            ctx.failJob(task.job, reason: "human_gate: rejected after \(spec.maxReworks) reworks")
        } else {
            gated[task]!.reworks += 1
            ctx.submit(task, to: ctx.pool(of: task))
        }
    }

    /// The job ended: its gated copies are forgotten; late reviews and verdicts find none.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) { gated.end(job) }

    /// A review finished: the verdict is drawn (right outputs pass with `approval_rate`, wrong ones
    /// are caught with `catch_rate`) and sent to the worker.
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard let task = call.task, let state = gated[task] else { return }
        let u = ctx.coordinatorRNG.nextDouble()
        let approved = state.correct ? u < spec.approvalRate : u >= spec.catchRate
        ctx.send(
            Message(
                from: call.agent, to: state.worker, tag: Self.verdictTag, task: task,
                payload: approved ? 1 : 0))
    }
}

/// A gated step copy: who did its latest attempt, whether that output is right, and reworks so far.
struct HumanGateState {
    var worker = AgentID.none
    var correct = true
    var reworks: Int32 = 0
}
