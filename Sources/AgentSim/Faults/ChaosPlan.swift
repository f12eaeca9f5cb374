import AgentSimDistributions
import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// Turns a ``ChaosSpec`` and a seed into the concrete list of faults a chaos run injects.
///
/// Each kind draws from a stream of its own ("faults:KIND"), and the swarm choices from
/// "faults:swarm", so changing one kind's rate never moves another kind's faults, and nothing here
/// moves a draw of the run itself. Drawn faults are the same ``FaultSpec`` and ``LayerFaultSpec``
/// values scheduled faults use; times are whole milliseconds, so they read well in a scenario file.
public enum ChaosPlan {
    /// Put a limit on everything: at most this many faults of one kind per run.
    public static let maxFaultsPerKind = 1_000

    /// Every fault a run of `scenario` with root seed `seed` injects: the scheduled ones, then, in a
    /// chaos run (``Scenario/injectsRandomChaos``), those its chaos spec draws.
    public static func faults(for scenario: Scenario, seed: UInt64) -> [ScheduledFault] {
        var list = scenario.scheduledFaults
        if let chaos = scenario.chaos, scenario.injectsRandomChaos {
            list += draw(chaos, scenario: scenario, seed: seed)
        }
        return list
    }

    /// When a chaos run with `faults` must have ended every job: `drain` after the later of the
    /// safety phase's end and the last fault's heal; `nil` when a fault never heals.
    public static func livenessDeadline(_ chaos: ChaosSpec, faults: [ScheduledFault]) -> SimTime? {
        var safetyEnd = chaos.horizon
        for fault in faults {
            guard let end = fault.end else { return nil }
            safetyEnd = max(safetyEnd, end)
        }
        return .zero + safetyEnd + chaos.drain
    }

    /// The faults `chaos` draws for root seed `seed` on `scenario`'s roles.
    public static func draw(_ chaos: ChaosSpec, scenario: Scenario, seed: UInt64) -> [ScheduledFault] {
        let streams = RandomStreams(seed: seed)
        var swarm = streams.stream("faults:swarm")
        let eligible = scenario.agents.filter { chaos.roles?.contains($0.name) ?? true && $0.count > 0 }
        var drawn: [ScheduledFault] = []
        for kind in ChaosSpec.Kind.allCases {
            // Two swarm draws per kind whether it is listed or not, so each kind's choice is fixed
            // by the seed alone.
            let on = swarm.nextDouble() < 0.5
            let strength = swarm.nextDouble()
            guard let rate = chaos.rates[kind], rate > 0, !eligible.isEmpty else { continue }
            if chaos.swarm && !on { continue }
            var rng = streams.stream("faults:\(kind.rawValue)")
            var generator = FaultGenerator(
                kind: kind, strength: chaos.swarm ? strength : 0.5, roles: eligible, horizon: chaos.horizon)
            let meanGap = 1 / (rate * (chaos.swarm ? 0.5 + strength : 1))
            var t = 0.0
            for _ in 0..<maxFaultsPerKind {
                t += Distribution.exponential(mean: meanGap).sample(&rng)
                let start = FaultGenerator.milliseconds(t)
                guard start < chaos.horizon else { break }
                if let fault = generator.fault(at: start, &rng) { drawn.append(fault) }
            }
        }
        return drawn.sorted { $0.at < $1.at }
    }
}
