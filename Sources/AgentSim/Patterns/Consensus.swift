import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// The consensus pattern: a group of agents decides each step's output.
///
/// Every step copy is done by `voters` agents of the step's skill pool in parallel (extra work
/// calls); each voter reports its vote to the tallier (one message each) and the tallier decides by
/// the rule. The outputs are modelled as right or wrong (binary, as in the Condorcet jury theorem:
/// wrong outputs agree with each other), except under `ranked_choice`, where wrong outputs split
/// among `wrong_answers` alternatives. `pbft` instead runs the Castro–Liskov normal case on
/// n = 3f+1 replicas. The tallier is the consensus service itself, not an agent: vote messages go to
/// ``AgentID/none``.
///
/// Its known failure mode is cost: work calls grow n-fold for an accuracy gain that shrinks as
/// n grows (and reverses when voters are worse than chance); under load the extra calls queue, and
/// a `timeout` then decides with fewer votes than asked for.
public enum ConsensusPattern: PatternDefinition {
    /// The `type` that scenario files name this pattern by.
    public static let name = "consensus"
    /// What the pattern models, in one line.
    public static let summary =
        "A group of agents decides each step's output: by vote (majority, unanimity, weighted, ...) or by PBFT."
    /// The keys the pattern takes under `pattern` besides `type`: kinds, defaults and help.
    public static let parameters = [
        ParameterDeclaration(
            "voters", .count(minimum: 1), default: .int(3),
            help: "Agents of the skill pool that each do every step copy and vote (not used by pbft)."),
        ParameterDeclaration(
            "rule", .choice(ConsensusRule.allCases.map(\.rawValue)), default: .string("majority"),
            help: "How the votes decide."),
        ParameterDeclaration(
            "supermajority", .probability, default: .number(2.0 / 3.0),
            help: "The share of votes that must agree under the supermajority rule."),
        ParameterDeclaration(
            "max_rounds", .count(minimum: 1), default: .int(3),
            help: "Rounds of voting before supermajority and unanimity give up and multi_round falls back."),
        ParameterDeclaration(
            "timeout", .duration, default: .duration(.seconds(60)),
            help: "A round's deadline: decide with the votes in hand, or fail with none (0: no deadline)."),
        ParameterDeclaration(
            "vote", .callSize, default: .callSize(nil),
            help: "The call each voter makes to cast its vote (null: voting costs only messages)."),
        ParameterDeclaration(
            "f", .count(minimum: 1), default: .int(1),
            help: "pbft: the faults tolerated; n = 3f+1 replicas."),
        ParameterDeclaration(
            "wrong_answers", .count(minimum: 1), default: .int(2),
            help: "ranked_choice: the distinct wrong outputs a wrong voter picks from."),
    ]

    /// Builds one run's coordinator from the decoded parameters.
    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> Consensus
    {
        Consensus(spec: ConsensusSpec(parameters: parameters), ctx: &ctx)
    }
}

/// How a consensus group decides a step's output from its votes.
public enum ConsensusRule: String, Sendable, Hashable, CaseIterable {
    /// One round; the output with more than half of the votes; a tie is settled by a fair coin.
    case majority
    /// Every vote must agree; otherwise every voter votes again, up to `max_rounds`, then the job fails.
    case unanimity
    /// One round; each vote weighs log(p/(1−p)) for its role's accuracy p (the optimal weights for
    /// independent voters); the heavier side wins, a tie by coin.
    case weighted
    /// At least ⌈q·n⌉ votes must agree (q = `supermajority`); otherwise every voter votes again, up
    /// to `max_rounds`, then the job fails.
    case supermajority
    /// Deliberation: while the votes disagree, the minority (everyone on a tie) redoes its work and
    /// votes again while the majority keeps its votes; after `max_rounds` the majority decides.
    case multiRound = "multi_round"
    /// One round of instant-runoff voting over ranked ballots (see ``Consensus`` for the ballot model).
    case rankedChoice = "ranked_choice"
    /// Liquid democracy: voters less accurate than the group's best delegate their vote to it and do
    /// no work; the delegate's vote weighs 1 + the delegations it holds.
    case delegation
    /// Practical Byzantine fault tolerance: n = 3f+1 replicas agree on the request, execute it, and
    /// the client takes the first output with f+1 matching replies.
    case pbft
}

/// Parameters of the consensus pattern.
public struct ConsensusSpec: Sendable, Hashable {
    /// Agents that do each step copy and vote (pbft uses 3f+1 replicas instead).
    public var voters: Int
    /// How the votes decide.
    public var rule: ConsensusRule
    /// The share of votes that must agree under ``ConsensusRule/supermajority``.
    public var supermajority: Double
    /// The bound on voting rounds (supermajority, unanimity, multi_round).
    public var maxRounds: Int
    /// A round's deadline; at it the tallier decides with the votes in hand, or fails the job when it
    /// has none. Zero: no deadline.
    public var timeout: SimDuration
    /// The call each voter makes to cast its vote (`nil`: none, voting costs only the messages).
    public var vote: CallSpec?
    /// pbft: the number of faulty replicas tolerated; n = 3f+1.
    public var f: Int
    /// ranked_choice: how many distinct wrong outputs there are.
    public var wrongAnswers: Int

    /// Creates consensus parameters; the defaults are those of the scenario file.
    public init(
        voters: Int = 3, rule: ConsensusRule = .majority, supermajority: Double = 2.0 / 3.0,
        maxRounds: Int = 3, timeout: SimDuration = .seconds(60), vote: CallSpec? = nil, f: Int = 1,
        wrongAnswers: Int = 2
    ) {
        self.voters = voters
        self.rule = rule
        self.supermajority = supermajority
        self.maxRounds = maxRounds
        self.timeout = timeout
        self.vote = vote
        self.f = f
        self.wrongAnswers = wrongAnswers
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            voters: p.int("voters"), rule: ConsensusRule(rawValue: p.string("rule")) ?? .majority,
            supermajority: p.number("supermajority"), maxRounds: p.int("max_rounds"),
            timeout: p.duration("timeout"), vote: p.callSize("vote"), f: p.int("f"),
            wrongAnswers: p.int("wrong_answers"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "voters": .int(voters), "rule": .string(rule.rawValue), "supermajority": .number(supermajority),
            "max_rounds": .int(maxRounds), "timeout": .duration(timeout), "vote": .callSize(vote),
            "f": .int(f), "wrong_answers": .int(wrongAnswers),
        ])
    }

    /// Votes per decision: `voters`, or 3f+1 replicas under pbft.
    public var groupSize: Int { rule == .pbft ? 3 * f + 1 : voters }
}

extension PatternSpec {
    /// The consensus pattern with `spec`.
    public static func consensus(_ spec: ConsensusSpec = ConsensusSpec()) -> PatternSpec {
        PatternSpec(name: ConsensusPattern.name, parameters: spec.parameters)
    }
}

/// The consensus coordinator: opens a decision per step copy, collects its votes (or runs PBFT) and
/// completes the copy with the decided output.
///
/// Ballot model of `ranked_choice`: a right voter's first preference is the right output; a wrong
/// voter's is one of `wrong_answers` wrong outputs, uniformly; lower preferences are a uniformly
/// random order of the other outputs (a voter knows no more about the others' outputs than
/// chance). Instant runoff then eliminates the weakest output until one holds more than half of
/// the ballots. With `wrong_answers` 1 it is the majority rule.
///
/// Decision state lives in a slot table keyed by task copy; every decision still open when its job
/// ends is freed then (``jobEnded(_:_:)``), so the table holds only the decisions of jobs in flight.
public struct Consensus: Coordinator {
    /// The pattern's parameters.
    public let spec: ConsensusSpec
    /// Votes per decision (voters, or 3f+1 replicas).
    let groupSize: Int
    var slotOfTask: [TaskRef: Int] = [:]
    /// Per job, its open decision slots (what ``jobEnded(_:_:)`` frees).
    var openOfJob: [JobID: [Int32]] = [:]
    var decisions: [ConsensusDecision] = []
    var freeDecisions: [UInt32] = []
    /// Votes in hand: decision slot × groupSize + i.
    var ballots: [ConsensusBallot] = []
    /// PBFT replica state: decision slot × groupSize + replica.
    var replicas: [ConsensusReplica] = []
    /// Per agent: log(p/(1−p)) of its role's accuracy p, clamped to [0.01, 0.99].
    let logOdds: [Double]
    /// Per agent: its role's accuracy.
    let accuracy: [Double]
    /// Per pool: the member the next delegation or pbft group starts at.
    var cursor: [Int]
    /// Scratch space of the instant runoff, allocated once.
    var rankings: [UInt16]
    var firstChoices: [Int32]
    var eliminated: [Bool]
    var tied: [UInt16]

    /// Message tag of a vote (voter to tallier; payload: round << 1 | right).
    public static let voteTag: UInt32 = 1
    /// Message tag of a request to vote again (tallier to the pool; payload: round).
    public static let revoteTag: UInt32 = 2
    /// Message tag of a delegation (delegator to delegate).
    public static let delegateTag: UInt32 = 3
    /// PBFT message tag of a request (client to primary). Replica-to-replica payloads are
    /// sender | receiver << 32 (replica numbers).
    public static let requestTag: UInt32 = 10
    /// PBFT message tag of a pre-prepare (primary to the backups).
    public static let prePrepareTag: UInt32 = 11
    /// PBFT message tag of a prepare (replica to replica).
    public static let prepareTag: UInt32 = 12
    /// PBFT message tag of a commit (replica to replica).
    public static let commitTag: UInt32 = 13
    /// PBFT message tag of a reply (replica to client; payload: 1 when its output is right).
    public static let replyTag: UInt32 = 14
    /// Coordination call tag of a vote cast on a wrong output; `voteCallTag + 1` on a right one.
    public static let voteCallTag: UInt32 = 1
    /// A vote's payload: bit 0 whether the voter's output is right, the bits above it the round.
    static let voteRight = BitField<UInt64>(offset: 0, width: 1)
    /// The round a vote is cast in (``voteRight``).
    static let voteRound = BitField<UInt64>(after: voteRight, width: 63)
    /// A replica-to-replica PBFT payload: the sender's replica number in the low half...
    static let replicaSender = BitField<UInt64>(offset: 0, width: 32)
    /// ... and the receiver's in the high half.
    static let replicaReceiver = BitField<UInt64>(after: replicaSender, width: 32)
    /// Timer tags are the round number modulo this (tags stay below 2^24).
    static let roundTagModulus: UInt32 = 1 << 24

    /// Creates the pattern over `ctx`'s fleet.
    public init(spec: ConsensusSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        groupSize = spec.groupSize
        let roles = ctx.fleet.roles
        accuracy = ctx.fleet.roleOfAgent.map { roles[Int($0)].accuracy }
        logOdds = accuracy.map {
            let p = Swift.min(0.99, Swift.max(0.01, $0))
            return SimMath.log(p / (1 - p))
        }
        cursor = Array(repeating: 0, count: ctx.fleet.pools.count)
        let candidates = spec.wrongAnswers + 1
        rankings = Array(repeating: 0, count: spec.rule == .rankedChoice ? groupSize * candidates : 0)
        firstChoices = Array(repeating: 0, count: candidates)
        eliminated = Array(repeating: false, count: candidates)
        tied = Array(repeating: 0, count: candidates)
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { "consensus" }

    /// Opens a decision for the task: a PBFT agreement, a delegation, or a first round of votes.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let slot = open(task)
        switch spec.rule {
        case .pbft: startAgreement(slot, &ctx)
        case .delegation: startDelegation(slot, &ctx)
        default: startRound(slot, voters: groupSize, asked: false, &ctx)
        }
    }

    /// A voter's output becomes its vote: a PBFT reply, a vote message, or first a vote call when
    /// voting costs one. Results for decisions already taken are dropped.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        // A result for a decision already taken (a deadline decided without it) is dropped unsent.
        guard let slot = slotOfTask[result.task] else { return }
        if spec.rule == .pbft {
            ctx.send(
                Message(
                    from: result.agent, to: .none, tag: Self.replyTag, task: result.task,
                    payload: result.correct ? 1 : 0))
            return
        }
        guard let vote = spec.vote else {
            sendVote(slot, from: result.agent, correct: result.correct, &ctx)
            return
        }
        let tokensIn = Int(InputLimits.tokens(vote.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = Int(InputLimits.tokens(vote.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
        let submitted = ctx.coordinationCall(
            for: result.task.job, tag: Self.voteCallTag &+ (result.correct ? 1 : 0), about: result.task,
            onAgent: result.agent, tokensIn: tokensIn, tokensOut: tokensOut)
        if submitted == .rejected {
            fail(slot, "consensus: vote call rejected (queue full)", &ctx)
        }
    }

    /// A vote call finished: its vote is sent to the tallier.
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard let task = call.task, let slot = slotOfTask[task] else { return }
        sendVote(slot, from: call.agent, correct: call.tag == Self.voteCallTag &+ 1, &ctx)
    }

    /// Votes are tallied, revote requests queue the task again, PBFT messages advance the agreement;
    /// duplicates and messages for closed decisions are ignored.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        guard let slot = slotOfTask[message.task] else { return }
        switch message.tag {
        case Self.voteTag: recordVote(slot, message, &ctx)
        case Self.revoteTag:
            if ctx.submit(message.task, to: ctx.pool(of: message.task)) == .rejected { close(slot) }
        case Self.delegateTag: break  // counted; the tallier already knows the delegate's weight
        default: agreementMessage(slot, message, &ctx)
        }
    }

    /// A round's deadline: decides on the votes in hand, or fails the job when there are none (or,
    /// in PBFT, no f+1 matching replies).
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        guard let slot = slotOfTask[task], decisions[slot].round % Self.roundTagModulus == tag,
            !decisions[slot].decided
        else {
            return
        }
        if spec.rule == .pbft {
            fail(slot, "consensus: no f+1 matching pbft replies before the timeout", &ctx)
        } else if decisions[slot].held == 0 {
            fail(slot, "consensus: no vote before the timeout", &ctx)
        } else {
            decide(slot, tallyInHand(slot, &ctx), &ctx)
        }
    }
}
