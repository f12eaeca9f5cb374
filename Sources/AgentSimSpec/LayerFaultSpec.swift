import AgentSimKernel

/// A fault of the chaos layer besides the agent faults of ``FaultSpec``: on the network's links
/// between groups of roles, or on a role's output quality.
///
/// Like every fault it starts `at` a time and lasts `duration` (`nil`: to the end of the run). It
/// acts only on what crosses the layer (messages sent with ``CoordinationContext/send(_:)``, step
/// outputs drawn for a role), never inside a pattern.
public struct LayerFaultSpec: Sendable, Hashable {
    /// What goes wrong.
    public enum Kind: Sendable, Hashable {
        /// Every matching message sent in the window takes this much longer.
        case latencySpike(SimDuration)
        /// Each matching message sent in the window is lost with this probability.
        case loss(Double)
        /// Each matching message sent in the window is delivered twice with this probability (the
        /// second copy at the same time, right after the first).
        case duplication(Double)
        /// Each matching message sent in the window is delayed by a uniform draw in [0, this), so
        /// messages overtake each other.
        case reorder(SimDuration)
        /// Messages from the `from` roles to the `to` roles (and back, unless `oneWay`) are
        /// dropped while the partition lasts, including those in flight when it starts; it heals
        /// at its end.
        case partition(oneWay: Bool)
        /// The role's step outputs are right with at most this probability (a hallucination burst).
        case hallucination(accuracy: Double)
    }

    /// When it starts.
    public var at: SimDuration
    /// How long it lasts (`nil`: to the end of the run).
    public var duration: SimDuration?
    /// What goes wrong.
    public var kind: Kind
    /// The sending roles it applies to (`nil`: any sender); one side of a partition.
    public var from: [String]?
    /// The receiving roles it applies to (`nil`: any receiver); the other side of a partition.
    public var to: [String]?
    /// The role a hallucination burst hits.
    public var role: String?

    /// Creates a layer fault.
    public init(
        at: SimDuration, duration: SimDuration?, kind: Kind, from: [String]? = nil, to: [String]? = nil,
        role: String? = nil
    ) {
        self.at = at
        self.duration = duration
        self.kind = kind
        self.from = from
        self.to = to
        self.role = role
    }

    /// Whether the fault acts on messages (every kind but hallucination).
    public var isNetwork: Bool {
        if case .hallucination = kind { return false }
        return true
    }
}
