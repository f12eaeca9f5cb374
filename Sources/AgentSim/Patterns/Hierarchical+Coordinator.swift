import AgentSimSpec

/// The hierarchical coordinator: see ``HierarchicalPattern``.
///
/// A step copy's journey, with L levels and home team A:
/// executive → level-L manager → … → A's manager (each a message, each manager a delegate call) →
/// worker; the result goes back up the same chain (each manager an aggregate call, each hop a
/// message) to the executive, which completes the task. When A lacks the step's skill, A's manager
/// escalates to the executive (message), which makes an escalate call, names team B (message),
/// and A's manager hands the copy to B's manager (lateral message); B delegates to its worker,
/// aggregates the result and returns it to A's manager (lateral message), which goes on up.
public struct Hierarchical: Coordinator {
    /// The pattern's parameters.
    public let spec: HierarchicalSpec
    /// The organisation's shape.
    public let shape: HierarchyShape
    /// Why the parameters cannot run (every job fails with it), or `nil`.
    let problem: String?
    let stepCount: Int
    let executivePool: PoolID
    /// The executive agent that sends and receives the executive's messages.
    let executiveAgent: AgentID
    /// Per position (see ``HierarchyShape``): the manager agent holding it.
    var positionManager: [AgentID] = []
    /// Per position: the position above it (-1: the executive).
    var positionParent: [Int32] = []
    /// At team × levels + (level − 1): the position of that level on the team's chain.
    var teamChain: [Int32] = []
    /// At team × steps + step: the team's workers with the step's skill (empty: escalate).
    var teamStepWorkers: [[AgentID]] = []
    /// Per agent: its team (-1: not a worker).
    var teamOfAgent: [Int32] = []
    /// Per agent: step copies given and not yet reported (a manager's view of load); a copy counts
    /// until its worker's report, its refusal or its job's end, whichever is first.
    var load = LoadBook(agentCount: 0)
    /// Per team: step copies given to its workers and not yet reported.
    var teamOutstanding: [Int32] = []
    /// Per job slot: its home team.
    var homeTeam: [Int32] = []
    /// What each job has out; failures wait for it (see ``JobDrain``).
    var drain = JobDrain()

    /// Call kind (the low 3 bits of a call tag; the position is the rest): the executive's plan.
    public static let planCall: UInt32 = 1
    /// Call kind: the executive's synthesis of the answer.
    public static let synthesizeCall: UInt32 = 2
    /// Call kind: the executive finds a team for an escalated copy.
    public static let escalateCall: UInt32 = 3
    /// Call kind: a manager passes a copy down.
    public static let delegateCall: UInt32 = 4
    /// Call kind: a manager reads a result going up.
    public static let aggregateCall: UInt32 = 5
    /// Message: a copy going down to a manager (payload: the receiving position).
    public static let dispatchMessage: UInt32 = 1
    /// Message: a team manager gives a copy to a worker (payload: the team manager's position).
    public static let assignMessage: UInt32 = 2
    /// Message: a result going up (payload: the receiving position, or all ones for the executive).
    public static let reportMessage: UInt32 = 3
    /// Message: a team manager escalates a copy to the executive (payload: its position).
    public static let escalateMessage: UInt32 = 4
    /// Message: the executive names the team (payload: the escalating position, and the other
    /// team manager's position in the high 32 bits).
    public static let decisionMessage: UInt32 = 5
    /// Message: lateral, the escalating team manager hands the copy to the other one.
    public static let lateralHandoffMessage: UInt32 = 6
    /// Message: lateral, the other team manager returns the result.
    public static let lateralReturnMessage: UInt32 = 7
    /// A call's tag: its kind (``planCall`` ... ``aggregateCall``) in the low 3 bits...
    static let callKind = BitField<UInt32>(offset: 0, width: 3)
    /// ... and the position it concerns above them, up to the 24 bits a coordinator's tag has.
    static let callPosition = BitField<UInt32>(after: callKind, width: 21)
    /// A message's payload: a position in the low half...
    static let payloadPosition = BitField<UInt64>(offset: 0, width: 32)
    /// ... and, in a decision, the chosen team's position in the high half.
    static let payloadTarget = BitField<UInt64>(after: payloadPosition, width: 32)
    /// The payload of a report to the executive.
    static let toExecutive = UInt64.max

    /// Creates the pattern over `ctx`'s fleet; the executive and manager roles must exist.
    public init(spec: HierarchicalSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        guard let exec = ctx.pool(forRole: spec.executive), let managerPool = ctx.pool(forRole: spec.manager)
        else {
            preconditionFailure(
                "hierarchical: no role \(spec.executive) or \(spec.manager) (validation checks)")
        }
        executivePool = exec
        stepCount = ctx.graph.steps.count
        executiveAgent = ctx.members(of: exec)[0]
        let managers = ctx.members(of: managerPool)
        let excluded = Set(ctx.members(of: exec) + managers)
        var workerSet = Set<AgentID>()
        for step in ctx.graph.steps {
            for m in ctx.members(of: step.pool) where !excluded.contains(m) { workerSet.insert(m) }
        }
        let workers = workerSet.sorted()
        precondition(!workers.isEmpty, "hierarchical: no worker serves a step (validation checks)")
        problem = spec.problem
        shape = HierarchyShape(
            workers: workers.count, managers: managers.count, span: spec.span,
            levels: problem == nil ? spec.levels : 1)
        load = LoadBook(agentCount: ctx.fleet.agentCount)
        teamOutstanding = Array(repeating: 0, count: shape.teams)
        buildTree(managers: managers)
        buildTeams(workers: workers, ctx: &ctx)
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "hierarchical" }

    /// Gives the job a home team (by arrival number) and plans it (when the executive plans) or
    /// starts it; a job fails at once when the shape did not compile.
    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        drain.arrive(job)
        if let problem {
            ctx.failJob(job, reason: problem)
            return
        }
        let slot = Int(job.index)
        while homeTeam.count <= slot { homeTeam.append(0) }
        homeTeam[slot] = Int32(ctx.serialNumber(of: job) % UInt64(shape.teams))
        if let plan = spec.plan {
            call(plan, kind: Self.planCall, position: 0, for: job, about: nil, &ctx)
        } else {
            ctx.startJob(job)
        }
    }

    /// The executive dispatches the task down to the top manager of the task's team.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        if drain.isFailing(task.job) { return }
        let top = chain(home(task), level: shape.levels)
        send(from: executiveAgent, to: top, Self.dispatchMessage, task, &ctx)
    }

    /// Moves the task through the tree: dispatches and lateral handoffs are delegated down,
    /// assignments queue at a worker, reports are aggregated up (or complete the task at the top),
    /// escalations are decided. Duplicates are ignored; a failing job's messages only free workers.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        let task = message.task
        guard drain.returned(task.job, &ctx) else {
            // The job is failing: the copy a worker was given or reported is out of its hands.
            if message.tag == Self.assignMessage {
                reported(task)
            } else if message.tag == Self.reportMessage && teamOfAgent[Int(message.from.index)] >= 0 {
                reported(task)
            }
            return
        }
        let position = Int(Self.payloadPosition.value(in: message.payload))
        switch message.tag {
        case Self.dispatchMessage, Self.lateralHandoffMessage:
            delegate(task, at: position, &ctx)
        case Self.assignMessage:
            if ctx.submit(task, toAgent: message.to) == .rejected {
                reported(task)  // its job fails (taskRejected)
            } else {
                drain.sent(task.job)
            }
        case Self.reportMessage:
            if teamOfAgent[Int(message.from.index)] >= 0 { reported(task) }
            if message.payload == Self.toExecutive {
                ctx.completeTask(task, by: executiveAgent)
            } else {
                aggregate(task, at: position, &ctx)
            }
        case Self.lateralReturnMessage:
            aggregate(task, at: position, &ctx)
        case Self.escalateMessage:
            if let escalate = spec.escalate {
                call(escalate, kind: Self.escalateCall, position: position, for: task.job, about: task, &ctx)
            } else {
                decide(task, escalatedFrom: position, &ctx)
            }
        default:  // decisionMessage: payload is A's position and B's in the high half
            let target = Int(Self.payloadTarget.value(in: message.payload))
            send(from: message.to, to: target, Self.lateralHandoffMessage, task, &ctx)
        }
    }

    /// The worker reports to its team manager; a wrong output marks the job wrong (no check).
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        guard drain.returned(result.task.job, &ctx) else {
            reported(result.task)  // the job is failing: no report goes up
            return
        }
        // Managers read results but check nothing: a wrong output stays wrong.
        if !result.correct { ctx.markWrong(result.task.job) }
        let team = Int(teamOfAgent[Int(result.agent.index)])
        send(from: result.agent, to: chain(team, level: 1), Self.reportMessage, result.task, &ctx)
    }

    /// A plan starts the job, a synthesis completes it, and a manager's delegate, aggregate or
    /// escalate call moves its task on (the call's kind is the tag's low 3 bits).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard drain.returned(call.job, &ctx) else { return }
        let position = Int(Self.callPosition.value(in: call.tag))
        switch Self.callKind.value(in: call.tag) {
        case Self.planCall: ctx.startJob(call.job)
        case Self.synthesizeCall: ctx.completeJob(call.job)
        case Self.escalateCall: decide(call.task!, escalatedFrom: position, &ctx)
        case Self.delegateCall: delegated(call.task!, at: position, &ctx)
        default: aggregated(call.task!, at: position, &ctx)
        }
    }

    /// A full queue rejected a task: its job fails once nothing else of it is out.
    public mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        let pool = ctx.fleet.pools[Int(ctx.pool(of: task).index)].label
        drain.fail(task.job, reason: "rejected: queue full (\(pool))", &ctx)
    }

    /// The executive's synthesis call when the pattern synthesises, else the job completes.
    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        if let synthesize = spec.synthesize {
            call(synthesize, kind: Self.synthesizeCall, position: 0, for: job, about: nil, &ctx)
        } else {
            ctx.completeJob(job)
        }
    }

    // MARK: - The journey of a step copy

    /// A manager received a copy going down: it decides where it goes next (a call, if any).
    private mutating func delegate(_ task: TaskRef, at position: Int, _ ctx: inout CoordinationContext) {
        if let delegate = spec.delegate {
            call(delegate, kind: Self.delegateCall, position: position, for: task.job, about: task, &ctx)
        } else {
            delegated(task, at: position, &ctx)
        }
    }

    /// A manager decided: down the home chain, to a worker of its team, or up as an escalation.
    private mutating func delegated(_ task: TaskRef, at position: Int, _ ctx: inout CoordinationContext) {
        let manager = positionManager[position]
        let level = self.level(of: position)
        if level > 1 {
            send(from: manager, to: chain(home(task), level: level - 1), Self.dispatchMessage, task, &ctx)
            return
        }
        let team = teamOf(position)
        let candidates = teamStepWorkers[team * stepCount + Int(task.step)]
        guard var worker = candidates.first else {
            send(from: manager, to: -1, Self.escalateMessage, task, payload: UInt64(position), &ctx)
            return
        }
        for w in candidates.dropFirst() where load[w] < load[worker] { worker = w }
        load.assign(task, to: worker)
        teamOutstanding[team] += 1
        drain.sent(task.job)
        ctx.send(Message(from: manager, to: worker, tag: Self.assignMessage, task: task))
    }

    /// A manager received a result going up: it reads it (a call, if any).
    private mutating func aggregate(_ task: TaskRef, at position: Int, _ ctx: inout CoordinationContext) {
        if let aggregate = spec.aggregate {
            call(aggregate, kind: Self.aggregateCall, position: position, for: task.job, about: task, &ctx)
        } else {
            aggregated(task, at: position, &ctx)
        }
    }

    /// A manager read a result: back across to the home team's manager if it came from an
    /// escalation, else up to its own manager (or the executive).
    private mutating func aggregated(_ task: TaskRef, at position: Int, _ ctx: inout CoordinationContext) {
        let manager = positionManager[position]
        let home = home(task)
        if level(of: position) == 1 && teamOf(position) != home {
            send(from: manager, to: chain(home, level: 1), Self.lateralReturnMessage, task, &ctx)
            return
        }
        let parent = Int(positionParent[position])
        send(from: manager, to: parent, Self.reportMessage, task, &ctx)
    }

    /// The executive names the team with the step's skill that has the fewest copies in hand
    /// (lowest index on ties) and tells the escalating manager.
    private mutating func decide(
        _ task: TaskRef, escalatedFrom position: Int, _ ctx: inout CoordinationContext
    ) {
        let steps = stepCount
        var best = -1
        for t in 0..<shape.teams where !teamStepWorkers[t * steps + Int(task.step)].isEmpty {
            if best < 0 || teamOutstanding[t] < teamOutstanding[best] { best = t }
        }
        guard best >= 0 else {
            drain.fail(task.job, reason: "hierarchical: no team has the skill of a step", &ctx)
            return
        }
        let target =
            Self.payloadTarget.packing(UInt64(chain(best, level: 1)))
            | Self.payloadPosition.packing(UInt64(position))
        send(from: executiveAgent, to: position, Self.decisionMessage, task, payload: target, &ctx)
    }

    // MARK: - Helpers

    private func home(_ task: TaskRef) -> Int { Int(homeTeam[Int(task.job.index)]) }

    /// The position at `level` on `team`'s chain.
    private func chain(_ team: Int, level: Int) -> Int { Int(teamChain[team * shape.levels + level - 1]) }

    /// Level-1 positions are the last `teams` positions, in team order.
    private func teamOf(_ position: Int) -> Int { position - (positionManager.count - shape.teams) }

    private func level(of position: Int) -> Int {
        var start = positionManager.count
        for level in 1...shape.levels {
            start -= shape.positionsPerLevel[level - 1]
            if position >= start { return level }
        }
        return shape.levels
    }

    /// A worker reported `task` (or it was rejected): one copy fewer in its and its team's hands,
    /// unless it already stopped counting.
    private mutating func reported(_ task: TaskRef) {
        if let worker = load.release(task) { teamOutstanding[Int(teamOfAgent[Int(worker.index)])] -= 1 }
    }

    /// However the job ended (a task that failed for good, a lost message, a job timeout), its copies
    /// still out stop counting against their workers and teams.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {
        for worker in load.end(job) { teamOutstanding[Int(teamOfAgent[Int(worker.index)])] -= 1 }
    }

    /// Sends to position `to` (-1: the executive), with the position as the payload by default.
    private mutating func send(
        from: AgentID, to position: Int, _ tag: UInt32, _ task: TaskRef, payload: UInt64? = nil,
        _ ctx: inout CoordinationContext
    ) {
        let agent = position < 0 ? executiveAgent : positionManager[position]
        let data = payload ?? (position < 0 ? Self.toExecutive : UInt64(position))
        drain.sent(task.job)
        ctx.send(Message(from: from, to: agent, tag: tag, task: task, payload: data))
    }

    /// A coordination call by the executive (plan, escalate, synthesize: on its pool) or by the
    /// manager at `position` (delegate, aggregate: on that agent).
    private mutating func call(
        _ size: CallSpec, kind: UInt32, position: Int, for job: JobID, about task: TaskRef?,
        _ ctx: inout CoordinationContext
    ) {
        let tokensIn = Int(InputLimits.tokens(size.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = Int(InputLimits.tokens(size.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
        let tag = Self.callKind.packing(kind) | Self.callPosition.packing(UInt32(position))
        let result: SubmitResult
        if kind == Self.delegateCall || kind == Self.aggregateCall {
            result = ctx.coordinationCall(
                for: job, tag: tag, about: task, onAgent: positionManager[position], tokensIn: tokensIn,
                tokensOut: tokensOut)
            if result == .rejected { drain.fail(job, reason: "rejected: manager queue full", &ctx) }
        } else {
            result = ctx.coordinationCall(
                for: job, tag: tag, about: task, on: executivePool, tokensIn: tokensIn, tokensOut: tokensOut)
            if result == .rejected { drain.fail(job, reason: "rejected: executive queue full", &ctx) }
        }
        if result != .rejected { drain.sent(job) }
    }
}
