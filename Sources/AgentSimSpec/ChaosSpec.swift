import AgentSimKernel

/// Random chaos as a scenario states it: which fault kinds strike at what rate during the safety
/// phase, and how long the liveness phase gives jobs to end afterwards.
///
/// Every seed draws its own concrete fault list from the "faults" streams (see ``ChaosPlan``), so a
/// seed replays exactly and turning chaos on moves no other draw of the run.
public struct ChaosSpec: Sendable, Hashable {
    /// A kind of fault chaos can inject.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One agent stops silently, then restarts.
        case crash
        /// One agent's calls take several times as long.
        case slowdown
        /// One agent's calls fail with a high probability.
        case errorBurst = "error_burst"
        /// A role's outputs are often wrong.
        case hallucination
        /// Every message takes longer.
        case latencySpike = "latency_spike"
        /// Messages are lost.
        case loss
        /// Messages are delivered twice.
        case duplicate
        /// Messages get random extra delays and overtake each other.
        case reorder
        /// Two groups of roles cannot reach each other (or one cannot reach the other).
        case partition
        // Kinds added later go last: each kind's swarm draws follow the order of this list, so a
        // kind added in the middle would change the faults of every existing seed.
        /// One agent's calls wait longer for their first token.
        case slowFirstToken = "slow_first_token"
        /// One agent's work calls are all refused with a 429.
        case rateLimitStorm = "rate_limit_storm"
    }

    /// The safety phase: faults start before this time and all have healed by it.
    public var horizon: SimDuration
    /// The liveness phase: every job must have ended this long after the safety phase (and every
    /// scheduled fault) is over.
    public var drain: SimDuration
    /// Mean faults per second of each kind during the safety phase (kinds not listed never occur).
    public var rates: [Kind: Double]
    /// Swarm testing: each seed also draws which of the listed kinds are on (each with probability
    /// 1/2) and how strong they are; without it every listed kind is on at medium strength.
    public var swarm: Bool
    /// The roles agent and quality faults may hit, and partitions may split (`nil`: every role).
    public var roles: [String]?

    /// Creates a chaos spec; the defaults are a 10-minute safety phase and a 30-minute drain.
    public init(
        horizon: SimDuration = .seconds(600), drain: SimDuration = .seconds(1_800),
        rates: [Kind: Double] = [:],
        swarm: Bool = true, roles: [String]? = nil
    ) {
        self.horizon = horizon
        self.drain = drain
        self.rates = rates
        self.swarm = swarm
        self.roles = roles
    }
}

extension ChaosSpec {
    /// The kinds listed with a positive rate that can never strike `scenario`, each with what would
    /// make it meaningful: chaos skips them, and `agentsim chaos` says so.
    ///
    /// Today that is a partition on a scenario with fewer than two roles chaos may hit: a partition
    /// splits the roles into two groups that cannot reach each other.
    public func skippedKinds(in scenario: Scenario) -> [(kind: Kind, reason: String)] {
        let eligible = scenario.agents.filter { roles?.contains($0.name) ?? true && $0.count > 0 }.map(\.name)
        guard (rates[.partition] ?? 0) > 0, eligible.count < 2 else { return [] }
        let which = eligible.isEmpty ? "no role" : "only the role \(eligible[0])"
        return [
            (
                .partition,
                "a partition splits the roles into two groups that cannot reach each other, and chaos may "
                    + "hit \(which); give the scenario a second role"
                    + (roles == nil ? "" : " or list two in chaos.roles") + " to make partitions meaningful"
            )
        ]
    }
}
