import AgentSimKernel
import AgentSimSpec

/// The blackboard coordinator: rounds of contributions per task on a shared board (see
/// ``BlackboardPattern``).
///
/// Quality: the board's answer for a task is right when a strict majority of its last round's
/// contributions are right (a tie is wrong); under `round_robin` and `iterative` a round is one
/// contribution, which read everything before it, so the answer is the last contribution.
public struct Blackboard: Coordinator {
    /// The pattern's parameters.
    public let spec: BlackboardSpec
    /// What the board did so far, except the board's own totals (see ``counters``).
    var tally = BlackboardCounters()
    /// Per step: the agents that contribute to it.
    let contributors: [[AgentID]]
    var tasks: TaskStateTable<BoardTask>
    var board: BoardResource
    /// Per job slot: the tokens written on the job's board so far.
    var region: [Int] = []
    /// Per step, under round_robin: the contributor whose turn the next task starts with.
    var turn: [UInt32]

    /// Coordination call tags: bit 0 read (0) or write (1); for a write, bit 1 the contribution's
    /// correctness and bits 2–23 its output tokens (what goes on the board).
    static let writeBit = BitField<UInt32>(offset: 0, width: 1)
    static let rightBit = BitField<UInt32>(after: writeBit, width: 1)
    static let writtenTokens = BitField<UInt32>(after: rightBit, width: 22)
    /// Message tag of a vote (payload 1: stop).
    public static let voteTag: UInt32 = 1
    /// The most output tokens a write puts on the board (what its tag can carry).
    static let maxWrittenTokens = Int(writtenTokens.maximum)

    /// Creates the pattern over `ctx`'s fleet and job graph.
    public init(spec: BlackboardSpec, ctx: inout CoordinationContext) {
        self.spec = spec
        let fleet = ctx.fleet
        let roles = Set(spec.contributors)
        contributors = ctx.graph.steps.map { step in
            let members = ctx.members(of: step.pool)
            let chosen = members.filter { roles.isEmpty || roles.contains(fleet.role(of: $0).name) }
            return chosen.isEmpty ? members : chosen
        }
        tasks = TaskStateTable(stepCount: ctx.graph.steps.count, initial: BoardTask())
        turn = Array(repeating: 0, count: ctx.graph.steps.count)
        board = BoardResource(capacity: spec.boardCapacity)
        precondition(spec.boardCapacity < 1 << 24, "blackboard: board_capacity below 2^24")
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { BlackboardPattern.name }

    /// A task comes on the board: its first round starts.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        begin(task.job, &ctx)
        tasks.announce(task)
        tasks[task].startNanos = ctx.now.nanos
        let team = contributors[Int(task.step)]
        switch spec.order {
        case .iterative:
            var best = team[0]
            for a in team.dropFirst() where ctx.load(of: a) < ctx.load(of: best) { best = a }
            tasks[task].first = best.index
        case .roundRobin:  // tasks start their turns at successive contributors, spreading the load
            tasks[task].first = turn[Int(task.step)]
            turn[Int(task.step)] = (turn[Int(task.step)] + 1) % UInt32(team.count)
        case .parallelMerge:
            break
        }
        startRound(task, &ctx)
    }

    /// The contributor writes its result: a write call, then a board access.
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        let right = Self.rightBit.packing(result.correct ? 1 : 0)
        guard let write = spec.write else {
            return access(.write, task: result.task, agent: result.agent, flags: right, &ctx)
        }
        let tokensIn = Int(InputLimits.tokens(write.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = min(
            Int(InputLimits.tokens(write.tokensOut.sampleNonNegative(&ctx.coordinatorRNG))),
            Self.maxWrittenTokens)
        tally.writeCalls += 1
        call(
            Self.writeBit.packing(1) | right | Self.writtenTokens.packing(UInt32(tokensOut)),
            task: result.task, agent: result.agent,
            tokensIn: tokensIn, tokensOut: tokensOut, &ctx)
    }

    /// A read call ends (the contributor works on the task) or a write call does (its output
    /// waits for a write access).
    public mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        guard let task = call.task else { return }
        if Self.writeBit.value(in: call.tag) == 0 {
            work(task, on: call.agent, &ctx)
        } else {
            access(.write, task: task, agent: call.agent, flags: call.tag, &ctx)
        }
    }

    /// A board access finished: its slot serves the next waiting access, and the contribution moves on.
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        let op = board.finish(tag, at: ctx.now)
        serveWaiting(&ctx)
        if op.kind == .read {
            tally.reads += 1
            readCall(op.task, op.agent, &ctx)
        } else {
            tally.writes += 1
            region[Int(task.job.index)] += Int(Self.writtenTokens.value(in: op.flags))
            contributed(op.task, by: op.agent, correct: Self.rightBit.value(in: op.flags) != 0, &ctx)
        }
    }

    /// A vote arrived; the last one of the round decides.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        guard message.tag == Self.voteTag else { return }
        let task = message.task
        tasks[task].votes += 1
        tasks[task].stopVotes += UInt16(message.payload & 1)
        let team = contributors[Int(task.step)].count
        guard Int(tasks[task].votes) == team else { return }
        if 2 * Int(tasks[task].stopVotes) > team {
            finish(task, &ctx)
        } else {
            startRound(task, &ctx)
        }
    }

    /// A board access of a job that ended held its slot until now.
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        if case .timerFired(let tag, _) = event {
            _ = board.finish(tag, at: ctx.now)
            serveWaiting(&ctx)
        }
    }

    // MARK: - Rounds

    /// Starts the next round of `task`: each of its contributors for the round reads the board.
    mutating func startRound(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        let team = contributors[Int(task.step)]
        var record = tasks[task]
        record.votes = 0
        record.stopVotes = 0
        record.right = 0
        record.made = 0
        switch spec.order {
        case .parallelMerge:
            record.pending = UInt16(clamping: team.count)
            tasks[task] = record
            for a in team { contribute(task, a, &ctx) }
        case .roundRobin:
            record.pending = 1
            tasks[task] = record
            contribute(task, team[(Int(record.first) + Int(record.round)) % team.count], &ctx)
        case .iterative:
            record.pending = 1
            tasks[task] = record
            contribute(task, AgentID(index: record.first), &ctx)
        }
    }

    mutating func contribute(_ task: TaskRef, _ agent: AgentID, _ ctx: inout CoordinationContext) {
        access(.read, task: task, agent: agent, flags: 0, &ctx)
    }

    /// After its read access, the contributor reads what is on the job's board: the read call's own
    /// input plus every token written so far.
    mutating func readCall(_ task: TaskRef, _ agent: AgentID, _ ctx: inout CoordinationContext) {
        guard let read = spec.read else { return work(task, on: agent, &ctx) }
        let tokensIn = Int(InputLimits.tokens(read.tokensIn.sampleNonNegative(&ctx.coordinatorRNG)))
        let tokensOut = Int(InputLimits.tokens(read.tokensOut.sampleNonNegative(&ctx.coordinatorRNG)))
        tally.readCalls += 1
        call(
            0, task: task, agent: agent, tokensIn: tokensIn + region[Int(task.job.index)],
            tokensOut: tokensOut, &ctx)
    }

    mutating func call(
        _ tag: UInt32, task: TaskRef, agent: AgentID, tokensIn: Int, tokensOut: Int,
        _ ctx: inout CoordinationContext
    ) {
        let result = ctx.coordinationCall(
            for: task.job, tag: tag, about: task, onAgent: agent, tokensIn: tokensIn, tokensOut: tokensOut)
        if result == .rejected {
            ctx.failJob(task.job, reason: "rejected: queue full (blackboard contributor)")
        }
    }

    mutating func work(_ task: TaskRef, on agent: AgentID, _ ctx: inout CoordinationContext) {
        tally.contributions += 1
        if ctx.submit(task, toAgent: agent) == .rejected {
            ctx.failJob(task.job, reason: "rejected: queue full (blackboard contributor)")
        }
    }

    /// A contribution is on the board; the round ends when its last one is.
    mutating func contributed(
        _ task: TaskRef, by agent: AgentID, correct: Bool, _ ctx: inout CoordinationContext
    ) {
        var record = tasks[task]
        // A contribution when none is pending (its round already closed; seed 641 of the every-fault
        // campaign on blackboard-swarm) counted 0 − 1 on a UInt16 and trapped: it is stale.
        guard record.pending > 0 else { return }
        record.made += 1
        if correct { record.right += 1 }
        record.lastAgent = agent.index
        record.pending -= 1
        tasks[task] = record
        if record.pending == 0 { roundEnded(task, &ctx) }
    }

    mutating func roundEnded(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        var record = tasks[task]
        record.round += 1
        tally.rounds += 1
        let answer: Int8 = 2 * Int(record.right) > Int(record.made) ? 1 : 0
        let previous = record.answer
        record.answer = answer
        tasks[task] = record
        if Int(record.round) >= spec.maxRounds { return finish(task, &ctx) }
        switch spec.termination {
        case .timeBox:
            if ctx.now.nanos &- record.startNanos >= spec.timeBox.nanos { return finish(task, &ctx) }
        case .noNewContributions:
            if previous == answer { return finish(task, &ctx) }
        case .qualityThreshold:
            if Double(record.right) >= spec.qualityThreshold * Double(record.made) {
                return finish(task, &ctx)
            }
        case .vote:
            return vote(task, boardRight: answer == 1, &ctx)
        }
        startRound(task, &ctx)
    }

    /// Every contributor of the step votes, one message each; the last vote to arrive decides.
    mutating func vote(_ task: TaskRef, boardRight: Bool, _ ctx: inout CoordinationContext) {
        for a in contributors[Int(task.step)] {
            let accuracy = ctx.fleet.role(of: a).accuracy
            let judgedRight = ctx.coordinatorRNG.nextDouble() < accuracy ? boardRight : !boardRight
            tally.votes += 1
            ctx.send(Message(from: a, to: .none, tag: Self.voteTag, task: task, payload: judgedRight ? 1 : 0))
        }
    }

    mutating func finish(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        let record = tasks[task]
        tally.tasks += 1
        tally.maxRounds = max(tally.maxRounds, Int(record.round))
        ctx.completeTask(task, by: AgentID(index: record.lastAgent), correct: record.answer == 1)
    }

    // MARK: - The board

    /// Asks for a board slot for a read or a write: served now, or after the accesses before it.
    mutating func access(
        _ kind: BoardAccessKind, task: TaskRef, agent: AgentID, flags: UInt32,
        _ ctx: inout CoordinationContext
    ) {
        let op = BoardOperation(task: task, agent: agent, kind: kind, flags: flags, askedNanos: ctx.now.nanos)
        if board.inUse < board.capacity {
            start(op, &ctx)
        } else {
            board.waiting.append(op)
        }
    }

    /// Holds a slot for one access time; a timer (tagged with the access's slot in the table of
    /// accesses in service) ends it.
    mutating func start(_ op: BoardOperation, _ ctx: inout CoordinationContext) {
        let seconds = spec.accessTime.constantValue ?? spec.accessTime.sampleNonNegative(&ctx.coordinatorRNG)
        let tag = board.start(op, at: ctx.now)
        ctx.setTimer(after: SimDuration(seconds: seconds), tag: tag, task: op.task)
    }

    /// Starts waiting accesses, oldest first, while slots are free; those of jobs that ended are
    /// dropped.
    mutating func serveWaiting(_ ctx: inout CoordinationContext) {
        while board.inUse < board.capacity, let next = board.waiting.popFirst() {
            if ctx.isActive(next.task.job) { start(next, &ctx) }
        }
    }

    /// Resets the per-slot state the first time the pattern hears of `job`.
    mutating func begin(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        while region.count <= slot { region.append(0) }
        if tasks.begin(job, ctx) { region[slot] = 0 }
    }
}
