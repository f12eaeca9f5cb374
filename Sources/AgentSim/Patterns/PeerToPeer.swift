import AgentSimSpec

/// The peer-to-peer pattern: agents coordinate directly, with no coordinator and so no single
/// point of failure.
///
/// Each step copy has an owner: the agent that finished the step before it, or, for a job's first
/// steps, the peer the job's arrival number picks in turn. The owner places the copy: it asks every
/// other peer with the step's skill for its load (one message each), each answers (one message
/// each), it decides (an optional LLM call, `negotiate`) and hands the copy to the least loaded
/// (one message). Peers keep a shared picture of the work by all-to-all state sync: after every
/// step copy completes (or every job, or never), each of the n peers sends its state to each
/// other one — n(n − 1) messages per sync.
///
/// Its known failure mode is that sync: messages per job grow with the square of the number of
/// peers, so adding agents to a peer mesh multiplies its traffic. Answers also go stale:
/// negotiations that overlap (the copies of a fan-out step) all choose the same least-loaded peer.
public enum PeerToPeerPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "peer_to_peer"
    /// What the pattern models, in one line.
    public static let summary =
        "Peers place each step by asking the peers with its skill; state syncs all-to-all, n(n-1) messages."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "peers", .roles, default: .strings([]),
            help: "The roles whose agents are peers (default: every role that serves a step)."),
        ParameterDeclaration(
            "sync", .choice(StateSync.allCases.map(\.rawValue)),
            default: .string(StateSync.everyStep.rawValue),
            help: "When every peer sends its state to every other: every_step, every_job or none."),
        ParameterDeclaration(
            "negotiate", .callSize, default: .callSize(PeerToPeerSpec.defaultNegotiate),
            help: "The call the owner of a step makes to choose among the answers (null: none)."),
    ]

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> PeerToPeer
    {
        PeerToPeer(spec: PeerToPeerSpec(parameters: parameters), ctx: &ctx)
    }
}

/// When peers send their state to one another.
public enum StateSync: String, Sendable, Hashable, CaseIterable {
    /// After every step copy completes.
    case everyStep = "every_step"
    /// Once per job, when its last step completes.
    case everyJob = "every_job"
    /// Never.
    case none
}

/// Parameters of the peer-to-peer pattern.
public struct PeerToPeerSpec: Sendable, Hashable {
    /// The roles whose agents are peers; empty: every role whose agents serve a step.
    public var peers: [String]
    /// When peers sync their state, all to all.
    public var sync: StateSync
    /// The call a step's owner makes to choose among the answers (`nil`: none; the least loaded
    /// answer wins either way).
    public var negotiate: CallSpec?

    /// Creates peer-to-peer parameters; the defaults are documented in Patterns.md.
    public init(
        peers: [String] = [], sync: StateSync = .everyStep,
        negotiate: CallSpec? = PeerToPeerSpec.defaultNegotiate
    ) {
        self.peers = peers
        self.sync = sync
        self.negotiate = negotiate
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            peers: p.strings("peers"), sync: StateSync(rawValue: p.string("sync")) ?? .everyStep,
            negotiate: p.callSize("negotiate"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "peers": .strings(peers), "sync": .string(sync.rawValue), "negotiate": .callSize(negotiate),
        ])
    }

    /// 400 tokens in (the step and the peers' answers), 20 out (a peer's name).
    public static let defaultNegotiate = CallSpec(tokensIn: .constant(400), tokensOut: .constant(20))
}

extension PatternSpec {
    /// The peer-to-peer pattern with `spec`.
    public static func peerToPeer(_ spec: PeerToPeerSpec = PeerToPeerSpec()) -> PatternSpec {
        PatternSpec(name: PeerToPeerPattern.name, parameters: spec.parameters)
    }

    /// The peer-to-peer parameters, when this is that pattern.
    public var peerToPeer: PeerToPeerSpec? {
        name == PeerToPeerPattern.name ? PeerToPeerSpec(parameters: parameters) : nil
    }
}

/// The peer-to-peer coordinator (see ``PeerToPeerPattern``).
///
/// Messages per step copy whose owner has e other peers with the step's skill: 2e + 1 (asks,
/// answers, handoff) when e ≥ 1; 0 when e = 0 and the owner has the skill (it does the copy
/// itself); 1 when no peer has it (a handoff to the skill's pool). Plus n(n − 1) per sync.
/// Coordination calls: one `negotiate` call per copy with e ≥ 1.
public struct PeerToPeer: Coordinator {
    /// The pattern's parameters.
    public let spec: PeerToPeerSpec
    /// The peers, in agent order.
    public let peers: [AgentID]
    /// Whether each agent is a peer.
    let isPeer: [Bool]
    /// Per step: the peers with its skill, in agent order.
    let eligible: [[AgentID]]
    var negotiations = PlacementTable<Negotiation>()

    // Message kinds: the low 3 bits of a tag; the negotiation's slot is above them.

    /// The owner asks a peer for its load.
    public static let askKind: UInt32 = 1
    /// A peer's answer (its payload: the peer's load).
    public static let answerKind: UInt32 = 2
    /// The owner hands the copy to the chosen peer (or to the skill's pool).
    public static let handoffKind: UInt32 = 3
    /// One peer's state sent to another.
    public static let syncKind: UInt32 = 4

    /// A placement the owner is negotiating.
    struct Negotiation: PlacementRecord {
        var job: JobID
        var serial: UInt64
        var task: TaskRef
        var owner: AgentID
        /// Answers still to come.
        var awaiting: Int32
        /// The least loaded answer so far (lowest agent index on ties).
        var best: AgentID
        var bestLoad: UInt64
    }

    /// Creates the pattern over `ctx`'s fleet; the `peers` roles must exist.
    public init(spec: PeerToPeerSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        let fleet = ctx.fleet
        var isPeer = Array(repeating: false, count: fleet.agentCount)
        if spec.peers.isEmpty {
            for step in ctx.graph.steps {
                for m in fleet.pools[Int(step.pool.index)].members { isPeer[Int(m.index)] = true }
            }
        } else {
            for name in spec.peers {
                guard let role = fleet.roles.first(where: { $0.name == name }) else {
                    preconditionFailure("peer_to_peer: no role named \(name) (validation should catch this)")
                }
                for k in 0..<role.count { isPeer[role.firstAgent + k] = true }
            }
        }
        self.isPeer = isPeer
        peers = isPeer.indices.filter { isPeer[$0] }.map { AgentID(index: UInt32($0)) }
        eligible = ctx.graph.steps.map { step in
            fleet.pools[Int(step.pool.index)].members.filter { isPeer[Int($0.index)] }
        }
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { PeerToPeerPattern.name }

    /// The copy's owner (the peer that produced its input, else one by arrival number) asks every
    /// other peer with the skill for its load; with no one to ask it does the work itself (or hands
    /// it to the skill's pool when no peer has the skill).
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let owner = self.owner(of: task, from: agent, &ctx)
        let candidates = eligible[Int(task.step)]
        var asked: Int32 = 0
        for peer in candidates where peer != owner { asked += 1 }
        if asked == 0 {
            if candidates.isEmpty {
                // No peer has the skill: hand the copy to the skill's pool.
                ctx.send(Message(from: owner, to: .none, tag: Self.handoffKind, task: task))
            } else {
                ctx.submit(task, toAgent: owner)
            }
            return
        }
        let record = Negotiation(
            job: task.job, serial: ctx.serialNumber(of: task.job), task: task, owner: owner, awaiting: asked,
            best: .none, bestLoad: .max)
        let slot = negotiations.insert(record, &ctx)
        let tag = Placements.tag(Self.askKind, slot: slot)
        for peer in candidates where peer != owner {
            ctx.send(Message(from: owner, to: peer, tag: tag, task: task))
        }
    }

    /// An ask is answered with the peer's load, answers are collected (the least loaded wins), a
    /// handoff queues the copy; state-sync messages only count. Duplicates are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        switch Placements.kind(message.tag) {
        case Self.askKind:
            let load = UInt64(ctx.load(of: message.to))
            let tag = Placements.tag(Self.answerKind, slot: Placements.slot(message.tag))
            ctx.send(Message(from: message.to, to: message.from, tag: tag, task: message.task, payload: load))
        case Self.answerKind:
            answer(message, &ctx)
        case Self.handoffKind:
            if message.to == .none {
                ctx.submit(message.task, to: ctx.pool(of: message.task))
            } else {
                ctx.submit(message.task, toAgent: message.to)
            }
        default:
            break  // state sync: peers update their picture; nothing to route
        }
    }

    /// The owner's negotiation call finished: the copy is handed to the chosen peer (the tag is the
    /// negotiation).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        handOff(call.tag, &ctx)
    }

    /// The copy is done; with `sync: every_step` the peer first tells every other peer.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        if spec.sync == .everyStep { syncAll(about: result.task, &ctx) }
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }

    /// The job completes; with `sync: every_job` the peer first tells every other peer.
    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        if spec.sync == .everyJob { syncAll(about: TaskRef(job: job, step: .max, copy: .max), &ctx) }
        ctx.completeJob(job)
    }

    /// The owner of a copy: the peer that produced its input, else the peer the job's arrival
    /// number picks in turn (jobs spread over peers round robin).
    private func owner(of task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) -> AgentID {
        if agent != .none && isPeer[Int(agent.index)] { return agent }
        precondition(!peers.isEmpty, "peer_to_peer: no peers")
        return peers[Int(ctx.serialNumber(of: task.job) % UInt64(peers.count))]
    }

    /// Records one answer; the last one triggers the decision.
    private mutating func answer(_ message: Message, _ ctx: inout CoordinationContext) {
        let slot = Placements.slot(message.tag)
        let from = message.from
        let current = negotiations[slot]
        if message.payload < current.bestLoad || (message.payload == current.bestLoad && from < current.best)
        {
            negotiations[slot].best = from
            negotiations[slot].bestLoad = message.payload
        }
        negotiations[slot].awaiting -= 1
        guard negotiations[slot].awaiting == 0 else { return }
        guard let call = spec.negotiate else {
            handOff(slot, &ctx)
            return
        }
        let n = negotiations[slot]
        let (tokensIn, tokensOut) = Placements.sizes(call, &ctx.coordinatorRNG)
        let result = ctx.coordinationCall(
            for: n.job, tag: slot, about: n.task, onAgent: n.owner, tokensIn: tokensIn, tokensOut: tokensOut)
        if result == .rejected {
            negotiations.remove(slot)
            ctx.failJob(n.job, reason: "rejected: peer queue full")
        }
    }

    /// Hands the negotiated copy to the chosen peer and ends the negotiation.
    private mutating func handOff(_ slot: UInt32, _ ctx: inout CoordinationContext) {
        let n = negotiations[slot]
        negotiations.remove(slot)
        ctx.send(Message(from: n.owner, to: n.best, tag: Self.handoffKind, task: n.task))
    }

    /// Every peer sends its state to every other: n(n − 1) messages.
    private func syncAll(about task: TaskRef, _ ctx: inout CoordinationContext) {
        for sender in peers {
            for receiver in peers where receiver != sender {
                ctx.send(Message(from: sender, to: receiver, tag: Self.syncKind, task: task))
            }
        }
    }
}
