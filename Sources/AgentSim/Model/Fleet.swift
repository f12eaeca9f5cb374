import AgentSimDistributions
import AgentSimSpec

/// How long one call takes on an agent.
public enum LatencyModel: Sendable, Hashable {
    /// A service-time distribution in seconds.
    case distribution(Distribution)
    /// An LLM: time to first token, then output tokens at a steady rate.
    case llm(ttft: Distribution, tokensPerSecond: Double)
}

/// A role compiled for the run loop.
public struct Role: Sendable {
    /// The role's name.
    public var name: String
    /// The first agent of the role; agents of a role are contiguous.
    public var firstAgent: Int
    /// Agents in the role.
    public var count: Int
    /// Concurrent calls per agent.
    public var capacity: Int
    /// The service time of one call.
    public var latency: LatencyModel
    /// Index into ``Fleet/models``, if the role names a model.
    public var model: Int?
    /// Default input tokens of a work call.
    public var tokensIn: Distribution?
    /// Default output tokens of a work call.
    public var tokensOut: Distribution?
    /// Maximum queued calls per queue (`Int.max`: unbounded).
    public var queueCapacity: Int
    /// Shared pool queue or per-agent queues.
    public var queue: QueueDiscipline
    /// Dispatch rule for per-agent queues.
    public var dispatch: DispatchRule
    /// The order its agents serve their queues in.
    public var discipline: ServiceOrder = .fifo
    /// Probability a step output of the role is right.
    public var accuracy: Double
}

/// A pool as the run loop sees it.
public struct PoolInfo: Sendable {
    /// The agents that serve the pool, in index order.
    public var members: [AgentID]
    /// Maximum queued calls (`Int.max`: unbounded).
    public var queueCapacity: Int
    /// Per-agent queues with a dispatch rule (`nil`: one shared FIFO).
    public var dispatch: DispatchRule?
    /// What the pool is for, e.g. `skill:support` or `role:lead`.
    public var label: String
    /// The order its queue is served in: its first member role's with a discipline other than
    /// FIFO, else FIFO.
    public var order: ServiceOrder = .fifo
}

/// Every agent, role, model and pool of a run, in plain arrays.
public struct Fleet: Sendable {
    /// The roles in scenario order.
    public var roles: [Role]
    /// The role of each agent.
    public var roleOfAgent: [UInt16]
    /// The models in scenario order.
    public var models: [ModelSpec]
    /// The pools: one per distinct set of agents serving a skill, plus one per role asked for.
    public var pools: [PoolInfo]
    /// The pools each agent serves.
    public var poolsOfAgent: [[PoolID]]
    /// Skill name → pool.
    public var poolOfSkill: [String: PoolID]
    /// Role name → pool of that role's agents.
    public var poolOfRole: [String: PoolID]

    /// Total number of agents.
    public var agentCount: Int { roleOfAgent.count }

    /// Builds the fleet of `scenario`; agents of `excludedRoles` serve no skill pool (e.g. a hub's
    /// coordinator), unless no other role has the skill.
    public init(scenario: Scenario, excludedRoles: Set<String> = []) {
        models = scenario.models
        let modelIndex = Dictionary(uniqueKeysWithValues: scenario.models.enumerated().map { ($1.name, $0) })
        roles = []
        roleOfAgent = []
        var next = 0
        for (r, spec) in scenario.agents.enumerated() {
            let model = spec.model.flatMap { modelIndex[$0] }
            let latency: LatencyModel
            if let dist = spec.latency {
                latency = .distribution(dist)
            } else if let m = model, let ttft = scenario.models[m].ttft,
                let tps = scenario.models[m].tokensPerSecond
            {
                latency = .llm(ttft: ttft, tokensPerSecond: tps)
            } else {
                latency = .distribution(.constant(0))  // validation rejects this; keep the fleet total
            }
            roles.append(
                Role(
                    name: spec.name, firstAgent: next, count: spec.count, capacity: spec.capacity,
                    latency: latency, model: model, tokensIn: spec.tokensIn, tokensOut: spec.tokensOut,
                    queueCapacity: spec.queueCapacity ?? .max, queue: spec.queue, dispatch: spec.dispatch,
                    accuracy: spec.accuracy))
            roles[r].discipline = spec.discipline
            roleOfAgent += Array(repeating: UInt16(r), count: spec.count)
            next += spec.count
        }
        pools = []
        poolsOfAgent = Array(repeating: [], count: next)
        poolOfSkill = [:]
        poolOfRole = [:]
        var poolOfMembers: [[AgentID]: PoolID] = [:]
        let skills = scenario.workload.job.steps.map(\.skill)
        for skill in skills where poolOfSkill[skill] == nil {
            let holders = scenario.agents.indices.filter { scenario.agents[$0].skills.contains(skill) }
            let preferred = holders.filter { !excludedRoles.contains(scenario.agents[$0].name) }
            let chosen = preferred.isEmpty ? holders : preferred
            let members = chosen.flatMap { r in
                (0..<roles[r].count).map { AgentID(index: UInt32(roles[r].firstAgent + $0)) }
            }
            if let existing = poolOfMembers[members] {
                poolOfSkill[skill] = existing
            } else {
                let id = addPool(members: members, label: "skill:\(skill)")
                poolOfMembers[members] = id
                poolOfSkill[skill] = id
            }
        }
    }

    /// The pool of `role`'s agents, created on first request (e.g. for a coordinator's calls).
    public mutating func pool(forRole name: String) -> PoolID? {
        if let id = poolOfRole[name] { return id }
        guard let role = roles.first(where: { $0.name == name }) else { return nil }
        let members = (0..<role.count).map { AgentID(index: UInt32(role.firstAgent + $0)) }
        let id = addPool(members: members, label: "role:\(name)")
        poolOfRole[name] = id
        return id
    }

    /// The role of `agent`.
    public func role(of agent: AgentID) -> Role { roles[Int(roleOfAgent[Int(agent.index)])] }

    private mutating func addPool(members: [AgentID], label: String) -> PoolID {
        let id = PoolID(index: UInt32(pools.count))
        let memberRoles = Set(members.map { Int(roleOfAgent[Int($0.index)]) })
        let perAgent = memberRoles.sorted().first { roles[$0].queue == .perAgent }
        let ordered = memberRoles.sorted().first { roles[$0].discipline != .fifo }
        pools.append(
            PoolInfo(
                members: members, queueCapacity: memberRoles.map { roles[$0].queueCapacity }.min() ?? .max,
                dispatch: perAgent.map { roles[$0].dispatch }, label: label,
                order: ordered.map { roles[$0].discipline } ?? .fifo))
        for agent in members { poolsOfAgent[Int(agent.index)].append(id) }
        return id
    }
}
