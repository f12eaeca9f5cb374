import AgentSimRandom

/// The stigmergy coordinator: marks in the environment, agents that follow them (see
/// ``StigmergyPattern``).
///
/// Marks only fade between deposits, and every task's mark fades at the same rate, so the order of
/// two pending tasks never changes: a task is kept in its pool's heap by the key
/// ln(mark at t) + evaporation·t, which is the same for every t. A pending task's step has had all
/// its deposits (they come from the steps before it), so its key is fixed when it enters.
public struct Stigmergy: Coordinator {
    /// The pattern's parameters.
    public let spec: StigmergySpec
    /// Environment reads and writes so far.
    public internal(set) var counters = EnvironmentCounters()
    /// Every pick in order, when set to `[]` before the run (`nil`: not recorded).
    public var pickTrace: [PheromonePick]?

    /// Per pool: the pending tasks, highest mark first.
    var environment: [MarkHeap]
    /// At job slot × steps + step: the step's mark (value at `markNanos`), deposits so far, and the
    /// key its copies enter with.
    var markValue: [Double] = []
    var markNanos: [Int64] = []
    var deposits: [UInt32] = []
    var keys: [Double] = []
    /// Per job slot: the arrival number of the job the slot's marks belong to.
    var serials: [UInt64] = []
    /// Per agent: its capacity, and when it last became free (an order, for "idle longest").
    let capacity: [Int]
    var idleSince: [UInt64]
    var nextOrder: UInt64 = 0
    let stepCount: Int

    /// Timer tag: the agent that looks for work (at most 2^24 − 1 agents).
    static let maxAgents = 1 << 24 - 1

    /// Creates the pattern over `ctx`'s fleet and job graph.
    public init(spec: StigmergySpec, ctx: inout CoordinationContext) {
        precondition(ctx.fleet.agentCount <= Self.maxAgents, "stigmergy: at most 16,777,215 agents")
        self.spec = spec
        let fleet = ctx.fleet
        environment = Array(repeating: MarkHeap(), count: fleet.pools.count)
        capacity = fleet.roleOfAgent.map { fleet.roles[Int($0)].capacity }
        idleSince = Array(repeating: 0, count: fleet.agentCount)
        stepCount = ctx.graph.steps.count
    }

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { StigmergyPattern.name }

    /// A task enters the environment with its step's mark; the agent idle longest among those that
    /// can serve it (if any is free) looks.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        begin(task.job, &ctx)
        let i = Int(task.job.index) &* stepCount &+ Int(task.step)
        if task.copy == 0 {
            if deposits[i] == 0 { deposit(i, &ctx) }  // it comes from outside: one deposit
            let value = markValue[i]
            keys[i] =
                value > 0
                ? SimMath.log(value) + spec.evaporation * Double(markNanos[i]) / 1e9 : -Double.infinity
        }
        let pool = ctx.pool(of: task)
        let entry = MarkEntry(
            key: keys[i], order: takeOrder(), task: task, serial: ctx.serialNumber(of: task.job))
        environment[Int(pool.index)].push(entry)
        var chosen: AgentID?
        for a in ctx.members(of: pool) where ctx.load(of: a) < capacity[Int(a.index)] {
            if chosen == nil || idleSince[Int(a.index)] < idleSince[Int(chosen!.index)] { chosen = a }
        }
        if let a = chosen { pick(a, &ctx) }
    }

    /// The agent deposits on every step after the finished one, and looks for work once its slot
    /// is free (a zero-delay timer: after everything this instant made ready has entered).
    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        let base = Int(result.task.job.index) &* stepCount
        for d in ctx.graph.steps[Int(result.task.step)].dependents { deposit(base &+ Int(d), &ctx) }
        idleSince[Int(result.agent.index)] = takeOrder()
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
        ctx.setTimer(after: .zero, tag: result.agent.index, task: result.task)
    }

    /// The agent looks for work (its slot is free now).
    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        pick(AgentID(index: tag), &ctx)
    }

    /// A task failed for good (its attempts ran out): its job gives up, and the agents of its pool
    /// (the one it leaves free among them) look for work again; nothing else would wake them.
    public mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
        ctx.giveUp(task.job, reason: "task failed: \(reason)")
        wakePool(of: task, &ctx)
    }

    mutating func wakePool(of task: TaskRef, _ ctx: inout CoordinationContext) {
        for a in ctx.members(of: ctx.pool(of: task)) { ctx.setTimer(after: .zero, tag: a.index, task: task) }
    }

    /// An agent whose task's job had ended is free all the same; one whose timer fired for an ended
    /// job still looks for work.
    public mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        switch event {
        case .taskFailed(let task, _):
            wakePool(of: task, &ctx)
        case .taskFinished(let result):
            idleSince[Int(result.agent.index)] = takeOrder()
            ctx.setTimer(after: .zero, tag: result.agent.index, task: result.task)
        case .timerFired(let tag, _):
            pick(AgentID(index: tag), &ctx)
        default:
            break
        }
    }

    // MARK: - The environment

    /// While `agent` has a free slot, it takes the highest-marked task it can serve (a read and a
    /// claim); tasks of jobs that ended are swept away unread.
    ///
    /// A job that fails leaves its pending tasks in the environment, and its slot may hold a later
    /// job by the time they come up: a task whose arrival number is not its slot's job's is as dead
    /// as one whose job ended (picking it would run the later job's step before it is ready, or
    /// twice).
    mutating func pick(_ agent: AgentID, _ ctx: inout CoordinationContext) {
        let a = Int(agent.index)
        let pools = ctx.fleet.poolsOfAgent[a]
        while ctx.load(of: agent) < capacity[a] {
            var best = -1
            for pool in pools where Int(pool.index) < environment.count {  // not a role pool added later
                let p = Int(pool.index)
                while let top = environment[p].top, !Self.isLive(top, ctx) { environment[p].pop() }
                if let top = environment[p].top, best < 0 || top.outranks(environment[best].top!) { best = p }
            }
            guard best >= 0 else { return }
            let task = environment[best].pop().task
            counters.picks += 1
            counters.reads += spec.readCost
            counters.writes += spec.writeCost
            pickTrace?.append(
                PheromonePick(
                    serial: ctx.serialNumber(of: task.job), step: task.step, copy: task.copy, agent: agent))
            ctx.submit(task, toAgent: agent)
        }
    }

    /// Whether the entry's task still belongs to a job in flight: the job that put it there, not a
    /// later one in the same slot.
    static func isLive(_ entry: MarkEntry, _ ctx: borrowing CoordinationContext) -> Bool {
        ctx.isActive(entry.task.job) && ctx.serialNumber(of: entry.task.job) == entry.serial
    }

    /// Adds one deposit to the mark at index `i`, after letting it evaporate to now.
    mutating func deposit(_ i: Int, _ ctx: inout CoordinationContext) {
        let now = ctx.now.nanos
        var value = markValue[i]
        if value > 0 && spec.evaporation > 0 {
            value *= SimMath.exp(-spec.evaporation * Double(now &- markNanos[i]) / 1e9)
        }
        markValue[i] = value + spec.deposit
        markNanos[i] = now
        deposits[i] &+= 1
        counters.deposits += 1
        counters.writes += spec.writeCost
    }

    mutating func takeOrder() -> UInt64 {
        nextOrder &+= 1
        return nextOrder
    }

    /// Resets the slot's marks the first time the pattern hears of `job`.
    mutating func begin(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        while serials.count <= slot {
            serials.append(.max)
            markValue += repeatElement(0, count: stepCount)
            markNanos += repeatElement(0, count: stepCount)
            deposits += repeatElement(0, count: stepCount)
            keys += repeatElement(0, count: stepCount)
        }
        let serial = ctx.serialNumber(of: job)
        guard serials[slot] != serial else { return }
        serials[slot] = serial
        for i in (slot &* stepCount)..<((slot &+ 1) &* stepCount) {
            markValue[i] = 0
            markNanos[i] = 0
            deposits[i] = 0
        }
    }
}

/// A pending task in the environment.
struct MarkEntry: BitwiseCopyable {
    /// ln(mark) + evaporation · (time of the mark): larger is stronger.
    var key: Double
    /// When it entered (ties go to the earlier).
    var order: UInt64
    var task: TaskRef
    /// The arrival number of the task's job (its slot may hold a later job when the task comes up).
    var serial: UInt64

    func outranks(_ other: MarkEntry) -> Bool {
        key > other.key || (key == other.key && order < other.order)
    }
}

extension MarkEntry: HeapOrdered {
    func precedes(_ other: MarkEntry) -> Bool { outranks(other) }
}

/// A max-heap of pending tasks by mark: the shared heap, strongest mark on top.
typealias MarkHeap = BinaryHeap<MarkEntry>
