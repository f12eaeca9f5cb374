/// What the blackboard did in a run: read it from ``Blackboard/counters`` (e.g.
/// `engine.coordinator.counters`). Reads and writes are also in `coordination_calls`; the board's
/// utilisation is not in summary.csv.
public struct BlackboardCounters: Sendable, Hashable {
    /// Reads of the board (coordination calls).
    public var reads = 0
    /// Writes to the board (coordination calls).
    public var writes = 0
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
    /// Reads and writes in service, integrated over time (slot-seconds; ÷ (capacity × run time):
    /// utilisation).
    public var boardBusySeconds = 0.0
    /// Time reads and writes waited for a board slot, summed.
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
    /// Under `iterative`: the one contributor.
    var soloist: UInt32 = 0
}

/// A read or write waiting for a board slot.
struct BoardOperation: BitwiseCopyable {
    var task: TaskRef
    var agent: AgentID
    var tag: UInt32
    var askedNanos: Int64
}

/// The board as a resource: `capacity` slots, FIFO waiting, and its busy time integrated.
struct BoardResource {
    let capacity: Int
    var inUse = 0
    var waiting = RingBuffer<BoardOperation>()
    var busySlotNanos: Double = 0
    var lastChangeNanos: Int64 = 0
    var waitNanos: Int64 = 0

    init(capacity: Int) { self.capacity = capacity }

    /// Takes a slot if one is free.
    mutating func tryAcquire(at now: SimTime) -> Bool {
        guard inUse < capacity else { return false }
        advance(to: now)
        inUse += 1
        return true
    }

    mutating func release(at now: SimTime) {
        precondition(inUse > 0, "blackboard: released a board slot nobody held")
        advance(to: now)
        inUse -= 1
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
