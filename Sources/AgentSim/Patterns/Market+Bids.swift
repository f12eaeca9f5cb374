/// What market bidders know of the work and how an auctioneer scores their bids.
///
/// A bid is what an agent can know locally: the expected cost of the copy at its model's prices
/// (the step's mean token sizes, else its role's defaults) and its estimated time to finish it —
/// its role's mean service time, stretched by the calls already ahead of it in its queue.
struct BidBook {
    /// The expected cost and unloaded latency of one copy of a step on one role.
    struct Basis {
        var costUSD: Double
        var serviceSeconds: Double
    }

    /// At step × roleCount + role.
    let estimates: [Basis]
    let roleCount: Int
    /// Per step: the lowest positive expected cost and unloaded latency among its pool's roles (the
    /// scales of the balanced objective; 0: none positive).
    let referenceCost: [Double]
    let referenceLatency: [Double]
    let objective: MarketObjective

    /// Estimates every step on every role of `fleet`.
    init(graph: JobGraph, fleet: Fleet, objective: MarketObjective) {
        self.objective = objective
        roleCount = fleet.roles.count
        var estimates: [Basis] = []
        var referenceCost: [Double] = []
        var referenceLatency: [Double] = []
        for step in graph.steps {
            let row = fleet.roles.map { Self.basis(step, $0, fleet) }
            estimates += row
            let roles = Set(
                fleet.pools[Int(step.pool.index)].members.map { Int(fleet.roleOfAgent[Int($0.index)]) })
            referenceCost.append(roles.map { row[$0].costUSD }.filter { $0 > 0 }.min() ?? 0)
            referenceLatency.append(roles.map { row[$0].serviceSeconds }.filter { $0 > 0 }.min() ?? 0)
        }
        self.estimates = estimates
        self.referenceCost = referenceCost
        self.referenceLatency = referenceLatency
    }

    /// The bid of `bidder` for `task`, packed by ``encode(latencySeconds:costUSD:)``.
    ///
    /// Estimated latency = mean service × (1 + k ÷ capacity), k = max(0, load + 1 − capacity): the
    /// calls that would be ahead of this one once every slot is taken.
    func bid(on task: TaskRef, by bidder: AgentID, _ ctx: inout CoordinationContext) -> UInt64 {
        let role = Int(ctx.fleet.roleOfAgent[Int(bidder.index)])
        let basis = estimates[Int(task.step) * roleCount + role]
        let capacity = ctx.fleet.roles[role].capacity
        let ahead = max(0, ctx.load(of: bidder) + 1 - capacity)
        let latency = basis.serviceSeconds * (1 + Double(ahead) / Double(capacity))
        return Self.encode(latencySeconds: latency, costUSD: basis.costUSD)
    }

    /// A bid's score under the objective (lower wins) and its tie-break (lower wins; then the lower
    /// agent index).
    func score(latency: Double, cost: Double, step: Int) -> (score: Double, tieBreak: Double) {
        switch objective {
        case .cost: return (cost, latency)
        case .latency: return (latency, cost)
        case .balanced:
            let c = referenceCost[step] > 0 ? cost / referenceCost[step] : 0
            let l = referenceLatency[step] > 0 ? latency / referenceLatency[step] : 0
            return (c + l, 0)
        }
    }

    /// Packs a bid into a message payload: the estimated latency in seconds in the high 32 bits and
    /// the expected cost in USD in the low 32, each as a `Float` bit pattern (24 significant bits).
    static func encode(latencySeconds: Double, costUSD: Double) -> UInt64 {
        bidLatency.packing(UInt64(Float(min(latencySeconds, 1e30)).bitPattern))
            | bidCost.packing(UInt64(Float(min(costUSD, 1e30)).bitPattern))
    }

    /// Unpacks a bid from a message payload.
    static func decode(_ payload: UInt64) -> (latencySeconds: Double, costUSD: Double) {
        (
            Double(Float(bitPattern: UInt32(bidLatency.value(in: payload)))),
            Double(Float(bitPattern: UInt32(bidCost.value(in: payload))))
        )
    }

    /// The expected cost's bits in a bid's payload (``encode(latencySeconds:costUSD:)``).
    static let bidCost = BitField<UInt64>(offset: 0, width: 32)
    /// The estimated latency's bits in a bid's payload.
    static let bidLatency = BitField<UInt64>(after: bidCost, width: 32)

    /// What bids on `step` by agents of `role` are based on: the step's expected tokens (else the
    /// role's defaults) at the role's model prices, and the role's mean service time. An infinite
    /// mean (a heavy-tailed distribution) is capped at 10³⁰ so that scores stay comparable.
    private static func basis(_ step: JobGraph.Step, _ role: Role, _ fleet: Fleet) -> Basis {
        let tokensIn = min((step.tokensIn ?? role.tokensIn).map { $0.mean ?? 1e30 } ?? 0, 1e30)
        let tokensOut = min((step.tokensOut ?? role.tokensOut).map { $0.mean ?? 1e30 } ?? 0, 1e30)
        var cost = 0.0
        if let m = role.model {
            let model = fleet.models[m]
            cost = (tokensIn * model.inputPerMTokUSD + tokensOut * model.outputPerMTokUSD) / 1e6
        }
        let service: Double
        switch role.latency {
        case .distribution(let d): service = d.mean ?? 1e30
        case .llm(let ttft, let tokensPerSecond): service = (ttft.mean ?? 1e30) + tokensOut / tokensPerSecond
        }
        return Basis(costUSD: cost, serviceSeconds: min(service, 1e30))
    }
}
