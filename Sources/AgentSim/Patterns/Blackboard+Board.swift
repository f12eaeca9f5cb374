import AgentSimKernel

/// What the blackboard did in a run: read it from ``Blackboard/counters`` (e.g.
/// `engine.coordinator.counters`). Read and write calls are in `coordination_calls`; board accesses
/// and the board's utilisation are not in summary.csv.
public struct BlackboardCounters: Sendable, Hashable {
    /// Read accesses of the board.
    public var reads = 0
    /// Write accesses of the board.
    public var writes = 0
    /// Read calls (coordination LLM calls after a read access).
    public var readCalls = 0
    /// Write calls (coordination LLM calls before a write access).
    public var writeCalls = 0
    /// Contributions started (work calls).
    public var contributions = 0
    /// Rounds completed, over all tasks.
    public var rounds = 0
    /// Tasks the board answered.
    public var tasks = 0
    /// The most rounds any task took.
    public var maxRounds = 0
    /// Vote messages.
    public var votes = 0
    /// Board accesses in service, integrated over time (slot-seconds; ÷ (capacity × run time):
    /// utilisation).
    public var boardBusySeconds = 0.0
    /// Time accesses waited for a board slot, summed.
    public var boardWaitSeconds = 0.0
}

/// Per task copy: its rounds and the current round's tally.
struct BoardTask {
    /// Rounds completed.
    var round: UInt16 = 0
    /// Contributions of the current round not yet written.
    var pending: UInt16 = 0
    /// Contributions of the current round written, and how many of them are right.
    var made: UInt16 = 0
    var right: UInt16 = 0
    /// The board's answer after the last completed round: -1 none yet, 0 wrong, 1 right.
    var answer: Int8 = -1
    /// Votes received this round, and how many say stop.
    var votes: UInt16 = 0
    var stopVotes: UInt16 = 0
    /// When the task came on the board.
    var startNanos: Int64 = 0
    /// Who wrote last (the task's completing agent).
    var lastAgent: UInt32 = 0
    /// Under `round_robin`: the contributor of round 1 (the next rounds take the next ones); under
    /// `iterative`: the one contributor.
    var first: UInt32 = 0
}

/// A board access: a read (before the read call) or a write (after the write call).
enum BoardAccessKind: UInt8 {
    case read
    case write
}

/// A read or write of the board, waiting for a slot or in service.
struct BoardOperation: BitwiseCopyable {
    var task: TaskRef
    var agent: AgentID
    var kind: BoardAccessKind
    /// For a write: the contribution's correctness and written tokens (as in the write call's tag).
    var flags: UInt32
    var askedNanos: Int64
}

/// The board as a resource: `capacity` slots, FIFO waiting, the accesses in service in a table
/// whose index tags their timers, and busy time integrated over the run.
struct BoardResource {
    let capacity: Int
    var inUse = 0
    var waiting = RingBuffer<BoardOperation>()
    /// Accesses in service, by slot; `free` lists the unused slots.
    var serving: [BoardOperation] = []
    var free: [UInt32] = []
    var busySlotNanos: Double = 0
    var lastChangeNanos: Int64 = 0
    var waitNanos: Int64 = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Takes a slot for `op`.
    /// - Returns: The tag of its timer.
    mutating func start(_ op: BoardOperation, at now: SimTime) -> UInt32 {
        precondition(inUse < capacity, "blackboard: no free board slot")
        advance(to: now)
        inUse += 1
        waitNanos &+= now.nanos &- op.askedNanos
        if let slot = free.popLast() {
            serving[Int(slot)] = op
            return slot
        }
        serving.append(op)
        return UInt32(serving.count - 1)
    }

    /// Ends the access whose timer has `tag` and gives its slot back.
    mutating func finish(_ tag: UInt32, at now: SimTime) -> BoardOperation {
        precondition(inUse > 0, "blackboard: released a board slot nobody held")
        advance(to: now)
        inUse -= 1
        free.append(tag)
        return serving[Int(tag)]
    }

    private mutating func advance(to now: SimTime) {
        busySlotNanos += Double(inUse) * Double(now.nanos &- lastChangeNanos)
        lastChangeNanos = now.nanos
    }
}

extension Blackboard {
    /// What the board did so far in this run (busy time up to its last change).
    public var counters: BlackboardCounters {
        var c = tally
        c.boardBusySeconds = board.busySlotNanos / 1e9
        c.boardWaitSeconds = Double(board.waitNanos) / 1e9
        return c
    }
}
