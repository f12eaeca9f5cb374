import AgentSimKernel
import AgentSimSpec

/// The market pattern: a contract-net auction places every step copy.
///
/// The auctioneer — the agent that produced the copy's input, or an agent of the `market_maker`
/// role when the scenario names one — announces the copy to every other agent with its skill (one
/// message each). Each answers with a bid (one message each) computed from its queue (its load),
/// its model's prices and its estimated latency, and the auctioneer awards the copy to the best
/// bid under the `objective` (one message). With a `bid_window`, a timer closes the auction early:
/// later bids still cross the network (and are counted) but are ignored.
///
/// Heterogeneous agents make the objective visible: `cost` sends work to cheap agents even while
/// they queue, `latency` to fast ones even when they cost more. Its known failure modes: `cost`
/// never buys speed, so once the cheap class is saturated its queues grow without bound; and
/// herding — bids describe load at bid time, so auctions that overlap (the copies of a fan-out
/// step) all award the same agent.
public enum MarketPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "market"
    /// What the pattern models, in one line.
    public static let summary =
        "A contract-net auction per step: announce to every agent with the skill, each bids, award the best."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "objective", .choice(MarketObjective.allCases.map(\.rawValue)),
            default: .string(MarketObjective.balanced.rawValue),
            help:
                "What the best bid minimises: cost, latency or balanced (each relative to the best role)."
        ),
        ParameterDeclaration(
            "bid_window", .duration, default: .duration(.zero),
            help: "How long an auction waits for bids (0: for every bid); later bids are ignored."),
        ParameterDeclaration(
            "announce", .callSize, default: .callSize(nil),
            help: "The call the auctioneer makes to write each announcement (null, the default: none)."),
        ParameterDeclaration(
            "market_maker", .string, default: .string(""),
            help:
                "A role whose agents run every auction (default: the producer of a step's input)."),
    ]

    /// The market maker role, if one is named: its agents run auctions and serve no steps.
    public static func coordinatingRoles(_ parameters: PatternParameters) -> [String] {
        let maker = parameters.string("market_maker")
        return maker.isEmpty ? [] : [maker]
    }

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Market
    {
        Market(spec: MarketSpec(parameters: parameters), ctx: &ctx)
    }
}

/// What the winning bid of a market auction minimises.
public enum MarketObjective: String, Sendable, Hashable, CaseIterable {
    /// The expected cost of the work (ties: the lower latency).
    case cost
    /// The estimated time to finish the work, queue included (ties: the lower cost).
    case latency
    /// Cost ÷ the cheapest class's cost + latency ÷ the fastest class's unloaded latency.
    case balanced
}

/// Parameters of the market pattern.
public struct MarketSpec: Sendable, Hashable {
    /// What the winning bid minimises.
    public var objective: MarketObjective
    /// How long an auction waits for bids; zero: until every bid is in.
    public var bidWindow: SimDuration
    /// The call the auctioneer makes before announcing a copy (`nil`: none).
    public var announce: CallSpec?
    /// The role whose agents run every auction (`nil`: the producer of the copy's input does).
    public var marketMaker: String?

    /// Creates market parameters; the defaults are documented in Patterns.md.
    public init(
        objective: MarketObjective = .balanced, bidWindow: SimDuration = .zero, announce: CallSpec? = nil,
        marketMaker: String? = nil
    ) {
        self.objective = objective
        self.bidWindow = bidWindow
        self.announce = announce
        self.marketMaker = marketMaker
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        let maker = p.string("market_maker")
        self.init(
            objective: MarketObjective(rawValue: p.string("objective")) ?? .balanced,
            bidWindow: p.duration("bid_window"), announce: p.callSize("announce"),
            marketMaker: maker.isEmpty ? nil : maker)
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "objective": .string(objective.rawValue), "bid_window": .duration(bidWindow),
            "announce": .callSize(announce), "market_maker": .string(marketMaker ?? ""),
        ])
    }
}

extension PatternSpec {
    /// The market pattern with `spec`.
    public static func market(_ spec: MarketSpec = MarketSpec()) -> PatternSpec {
        PatternSpec(name: MarketPattern.name, parameters: spec.parameters)
    }

    /// The market parameters, when this is that pattern.
    public var market: MarketSpec? { name == MarketPattern.name ? MarketSpec(parameters: parameters) : nil }
}

/// The market coordinator (see ``MarketPattern``).
///
/// Messages per step copy with e bidders (the agents with the step's skill, the auctioneer
/// excepted): 2e + 1 when e ≥ 1 (announcements, bids, award); 0 when the auctioneer is the only
/// agent with the skill (it does the copy itself). Coordination calls: one `announce` call per
/// auction when it is set.
public struct Market: Coordinator {
    /// The pattern's parameters.
    public let spec: MarketSpec
    /// The market maker's agents (empty: none).
    let makers: [AgentID]
    /// What bidders know of the work, and how the auctioneer scores their bids.
    let book: BidBook
    var auctions = PlacementTable<Auction>()

    // Message and timer kinds: the low 3 bits of a tag; the auction's slot is above them.

    /// The auctioneer's call for bids.
    public static let announceKind: UInt32 = 1
    /// A bid; its payload packs the estimated latency (seconds, high 32 bits) and the expected cost
    /// (USD, low 32 bits) as `Float` bit patterns.
    public static let bidKind: UInt32 = 2
    /// The auctioneer's award to the winner.
    public static let awardKind: UInt32 = 3
    /// The bid window's timer.
    public static let closeKind: UInt32 = 4

    /// An auction in flight.
    struct Auction: PlacementRecord {
        var job: JobID
        var serial: UInt64
        var task: TaskRef
        var auctioneer: AgentID
        var bidders: Int32
        var received: Int32 = 0
        var awarded = false
        /// The bid window's timer has not fired yet.
        var timerPending = false
        /// The bid window is over: the next bid (if none came yet) wins.
        var closed = false
        var best = AgentID.none
        var bestScore = Double.infinity
        var bestTieBreak = Double.infinity
    }

    /// Creates the pattern over `ctx`'s fleet; a market maker role must exist.
    public init(spec: MarketSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        let fleet = ctx.fleet
        if let maker = spec.marketMaker {
            guard let role = fleet.roles.first(where: { $0.name == maker }) else {
                preconditionFailure("market: no role named \(maker) for market_maker")
            }
            makers = (0..<role.count).map { AgentID(index: UInt32(role.firstAgent + $0)) }
        } else {
            makers = []
        }
        book = BidBook(graph: ctx.graph, fleet: fleet, objective: spec.objective)
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { MarketPattern.name }

    /// Opens an auction for the task, run by a market maker, the producer of its input, or a pool
    /// member (by arrival number); with no other bidder the auctioneer takes the task itself.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let serial = ctx.serialNumber(of: task.job)
        let members = ctx.members(of: ctx.pool(of: task))
        let auctioneer: AgentID
        if !makers.isEmpty {
            auctioneer = makers[Int(serial % UInt64(makers.count))]
        } else if agent != .none {
            auctioneer = agent
        } else {
            auctioneer = members[Int(serial % UInt64(members.count))]
        }
        var bidders: Int32 = 0
        for m in members where m != auctioneer { bidders += 1 }
        if bidders == 0 {
            ctx.submit(task, toAgent: auctioneer)
            return
        }
        let slot = auctions.insert(
            Auction(job: task.job, serial: serial, task: task, auctioneer: auctioneer, bidders: bidders), &ctx
        )
        guard let call = spec.announce else {
            announce(slot, &ctx)
            return
        }
        let (tokensIn, tokensOut) = Placements.sizes(call, &ctx.coordinatorRNG)
        let result = ctx.coordinationCall(
            for: task.job, tag: slot, about: task, onAgent: auctioneer, tokensIn: tokensIn,
            tokensOut: tokensOut)
        if result == .rejected {
            auctions.remove(slot)
            ctx.failJob(task.job, reason: "rejected: auctioneer queue full")
        }
    }

    /// The auctioneer's announce call finished: the announcements go out (the tag is the auction).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        announce(call.tag, &ctx)
    }

    /// An announcement is answered with a bid, a bid is recorded (and may close the auction), an
    /// award queues the task at the winner. Duplicates are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        let slot = Placements.slot(message.tag)
        switch Placements.kind(message.tag) {
        case Self.announceKind:
            let tag = Placements.tag(Self.bidKind, slot: slot)
            let payload = book.bid(on: message.task, by: message.to, &ctx)
            ctx.send(
                Message(from: message.to, to: message.from, tag: tag, task: message.task, payload: payload))
        case Self.bidKind:
            receive(message, slot, &ctx)
        default:
            ctx.submit(message.task, toAgent: message.to)  // the award
        }
    }

    /// The bid window closed: the best bid so far wins, if any came.
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        let slot = Placements.slot(tag)
        auctions[slot].timerPending = false
        auctions[slot].closed = true
        if !auctions[slot].awarded && auctions[slot].received > 0 { award(slot, &ctx) }
        freeIfDone(slot)
    }

    /// The winner did the work: the copy is done, with its correctness.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }

    /// Sends the announcements (and starts the bid window).
    private mutating func announce(_ slot: UInt32, _ ctx: inout CoordinationContext) {
        let a = auctions[slot]
        let tag = Placements.tag(Self.announceKind, slot: slot)
        for m in ctx.members(of: ctx.pool(of: a.task)) where m != a.auctioneer {
            ctx.send(Message(from: a.auctioneer, to: m, tag: tag, task: a.task))
        }
        if spec.bidWindow > .zero {
            auctions[slot].timerPending = true
            ctx.setTimer(after: spec.bidWindow, tag: Placements.tag(Self.closeKind, slot: slot), task: a.task)
        }
    }

    /// Records one bid: the best so far is kept; the last bid, or the first after the window
    /// closed, ends the auction.
    private mutating func receive(_ message: Message, _ slot: UInt32, _ ctx: inout CoordinationContext) {
        auctions[slot].received += 1
        let a = auctions[slot]
        if !a.awarded {
            let (latency, cost) = BidBook.decode(message.payload)
            let (score, tieBreak) = book.score(latency: latency, cost: cost, step: Int(a.task.step))
            if score < a.bestScore || (score == a.bestScore && tieBreak < a.bestTieBreak)
                || (score == a.bestScore && tieBreak == a.bestTieBreak && message.from < a.best)
            {
                auctions[slot].best = message.from
                auctions[slot].bestScore = score
                auctions[slot].bestTieBreak = tieBreak
            }
            if a.received == a.bidders || a.closed { award(slot, &ctx) }
        }
        freeIfDone(slot)
    }

    private mutating func award(_ slot: UInt32, _ ctx: inout CoordinationContext) {
        auctions[slot].awarded = true
        let a = auctions[slot]
        ctx.send(
            Message(
                from: a.auctioneer, to: a.best, tag: Placements.tag(Self.awardKind, slot: slot), task: a.task)
        )
    }

    /// Frees the auction once it is awarded and nothing more can arrive for it.
    private mutating func freeIfDone(_ slot: UInt32) {
        let a = auctions[slot]
        if a.awarded && a.received == a.bidders && !a.timerPending { auctions.remove(slot) }
    }
}
