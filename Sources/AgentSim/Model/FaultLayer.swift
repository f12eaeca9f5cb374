import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// A layer fault resolved to role indices and times.
struct CompiledLayerFault {
    var start: SimTime
    var end: SimTime?
    var kind: LayerFaultSpec.Kind
    /// Per role: on the sending side (empty: any sender).
    var from: [Bool]
    /// Per role: on the receiving side (empty: any receiver).
    var to: [Bool]
    /// The role a hallucination burst hits (-1: none).
    var role: Int
}

/// The chaos layer's run-time state: what sits between the coordinator and the network and agents
/// besides the agent faults of ``CompiledFault``.
///
/// Its draws come from a stream of its own, "faults:network", and only while a network fault is
/// active or for the resend of a message one lost (`network.retransmit`), so turning faults on
/// moves no other draw of the run.
struct FaultLayer {
    /// The layer faults, in scenario order.
    var faults: [CompiledLayerFault]
    /// Per fault: active now.
    var active: [Bool]
    /// The active network faults, in fault order (empty: messages take the plain path).
    var activeNetwork: [Int] = []
    /// How many of them are partitions.
    var activePartitions = 0
    /// Loss, duplication and reordering draws.
    var rng: Xoshiro256StarStar
    /// Per agent: its role.
    let roleOfAgent: [UInt16]
    /// Per step: the roles of the pool that serves it, the receivers of a message sent to
    /// ``AgentID/none`` about one of its tasks (empty without network faults).
    let stepRoles: [[Int]]
    /// Per role: its accuracy without hallucination bursts.
    let baseAccuracy: [Double]
    /// The liveness deadline of a chaos run and the drain time before it (`nil`: no chaos spec, or
    /// a fault that never heals).
    var liveness: (deadline: SimTime, drain: SimDuration)?
    /// Faults (agent and layer) active at some time in the current sample interval.
    var touched = 0
    /// Message copies lost (loss or partition; resent later or not) and delivered twice.
    var messagesDropped = 0
    var messagesDuplicated = 0
    /// The resending of lost messages (`network.retransmit`); off unless the scenario sets it.
    var retransmission = Retransmission(nil)

    /// The layer of `specs` over `fleet`, whose steps are served by `stepPool`.
    init(
        _ specs: [LayerFaultSpec], fleet: Fleet, stepPool: [PoolID], accuracy: [Double],
        rng: Xoshiro256StarStar
    ) {
        let roleCount = fleet.roles.count
        func side(_ names: [String]?) -> [Bool] {
            guard let names else { return [] }
            var side = Array(repeating: false, count: roleCount)
            for (r, role) in fleet.roles.enumerated() where names.contains(role.name) { side[r] = true }
            return side
        }
        faults = specs.map { spec in
            CompiledLayerFault(
                start: .zero + spec.at, end: spec.duration.map { .zero + spec.at + $0 }, kind: spec.kind,
                from: side(spec.from), to: side(spec.to),
                role: spec.role.flatMap { name in fleet.roles.firstIndex { $0.name == name } } ?? -1)
        }
        active = Array(repeating: false, count: specs.count)
        self.rng = rng
        roleOfAgent = fleet.roleOfAgent
        baseAccuracy = accuracy
        if specs.contains(where: \.isNetwork) {
            stepRoles = stepPool.map { pool in
                var roles: [Int] = []
                for m in fleet.pools[Int(pool.index)].members {
                    let r = Int(fleet.roleOfAgent[Int(m.index)])
                    if !roles.contains(r) { roles.append(r) }
                }
                return roles
            }
        } else {
            stepRoles = []
        }
    }

    /// Whether `message`'s sender is on `side` (empty: anyone; the outside, ``AgentID/none``, is on
    /// no named side).
    func sender(of message: Message, on side: [Bool]) -> Bool {
        if side.isEmpty { return true }
        guard message.from != .none else { return false }
        return side[Int(roleOfAgent[Int(message.from.index)])]
    }

    /// Whether `message`'s receiver is on `side`: its agent's role, or for a message to
    /// ``AgentID/none`` every role of the pool serving its task's step (a pool with a member on
    /// the near side can still be reached).
    func receiver(of message: Message, on side: [Bool]) -> Bool {
        if side.isEmpty { return true }
        if message.to != .none { return side[Int(roleOfAgent[Int(message.to.index)])] }
        let step = Int(message.task.step)
        guard step < stepRoles.count, !stepRoles[step].isEmpty else { return false }
        for r in stepRoles[step] where !side[r] { return false }
        return true
    }

    /// Whether fault `i` applies to `message` (sender on its `from` side, receiver on its `to`).
    func matches(_ i: Int, _ message: Message) -> Bool {
        sender(of: message, on: faults[i].from) && receiver(of: message, on: faults[i].to)
    }

    /// Whether partition `i` separates `message`'s sender from its receiver.
    func cuts(_ i: Int, _ message: Message, oneWay: Bool) -> Bool {
        if matches(i, message) { return true }
        return !oneWay && sender(of: message, on: faults[i].to) && receiver(of: message, on: faults[i].from)
    }

    /// The index of an active partition that separates `message`'s endpoints, if one does.
    func partitionCutting(_ message: Message) -> Int? {
        for i in activeNetwork {
            if case .partition(let oneWay) = faults[i].kind, cuts(i, message, oneWay: oneWay) { return i }
        }
        return nil
    }
}

extension CoordinationContext {
    /// When a chaos run stops: its liveness deadline, `nil` without one. Internal: fault state.
    var livenessDeadline: SimTime? { layer.liveness?.deadline }

    /// Messages the network faults dropped (loss, partitions) and delivered twice so far. Internal:
    /// fault state, read into the run's summary.
    var networkFaultCounts: (dropped: Int, duplicated: Int) {
        (layer.messagesDropped, layer.messagesDuplicated)
    }
}
