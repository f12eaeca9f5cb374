import AgentSimKernel
import AgentSimSpec

/// The supervisor (hub-and-spoke) pattern: one coordinator role plans each job with an LLM call,
/// dispatches every step to a worker over the network, reads every result with another LLM call
/// to decide what next, and synthesises the answer.
///
/// Its known failure mode is the coordinator itself: every step of every job passes through its
/// capacity, so adding workers stops adding throughput once the coordinator is busy all the time
/// (coordinator utilisation near 1). Messages per job: two per step copy (dispatch and result).
/// Hub-and-spoke's entry in the pattern registry: its scenario parameters and its coordinator.
public enum HubAndSpokePattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "hub_and_spoke"
    /// What the pattern models, in one line.
    public static let summary =
        "A supervisor role plans each job, dispatches every step to a worker, reads every result and synthesises."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
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
        ParameterDeclaration(
            "backup", .role, default: .string(""),
            help: "A role that takes over when every coordinator agent is down (empty: none)."),
        ParameterDeclaration(
            "detection", .duration, default: .duration(.seconds(30)),
            help: "How long a dead coordinator goes unnoticed before the backup takes over."),
        ParameterDeclaration(
            "state", .choice(["lost", "persistent"]), default: .string("lost"),
            help:
                "After a failover: the dead coordinator's calls are lost (their jobs fail) or replayed from a persistent task queue."
        ),
    ]

    /// The coordinator role and the backup, if any: they coordinate and serve no steps.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        [parameters.string("coordinator"), parameters.string("backup")].filter { !$0.isEmpty }
    }

    /// The coordinator's plan and synthesize calls (once per job) and route call (per step copy).
    public static func coordinatorCalls(_ parameters: PatternParameters) -> CoordinatorCalls? {
        let hub = HubAndSpokeSpec(parameters: parameters)
        return CoordinatorCalls(
            role: hub.coordinator, perJob: [hub.plan, hub.synthesize], perStepCopy: [hub.route],
            what: "plan, route and synthesize calls")
    }

    /// On a scenario written for another pattern, the first role that serves no step coordinates.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name { return .parameters(scenario.pattern.parameters) }
        guard let lead = idleRoles(in: scenario).first else {
            return .inapplicable("needs a role that serves no step to act as the coordinator")
        }
        return .parameters(HubAndSpokeSpec(coordinator: lead).parameters)
    }

    /// Builds one run's coordinator from the decoded parameters.
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
    /// A role that takes over when every coordinator agent is down (`nil`: none).
    public var backup: String?
    /// How long a dead coordinator goes unnoticed before the backup takes over.
    public var detection: SimDuration = .seconds(30)
    /// Whether the dead coordinator's pending calls are replayed (a persistent task queue) or lost.
    public var persistentState = false

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
        let backupName = p.string("backup")
        backup = backupName.isEmpty ? nil : backupName
        if case .duration = p.values["detection"] { detection = p.duration("detection") }
        persistentState = p.string("state") == "persistent"
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "coordinator": .string(coordinator), "dispatch": .string(dispatch.rawValue),
            "plan": .callSize(plan), "route": .callSize(route), "synthesize": .callSize(synthesize),
            "backup": .string(backup ?? ""), "detection": .duration(detection),
            "state": .string(persistentState ? "persistent" : "lost"),
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

/// The hub-and-spoke coordinator: a supervisor role plans each job (optionally), dispatches every
/// ready task to a worker by message, reads every result (optionally with a routing call) and
/// synthesises the answer (optionally); every coordination call queues on the supervisor's pool.
public struct HubAndSpoke: Coordinator {
    /// The pattern's parameters.
    public let spec: HubAndSpokeSpec
    /// The coordinator role's pool: all coordination calls queue here.
    var hubPool: PoolID
    /// The agent that sends and receives messages for the hub (the first coordinator agent).
    var hubAgent: AgentID
    /// Tasks each worker was given and has not yet reported: what a supervisor knows of load. Each
    /// task counts from dispatch until its result, its refusal or its job's end, whichever is first.
    var load: LoadBook
    /// Failover: the backup's pool and agent, whether it has taken over, whether a detection timer
    /// runs, and the coordination calls each job is owed (replayed or failed on a failover).
    var backupPool: PoolID?
    var failedOver = false
    var detectionArmed = false
    var pending: [JobID: [PendingCall]] = [:]

    /// A coordination call the hub made and has not heard back from.
    struct PendingCall {
        var tag: UInt32
        var task: TaskRef?
        var size: CallSpec
    }

    /// The timer tag of failover detection.
    static let detectionTag: UInt32 = 9
    var cursor: [PoolID: Int] = [:]

    /// Coordination call tag of the planning call.
    public static let planTag: UInt32 = 1
    /// Coordination call tag of the call that routes a result.
    public static let routeTag: UInt32 = 2
    /// Coordination call tag of the synthesis call.
    public static let synthesizeTag: UInt32 = 3
    /// Message tag of a dispatch, hub to worker.
    public static let dispatchTag: UInt32 = 1
    /// Message tag of a result, worker to hub.
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
        load = LoadBook(agentCount: ctx.fleet.agentCount)
        backupPool = spec.backup.flatMap { ctx.pool(forRole: $0) }
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "hub_and_spoke" }

    /// Makes the planning call when the pattern plans, else starts the job's first steps.
    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        if backupPool != nil { pending[job] = nil }  // a reused slot starts owing nothing
        if let plan = spec.plan {
            call(plan, tag: Self.planTag, for: job, about: nil, &ctx)
        } else {
            ctx.startJob(job)
        }
    }

    /// Picks a worker by the dispatch rule and sends it the task (one dispatch message).
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let worker = chooseWorker(for: task, &ctx)
        load.assign(task, to: worker)
        ctx.send(Message(from: hubAgent, to: worker, tag: Self.dispatchTag, task: task))
    }

    /// A dispatch reaches its worker, which queues the task; a result reaches the hub, which routes
    /// it (a coordination call, when the pattern routes) or completes the task. Duplicates are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        if message.tag == Self.dispatchTag {
            if ctx.submit(message.task, toAgent: message.to, from: hubAgent) == .rejected {
                load.release(message.task)  // its job fails (taskRejected)
            }
            return
        }
        load.release(message.task)
        if let route = spec.route {
            call(route, tag: Self.routeTag, for: message.task.job, about: message.task, &ctx)
        } else {
            ctx.completeTask(message.task, by: hubAgent)
        }
    }

    /// The worker sends its result to the hub; a wrong output marks the job wrong (no check).
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        // The supervisor reads the result but has no independent check: a wrong output stays wrong.
        if !result.correct { ctx.markWrong(result.task.job) }
        ctx.send(Message(from: result.agent, to: hubAgent, tag: Self.resultTag, task: result.task))
    }

    /// The failover detection delay is over: the backup takes over if the coordinator is still down.
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        if tag == Self.detectionTag { failOver(&ctx) }
    }

    /// A late event of an ended job: its load was released when the job ended (``jobEnded(_:_:)``).
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        if case .timerFired(let tag, _) = event, tag == Self.detectionTag {
            failOver(&ctx)  // the job that noticed ended; the health check still stands
        }
    }

    /// However the job ended (completed, a task failed or was refused, a message lost, a timeout),
    /// its tasks still out stop counting against their workers, and it owes no coordination call.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {
        load.end(job)
        pending[job] = nil
    }

    /// A plan starts the job, a routing call completes its task, a synthesis completes the job.
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard settled(call.job, tag: call.tag, task: call.task) else { return }
        switch call.tag {
        case Self.planTag: ctx.startJob(call.job)
        case Self.routeTag: ctx.completeTask(call.task!, by: call.agent)
        default: ctx.completeJob(call.job)
        }
    }

    /// Makes the synthesis call when the pattern synthesises, else completes the job.
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
        watchForFailure(job, &ctx)
        let tokensIn = Int(InputLimits.tokens(size.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = Int(InputLimits.tokens(size.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
        let result = ctx.coordinationCall(
            for: job, tag: tag, about: task, on: hubPool, tokensIn: tokensIn, tokensOut: tokensOut)
        if result == .rejected {
            ctx.failJob(job, reason: "rejected: coordinator queue full")
        } else if backupPool != nil {
            pending[job, default: []].append(PendingCall(tag: tag, task: task, size: size))
        }
    }

    /// With a backup: when the hub needs its coordinator and finds every coordinator agent down, it
    /// starts the detection delay (as a health check would); see ``failOver(_:)``.
    private mutating func watchForFailure(_ job: JobID, _ ctx: inout CoordinationContext) {
        guard backupPool != nil, !failedOver, !detectionArmed,
            ctx.members(of: hubPool).allSatisfy({ ctx.isDown($0) })
        else { return }
        detectionArmed = true
        ctx.setTimer(
            after: spec.detection, tag: Self.detectionTag, task: TaskRef(job: job, step: .max, copy: .max))
    }

    /// The detection delay is over: if the coordinator is still down, the backup takes over. With a
    /// persistent task queue the calls the dead coordinator owed are made again on the backup;
    /// otherwise their jobs fail ("coordinator lost"). Jobs in job-slot order, so the run stays
    /// deterministic.
    private mutating func failOver(_ ctx: inout CoordinationContext) {
        detectionArmed = false
        guard !failedOver, let backup = backupPool, ctx.members(of: hubPool).allSatisfy({ ctx.isDown($0) })
        else {
            return
        }
        failedOver = true
        hubPool = backup
        hubAgent = ctx.members(of: backup)[0]
        let owed = pending.keys.sorted { $0.index < $1.index }.map { ($0, pending[$0]!) }
        pending = [:]
        for (job, calls) in owed where ctx.isActive(job) {
            if spec.persistentState {
                for c in calls { call(c.size, tag: c.tag, for: job, about: c.task, &ctx) }
            } else {
                ctx.failJob(job, reason: "coordinator lost")
            }
        }
    }

    /// The call `tag` about `task` for `job` answered: it is no longer owed. A replayed call's twin
    /// (the dead coordinator's, if it comes back) finds nothing owed and is ignored.
    private mutating func settled(_ job: JobID, tag: UInt32, task: TaskRef?) -> Bool {
        guard backupPool != nil else { return true }
        guard var calls = pending[job], let i = calls.firstIndex(where: { $0.tag == tag && $0.task == task })
        else {
            return false
        }
        calls.remove(at: i)
        pending[job] = calls.isEmpty ? nil : calls
        return true
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
            return members.min { load[$0] < load[$1] }!
        }
    }
}
