import AgentSimKernel

/// Any fault a scenario schedules: an agent fault or a layer fault. The list a chaos run injects,
/// and the list shrinking works on.
public enum ScheduledFault: Sendable, Hashable, CustomStringConvertible {
    /// A crash, slowdown or error burst on agents.
    case agent(FaultSpec)
    /// A network or quality fault.
    case layer(LayerFaultSpec)

    /// When it starts.
    public var at: SimDuration {
        switch self {
        case .agent(let f): f.at
        case .layer(let f): f.at
        }
    }

    /// When it heals (`nil`: never).
    public var end: SimDuration? {
        switch self {
        case .agent(let f): f.duration.map { f.at + $0 }
        case .layer(let f): f.duration.map { f.at + $0 }
        }
    }

    /// One line, e.g. `crash worker[1] at 2m for 30s`.
    public var description: String {
        let window: String
        switch self {
        case .agent(let f): window = " at \(f.at)" + (f.duration.map { " for \($0)" } ?? "")
        case .layer(let f): window = " at \(f.at)" + (f.duration.map { " for \($0)" } ?? "")
        }
        switch self {
        case .agent(let f):
            let target =
                f.role
                + (f.agents.map {
                    $0.count == 1 ? "[\($0.lowerBound)]" : "[\($0.lowerBound)..\($0.upperBound)]"
                } ?? "")
            switch f.kind {
            case .crash: return "crash \(target)" + window
            case .slowdown(let factor): return "slowdown ×\(factor) \(target)" + window
            case .errorRate(let p): return "error burst \(p) \(target)" + window
            case .slowFirstToken(let d): return "slow first token +\(d) \(target)" + window
            case .rateLimitStorm: return "429 storm \(target)" + window
            }
        case .layer(let f):
            let links =
                (f.from == nil && f.to == nil)
                ? ""
                : " \((f.from ?? ["*"]).joined(separator: ","))→\((f.to ?? ["*"]).joined(separator: ","))"
            switch f.kind {
            case .latencySpike(let d): return "latency spike +\(d)" + links + window
            case .loss(let p): return "message loss \(p)" + links + window
            case .duplication(let p): return "duplication \(p)" + links + window
            case .reorder(let d): return "reorder up to \(d)" + links + window
            case .partition(let oneWay):
                return (oneWay ? "one-way partition" : "partition") + links + window
            case .hallucination(let a): return "hallucination (accuracy \(a)) \(f.role ?? "")" + window
            }
        }
    }
}

extension Scenario {
    /// Every fault the scenario schedules: the agent faults, then the layer faults.
    public var scheduledFaults: [ScheduledFault] {
        faults.map(ScheduledFault.agent) + layerFaults.map(ScheduledFault.layer)
    }

    /// Replaces every scheduled fault with `list` (agent faults and layer faults keep their order
    /// within their kind).
    public mutating func setScheduledFaults(_ list: [ScheduledFault]) {
        faults = []
        layerFaults = []
        for fault in list {
            switch fault {
            case .agent(let f): faults.append(f)
            case .layer(let f): layerFaults.append(f)
            }
        }
    }
}
