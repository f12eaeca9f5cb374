import AgentSimSpec

/// The handoff pattern (agents-SDK handoffs, LangGraph routing): no coordinator; the agent that
/// holds a task either does it or decides, with an LLM call, which agent should have it instead.
///
/// Every step copy is first held by an agent of the `entry` role (the least loaded). A holder
/// whose role has the step's skill does the work (with the `stay` probability of its row, 1 by
/// default); otherwise it makes a handoff call and sends the task to the least loaded agent of a
/// role drawn from its row of the routing table (``HandoffRoutes``). Each handoff is one message
/// and deepens the task's delegation by one; a task handed off `max_depth` times that would be
/// handed off again fails its job ("delegation depth exceeded").
///
/// Its known failure mode is the misroute: a table that sends tasks to roles without the skill
/// makes them bounce (A → B → A ping-pong, or longer cycles), each bounce paying a call and a
/// message and adding latency, until the right role takes the task or the depth limit fails it.
/// The handoff pattern's entry in the pattern registry: its scenario parameters and its coordinator.
public enum HandoffPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "handoff"
    /// What the pattern models, in one line.
    public static let summary =
        "Each agent does a step or hands it to another by a routing table; misroutes bounce until a depth limit."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration("entry", .role, default: nil, help: "The role that receives every step first."),
        ParameterDeclaration(
            "routes", .string, default: .string(""),
            help:
                "HOLDER[/STEP]>ROLE:P,...,stay:P;... (empty: hand straight to the first role with the skill)."
        ),
        ParameterDeclaration(
            "handoff", .callSize, default: .callSize(HandoffSpec.defaultHandoff),
            help: "The call a holder makes to decide each handoff (null: none)."),
        ParameterDeclaration(
            "max_depth", .count(minimum: 1), default: .int(HandoffSpec.defaultMaxDepth),
            help: "Handoffs a task may take; one more fails the job (delegation depth exceeded)."),
        ParameterDeclaration(
            "cycle_detection", .bool, default: .bool(false),
            help: "Fail the job at once when a handoff would return the task to a role already on its path."),
    ]

    /// A routing table that does not parse or names unknown roles or steps.
    public static func problem(with parameters: PatternParameters, in scenario: Scenario) -> String? {
        do throws(HandoffRoutes.Problem) {
            _ = try HandoffSpec(parameters: parameters).routingTable(in: scenario)
            return nil
        } catch {
            return error.message
        }
    }

    /// On a scenario written for another pattern, the first role is the entry and handoffs go
    /// straight to a role with the skill; on its own scenario, a bad routing table is the reason
    /// it cannot apply.
    public static func adapt(to scenario: Scenario) -> PatternAdaptation {
        if scenario.pattern.name == name {
            let spec = HandoffSpec(parameters: scenario.pattern.parameters)
            do throws(HandoffRoutes.Problem) {
                _ = try spec.routingTable(in: scenario)
            } catch {
                return .inapplicable(error.message)
            }
            return .parameters(scenario.pattern.parameters)
        }
        guard let first = scenario.agents.first else { return .inapplicable("needs at least one role") }
        return .parameters(HandoffSpec(entry: first.name).parameters)
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Handoff
    {
        Handoff(spec: HandoffSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the handoff pattern.
public struct HandoffSpec: Sendable, Hashable {
    /// The role that receives every step copy first.
    public var entry: String
    /// The routing table, as written in the scenario (see ``HandoffRoutes``).
    public var routes: String
    /// The call a holder makes before each handoff (`nil`: none).
    public var handoff: CallSpec?
    /// Handoffs a task may take; a further handoff fails its job.
    public var maxDepth: Int
    /// Whether a handoff back to a role already on the task's path fails the job at once
    /// ("delegation cycle") instead of waiting for the depth limit.
    public var cycleDetection: Bool

    /// Creates handoff parameters.
    public init(
        entry: String, routes: String = "", handoff: CallSpec? = HandoffSpec.defaultHandoff,
        maxDepth: Int = HandoffSpec.defaultMaxDepth, cycleDetection: Bool = false
    ) {
        self.entry = entry
        self.routes = routes
        self.handoff = handoff
        self.maxDepth = maxDepth
        self.cycleDetection = cycleDetection
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            entry: p.string("entry"), routes: p.string("routes"), handoff: p.callSize("handoff"),
            maxDepth: p.int("max_depth"), cycleDetection: p.bool("cycle_detection"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "entry": .string(entry), "routes": .string(routes), "handoff": .callSize(handoff),
            "max_depth": .int(maxDepth), "cycle_detection": .bool(cycleDetection),
        ])
    }

    /// The routing table checked against `scenario`'s roles and steps.
    public func routingTable(in scenario: Scenario) throws(HandoffRoutes.Problem) -> HandoffRoutes {
        try HandoffRoutes(
            parsing: routes, roles: scenario.agents.map(\.name),
            steps: scenario.workload.job.steps.map(\.name))
    }

    /// 1,000 tokens in (the conversation and the handoff tools), 30 out (the handoff tool call).
    public static let defaultHandoff = CallSpec(tokensIn: .constant(1000), tokensOut: .constant(30))
    /// Ten handoffs, then the job fails.
    public static let defaultMaxDepth = 10
}

extension PatternSpec {
    /// The handoff pattern with `spec`.
    public static func handoff(_ spec: HandoffSpec) -> PatternSpec {
        PatternSpec(name: HandoffPattern.name, parameters: spec.parameters)
    }
}

/// The handoff coordinator: see ``HandoffPattern``. It keeps no state per task: a task's depth
/// travels in its handoff message's payload and in its handoff call's tag.
public struct Handoff: Coordinator {
    /// The pattern's parameters.
    public let spec: HandoffSpec
    /// Why the routing table cannot run (every job then fails with it), or `nil`.
    let problem: String?
    let stepCount: Int
    let entryRole: Int
    let maxDepth: Int
    /// At role × steps + step: how a holder of the role treats a copy of the step.
    var decisions: [Decision] = []
    /// The handoff targets of every decision, back to back: role index and cumulative probability.
    var targetRole: [Int] = []
    var targetCumulative: [Double] = []
    /// What each job has out; failures wait for it (see ``JobDrain``).
    var drain = JobDrain()

    /// How a holder of one role treats one step.
    struct Decision {
        /// The probability it does the work (0 without the skill).
        var stay: Double
        /// Its targets: `targetRole[targetStart..<targetEnd]`.
        var targetStart: Int
        var targetEnd: Int
    }

    /// The tag of a handoff message (its payload is the task's depth after the handoff).
    public static let handoffMessage: UInt32 = 1
    /// The reason a job fails when a task would be handed off more than `max_depth` times.
    public static let depthExceeded = "delegation depth exceeded"
    /// The reason a job fails when cycle detection sees a handoff return to a role on the path.
    public static let cycleDetected = "delegation cycle"
    /// Per task: the roles its current delegation path has visited (bit r for role r < 64), reset
    /// when a task is first held (depth 0). A handoff call made after the path revisited a role is
    /// booked as `loop` cost. Freed with the job (``jobEnded(_:_:)``).
    var pathRoles = TaskStateByJob<UInt64>()

    /// Creates the pattern over `ctx`'s fleet; the entry role must exist.
    public init(spec: HandoffSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        let roles = ctx.fleet.roles
        guard let entry = roles.firstIndex(where: { $0.name == spec.entry }) else {
            preconditionFailure("handoff: no role named \(spec.entry) (validation checks)")
        }
        entryRole = entry
        stepCount = ctx.graph.steps.count
        maxDepth = min(spec.maxDepth, Int(UInt32.max) - 1)
        do throws(HandoffRoutes.Problem) {
            let table = try HandoffRoutes(
                parsing: spec.routes, roles: roles.map(\.name), steps: ctx.graph.steps.map(\.name))
            problem = nil
            compile(table, ctx: &ctx)
        } catch {
            problem = "handoff " + error.message
        }
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "handoff" }

    private mutating func compile(_ table: HandoffRoutes, ctx: inout CoordinationContext) {
        let roles = ctx.fleet.roles
        let steps = ctx.graph.steps
        // A role can do a step when its agents serve the step's pool (all or none of them do).
        var canDo: [Bool] = []
        for role in roles {
            let first = AgentID(index: UInt32(role.firstAgent))
            for step in steps { canDo.append(ctx.members(of: step.pool).contains(first)) }
        }
        func capable(_ r: Int, _ s: Int) -> Bool { canDo[r * steps.count + s] }
        for (r, role) in roles.enumerated() {
            for (s, step) in steps.enumerated() {
                let row = table.row(role: role.name, step: step.name)
                let start = targetRole.count
                var cumulative = 0.0
                for target in row?.targets ?? [] {
                    cumulative += target.probability
                    targetRole.append(roles.firstIndex { $0.name == target.role }!)
                    targetCumulative.append(cumulative)
                }
                if targetRole.count == start && !capable(r, s) {
                    // No row: straight to the first role with the skill.
                    targetRole.append(roles.indices.first { capable($0, s) }!)
                    targetCumulative.append(1)
                }
                let stay = capable(r, s) ? (row?.stay ?? 1) : 0
                decisions.append(Decision(stay: stay, targetStart: start, targetEnd: targetRole.count))
            }
        }
    }

    /// Starts the job, or fails it at once when the routing table did not compile.
    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        drain.arrive(job)
        if let problem {
            ctx.failJob(job, reason: problem)
        } else {
            ctx.startJob(job)
        }
    }

    /// The entry role's least-loaded agent gets the task (unless the job is failing).
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        if drain.isFailing(task.job) { return }
        hold(task, by: leastLoaded(entryRole, ctx), depth: 0, &ctx)
    }

    /// A handoff arrived: its receiver now holds the task, one handoff deeper. Duplicates are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        guard drain.returned(message.task.job, &ctx) else { return }
        hold(message.task, by: message.to, depth: Int(message.payload), &ctx)
    }

    /// The holder's decision call finished: it hands the task off (the call's tag is the depth).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard drain.returned(call.job, &ctx) else { return }
        handOff(call.task!, from: call.agent, depth: Int(call.tag), &ctx)
    }

    /// The holder did the work: the copy is done (unless its job is failing and this was the last
    /// thing out, which fails it now).
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        guard drain.returned(result.task.job, &ctx) else { return }
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }

    /// The job ended: the delegation paths of its tasks are forgotten.
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) { pathRoles.end(job) }

    /// A full queue rejected a task: its job fails once nothing else of it is out.
    public mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        let pool = ctx.fleet.pools[Int(ctx.pool(of: task).index)].label
        drain.fail(task.job, reason: "rejected: queue full (\(pool))", &ctx)
    }

    /// `holder` has the task, handed off `depth` times: it does the work or decides to hand off.
    private mutating func hold(
        _ task: TaskRef, by holder: AgentID, depth: Int, _ ctx: inout CoordinationContext
    ) {
        let role = Int(ctx.fleet.roleOfAgent[Int(holder.index)])
        let bit: UInt64 = role < 64 ? 1 << UInt64(role) : 0
        let visited = depth == 0 ? 0 : pathRoles[task, default: 0]
        let looping = visited & bit != 0
        pathRoles[task] = visited | bit
        let decision = decisions[role * stepCount + Int(task.step)]
        if decision.stay >= 1 || (decision.stay > 0 && ctx.coordinatorRNG.nextDouble() < decision.stay) {
            pathRoles[task] = nil
            if ctx.submit(task, toAgent: holder) != .rejected { drain.sent(task.job) }
            return
        }
        guard depth < maxDepth else {
            pathRoles[task] = nil
            drain.fail(task.job, reason: Self.depthExceeded, &ctx)
            return
        }
        guard let size = spec.handoff else {
            handOff(task, from: holder, depth: depth, &ctx)
            return
        }
        let tokensIn = Int(InputLimits.tokens(size.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = Int(InputLimits.tokens(size.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
        let result = ctx.coordinationCall(
            for: task.job, tag: UInt32(depth), about: task, onAgent: holder, tokensIn: tokensIn,
            tokensOut: tokensOut, cause: looping ? .loop : .coordination)
        if result == .rejected {
            drain.fail(task.job, reason: "rejected: handoff queue full", &ctx)
        } else {
            drain.sent(task.job)
        }
    }

    /// `holder` decided to hand the task off: to the least loaded agent of a role drawn from its row.
    private mutating func handOff(
        _ task: TaskRef, from holder: AgentID, depth: Int, _ ctx: inout CoordinationContext
    ) {
        let role = Int(ctx.fleet.roleOfAgent[Int(holder.index)])
        let decision = decisions[role * stepCount + Int(task.step)]
        var k = decision.targetStart
        if decision.targetEnd - k > 1 {
            let u = ctx.coordinatorRNG.nextDouble()
            while k < decision.targetEnd - 1 && u >= targetCumulative[k] { k += 1 }
        }
        if spec.cycleDetection, targetRole[k] < 64,
            pathRoles[task, default: 0] & (1 << UInt64(targetRole[k])) != 0
        {
            pathRoles[task] = nil
            drain.fail(task.job, reason: Self.cycleDetected, &ctx)
            return
        }
        let next = leastLoaded(targetRole[k], ctx)
        ctx.recordDelegationDepth(depth + 1)
        drain.sent(task.job)
        ctx.send(
            Message(from: holder, to: next, tag: Self.handoffMessage, task: task, payload: UInt64(depth + 1)))
    }

    /// The agent of `role` with the least load (lowest index on ties).
    private func leastLoaded(_ role: Int, _ ctx: borrowing CoordinationContext) -> AgentID {
        let r = ctx.fleet.roles[role]
        var best = AgentID(index: UInt32(r.firstAgent))
        var bestLoad = ctx.load(of: best)
        for a in (r.firstAgent + 1)..<(r.firstAgent + r.count) {
            let agent = AgentID(index: UInt32(a))
            let load = ctx.load(of: agent)
            if load < bestLoad {
                best = agent
                bestLoad = load
            }
        }
        return best
    }
}
