/// The supervisor (hub-and-spoke) pattern: one coordinator role plans each job with an LLM call,
/// dispatches every step to a worker over the network, reads every result with another LLM call
/// to decide what next, and synthesises the answer.
///
/// Its known failure mode is the coordinator itself: every step of every job passes through its
/// capacity, so adding workers stops adding throughput once the coordinator is busy all the time
/// (coordinator utilisation near 1). Messages per job: two per step copy (dispatch and result).
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
            if ctx.submit(message.task, toAgent: message.to) == .rejected {
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

    public mutating func taskFinished(_ task: TaskRef, by agent: AgentID, _ ctx: inout CoordinationContext) {
        ctx.send(Message(from: agent, to: hubAgent, tag: Self.resultTag, task: task))
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
