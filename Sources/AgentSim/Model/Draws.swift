import AgentSimRandom

/// The run's random streams, one of the parts ``CoordinationContext`` owns (ARCHITECTURE.md §2):
/// the seeds and one named stream per purpose, so that a draw for one purpose never shifts
/// another's. The coordinator's own stream stays on the context (``CoordinationContext/coordinatorRNG``).
///
/// Invariant: the per-agent streams hold one stream per agent of the fleet.
struct Draws {
    /// Seeds and named streams of this run.
    let streams: RandomStreams
    /// Per agent: service time draws ("agent:ROLE:k").
    var agentRNG: [Xoshiro256StarStar]
    /// Per agent: draws of output correctness ("quality:ROLE:k"), apart from latency draws.
    var qualityRNG: [Xoshiro256StarStar]
    /// Per agent: draws of call errors ("errors:ROLE:k"), apart from latency and quality draws.
    var errorRNG: [Xoshiro256StarStar]
    /// Draws of checks catching errors ("quality:checks").
    var checkRNG: Xoshiro256StarStar
    /// Retry jitter draws ("retry").
    var retryRNG: Xoshiro256StarStar
    /// Network latency draws ("network").
    var networkRNG: Xoshiro256StarStar
    /// Pool dispatch draws ("dispatch").
    var dispatchRNG: Xoshiro256StarStar

    /// The streams of `fleet`'s agents and of the run, all derived from `streams`.
    init(streams: RandomStreams, fleet: Fleet) {
        self.streams = streams
        var rngs: [Xoshiro256StarStar] = []
        var quality: [Xoshiro256StarStar] = []
        var errors: [Xoshiro256StarStar] = []
        for role in fleet.roles {
            for k in 0..<role.count {
                rngs.append(streams.stream("agent:\(role.name)", index: k))
                quality.append(streams.stream("quality:\(role.name)", index: k))
                errors.append(streams.stream("errors:\(role.name)", index: k))
            }
        }
        agentRNG = rngs
        qualityRNG = quality
        errorRNG = errors
        retryRNG = streams.stream("retry")
        checkRNG = streams.stream("quality:checks")
        networkRNG = streams.stream("network")
        dispatchRNG = streams.stream("dispatch")
    }
}
