/// The chaos layer's runtime state: what sits between the coordinator and the network and agents
/// besides the agent faults of ``CompiledFault``.
struct FaultLayer {
    /// The liveness deadline of a chaos run and the drain time before it (`nil`: no chaos spec, or
    /// a fault that never heals).
    var liveness: (deadline: SimTime, drain: SimDuration)?

    /// A layer with no faults.
    init() {}
}

extension CoordinationContext {
    /// When a chaos run stops: its liveness deadline, `nil` without one.
    public var livenessDeadline: SimTime? { layer.liveness?.deadline }
}
