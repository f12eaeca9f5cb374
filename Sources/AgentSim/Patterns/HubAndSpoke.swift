/// The supervisor (hub-and-spoke) pattern: one coordinator role plans each job with an LLM call,
/// dispatches every step to a worker over the network, reads every result with another LLM call
/// to decide what next, and synthesises the answer.
///
/// Its known failure mode is the coordinator itself: every step of every job passes through its
/// capacity, so adding workers stops adding throughput once the coordinator is busy all the time
/// (coordinator utilisation near 1). Messages per job: two per step copy (dispatch and result).
/// Hub-and-spoke's entry in the pattern registry: its scenario parameters and its coordinator.
public enum HubAndSpokePattern: PatternDefinition {
    public static let name = "hub_and_spoke"
    public static let summary =
        "A supervisor role plans each job, dispatches every step to a worker, reads every result and synthesises."
    public static let parameters = [
        ParameterDeclaration("coordinator", .role, default: nil, help: "The role whose agents coordinate."),
        ParameterDeclaration(
            "dispatch", .choice(DispatchRule.allCases.map(\.rawValue)), default: .string("least_loaded"),
            help: "How the coordinator picks a worker."),
        ParameterDeclaration(
            "plan", .callSize, default: .callSize(HubAndSpokeSpec.defaultPlan),
            help: "The call made once per job when it arrives (null: none)."),
        ParameterDeclaration(
            "route", .callSize, default: .callSize(HubAndSpokeSpec.defaultRoute),
            help: "The call made on each step copy's result (null: none)."),
        ParameterDeclaration(
            "synthesize", .callSize, default: .callSize(HubAndSpokeSpec.defaultSynthesize),
            help: "The call that assembles the answer (null: none)."),
    ]

    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        [parameters.string("coordinator")]
    }

    /// On a scenario written for another pattern, the first role that serves no step coordinates.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        guard let lead = idleRoles(in: scenario).first else {
            return .inapplicable("needs a role that serves no step to act as the coordinator")
        }
        return .parameters(HubAndSpokeSpec(coordinator: lead).parameters)
    }

    public static func makeCoordinator(
        _ parameters: PatternParameters, _ ctx: inout CoordinationContext
    ) -> HubAndSpoke {
        HubAndSpoke(spec: HubAndSpokeSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the hub-and-spoke (supervisor) pattern.
public struct HubAndSpokeSpec: Sendable, Hashable {
    /// The role whose agents coordinate (its capacity is the classic bottleneck).
    public var coordinator: String
    /// How the coordinator picks a worker for a step.
    public var dispatch: DispatchRule
    /// The planning call when a job arrives (`nil`: none).
    public var plan: CallSpec?
    /// The call the coordinator makes on each step result to decide what next (`nil`: none).
    public var route: CallSpec?
    /// The call that assembles the final answer (`nil`: none).
    public var synthesize: CallSpec?

    /// Creates hub-and-spoke parameters; the defaults are documented in Patterns.md.
    public init(
        coordinator: String, dispatch: DispatchRule = .leastLoaded,
        plan: CallSpec? = HubAndSpokeSpec.defaultPlan, route: CallSpec? = HubAndSpokeSpec.defaultRoute,
        synthesize: CallSpec? = HubAndSpokeSpec.defaultSynthesize
    ) {
        self.coordinator = coordinator
        self.dispatch = dispatch
        self.plan = plan
        self.route = route
        self.synthesize = synthesize
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            coordinator: p.string("coordinator"),
            dispatch: DispatchRule(rawValue: p.string("dispatch")) ?? .leastLoaded,
            plan: p.callSize("plan"), route: p.callSize("route"), synthesize: p.callSize("synthesize"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "coordinator": .string(coordinator), "dispatch": .string(dispatch.rawValue),
            "plan": .callSize(plan), "route": .callSize(route), "synthesize": .callSize(synthesize),
        ])
    }

    /// 1,500 tokens in (task + tool descriptions), 300 out (a plan).
    public static let defaultPlan = CallSpec(tokensIn: .constant(1500), tokensOut: .constant(300))
    /// 800 tokens in (a worker result), 50 out (the next instruction).
    public static let defaultRoute = CallSpec(tokensIn: .constant(800), tokensOut: .constant(50))
    /// 2,000 tokens in (all results), 500 out (the answer).
    public static let defaultSynthesize = CallSpec(tokensIn: .constant(2000), tokensOut: .constant(500))
}

extension PatternSpec {
    /// The hub-and-spoke pattern with `spec`.
    public static func hubAndSpoke(_ spec: HubAndSpokeSpec) -> PatternSpec {
        PatternSpec(name: HubAndSpokePattern.name, parameters: spec.parameters)
    }

    /// The hub-and-spoke parameters, when this is that pattern.
    public var hubAndSpoke: HubAndSpokeSpec? {
        name == HubAndSpokePattern.name ? HubAndSpokeSpec(parameters: parameters) : nil
    }
}

public struct HubAndSpoke: Coordinator {
    /// The pattern's parameters.
    public let spec: HubAndSpokeSpec
    /// The coordinator role's pool: all coordination calls queue here.
    let hubPool: PoolID
    /// The agent that sends and receives messages for the hub (the first coordinator agent).
    let hubAgent: AgentID
    /// Tasks each worker was given and has not yet reported: what a supervisor knows of load.
    var outstanding: [Int32]
    var cursor: [PoolID: Int] = [:]

    /// Coordination call tags.
    public static let planTag: UInt32 = 1
    public static let routeTag: UInt32 = 2
    public static let synthesizeTag: UInt32 = 3
    /// Message tags.
    public static let dispatchTag: UInt32 = 1
    public static let resultTag: UInt32 = 2

    /// Creates the pattern over `ctx`'s fleet; the coordinator role must exist.
    public init(spec: HubAndSpokeSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        guard let pool = ctx.pool(forRole: spec.coordinator) else {
            preconditionFailure(
                "hub_and_spoke: no role named \(spec.coordinator) (validation should catch this)")
        }
        hubPool = pool
        hubAgent = ctx.members(of: pool)[0]
        outstanding = Array(repeating: 0, count: ctx.fleet.agentCount)
    }

    public var name: String { "hub_and_spoke" }

    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        if let plan = spec.plan {
            call(plan, tag: Self.planTag, for: job, about: nil, &ctx)
        } else {
            ctx.startJob(job)
        }
    }

    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let worker = chooseWorker(for: task, &ctx)
        outstanding[Int(worker.index)] += 1
        ctx.send(Message(from: hubAgent, to: worker, tag: Self.dispatchTag, task: task))
    }

    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        if message.tag == Self.dispatchTag {
            if ctx.submit(message.task, toAgent: message.to, from: hubAgent) == .rejected {
                outstanding[Int(message.to.index)] -= 1
            }
            return
        }
        outstanding[Int(message.from.index)] -= 1
        if let route = spec.route {
            call(route, tag: Self.routeTag, for: message.task.job, about: message.task, &ctx)
        } else {
            ctx.completeTask(message.task, by: hubAgent)
        }
    }

    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        // The supervisor reads the result but has no independent check: a wrong output stays wrong.
        if !result.correct { ctx.markWrong(result.task.job) }
        ctx.send(Message(from: result.agent, to: hubAgent, tag: Self.resultTag, task: result.task))
    }

    /// Keeps the hub's view of each worker's load right when a job ended with work out.
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        switch event {
        case .messageDelivered(let message) where message.tag == Self.dispatchTag:
            outstanding[Int(message.to.index)] -= 1  // never submitted
        case .messageDelivered(let message) where message.tag == Self.resultTag:
            outstanding[Int(message.from.index)] -= 1
        case .taskFinished(let result):
            outstanding[Int(result.agent.index)] -= 1  // no result message will follow
        default:
            break
        }
    }

    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        switch call.tag {
        case Self.planTag: ctx.startJob(call.job)
        case Self.routeTag: ctx.completeTask(call.task!, by: call.agent)
        default: ctx.completeJob(call.job)
        }
    }

    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        if let synthesize = spec.synthesize {
            call(synthesize, tag: Self.synthesizeTag, for: job, about: nil, &ctx)
        } else {
            ctx.completeJob(job)
        }
    }

    private mutating func call(
        _ size: CallSpec, tag: UInt32, for job: JobID, about task: TaskRef?, _ ctx: inout CoordinationContext
    ) {
        let tokensIn = Int(size.tokensIn.sampleNonNegative(&ctx.coordinatorRNG).rounded())
        let tokensOut = Int(size.tokensOut.sampleNonNegative(&ctx.coordinatorRNG).rounded())
        let result = ctx.coordinationCall(
            for: job, tag: tag, about: task, on: hubPool, tokensIn: tokensIn, tokensOut: tokensOut)
        if result == .rejected { ctx.failJob(job, reason: "rejected: coordinator queue full") }
    }

    /// The worker for `task` by the dispatch rule, from the hub's own view of load.
    private mutating func chooseWorker(for task: TaskRef, _ ctx: inout CoordinationContext) -> AgentID {
        let pool = ctx.pool(of: task)
        let members = ctx.members(of: pool)
        switch spec.dispatch {
        case .roundRobin:
            let k = cursor[pool, default: 0]
            cursor[pool] = k + 1
            return members[k % members.count]
        case .random:
            return members[Int(ctx.coordinatorRNG.next(below: UInt64(members.count)))]
        case .leastLoaded:
            return members.min { outstanding[Int($0.index)] < outstanding[Int($1.index)] }!
        }
    }
}
