import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// Draws one fault of a kind at a given time: its target, its strength, its duration.
struct FaultGenerator {
    let kind: ChaosSpec.Kind
    /// 0 ..< 1: how hard this seed's faults of the kind hit (swarm), 0.5 without swarm.
    let strength: Double
    /// The roles faults may hit.
    let roles: [AgentRoleSpec]
    /// Faults heal by this time.
    let horizon: SimDuration

    /// `seconds` rounded down to whole milliseconds.
    static func milliseconds(_ seconds: Double) -> SimDuration {
        guard seconds < 1e9 else { return .seconds(1_000_000_000) }
        return .milliseconds(Int64((seconds * 1_000).rounded(.down)))
    }

    /// A uniform draw in `low ..< high` seconds, in whole milliseconds.
    func uniform(_ low: Double, _ high: Double, _ rng: inout Xoshiro256StarStar) -> SimDuration {
        Self.milliseconds(low + (high - low) * rng.nextDouble())
    }

    /// The fault starting at `start`, ending by the horizon; `nil` when it would last no time.
    mutating func fault(at start: SimDuration, _ rng: inout Xoshiro256StarStar) -> ScheduledFault? {
        let role = roles[Int(rng.next(below: UInt64(roles.count)))]
        let agent = Int(rng.next(below: UInt64(role.count)))
        let lasting = min(uniform(10, 120, &rng), SimDuration(nanos: horizon.nanos - start.nanos))
        guard lasting > .zero else { return nil }
        let s = strength
        func onAgent(_ kind: FaultSpec.Kind) -> ScheduledFault {
            .agent(
                FaultSpec(at: start, duration: lasting, role: role.name, agents: agent...agent, kind: kind))
        }
        func onLinks(_ kind: LayerFaultSpec.Kind, from: [String]? = nil, to: [String]? = nil)
            -> ScheduledFault
        {
            .layer(LayerFaultSpec(at: start, duration: lasting, kind: kind, from: from, to: to))
        }
        switch kind {
        case .crash:
            return onAgent(.crash)
        case .slowdown:
            return onAgent(.slowdown(factor: Self.rounded(2 + 18 * s)))
        case .errorBurst:
            return onAgent(.errorRate(Self.rounded(0.2 + 0.8 * s)))
        case .slowFirstToken:
            return onAgent(.slowFirstToken(Self.milliseconds(1 + 29 * s)))
        case .rateLimitStorm:
            return onAgent(.rateLimitStorm)
        case .hallucination:
            return .layer(
                LayerFaultSpec(
                    at: start, duration: lasting, kind: .hallucination(accuracy: Self.rounded(0.5 * (1 - s))),
                    role: role.name))
        case .latencySpike:
            return onLinks(.latencySpike(Self.milliseconds(0.5 + 9.5 * s)))
        case .loss:
            return onLinks(.loss(Self.rounded(0.05 + 0.9 * s)))
        case .duplicate:
            return onLinks(.duplication(Self.rounded(0.05 + 0.9 * s)))
        case .reorder:
            return onLinks(.reorder(Self.milliseconds(1 + 29 * s)))
        case .partition:
            guard roles.count >= 2 else { return nil }
            var a: [String] = []
            var b: [String] = []
            for r in roles {
                if rng.next(below: 2) == 0 { a.append(r.name) } else { b.append(r.name) }
            }
            if a.isEmpty { a.append(b.removeFirst()) }
            if b.isEmpty { b.append(a.removeLast()) }
            let oneWay = rng.next(below: 2) == 0
            return onLinks(.partition(oneWay: oneWay), from: a, to: b)
        }
    }

    /// `x` to three decimals, so it reads well in a scenario file and round-trips exactly.
    static func rounded(_ x: Double) -> Double { (x * 1_000).rounded() / 1_000 }
}
