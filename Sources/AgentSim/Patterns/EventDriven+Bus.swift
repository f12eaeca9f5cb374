import AgentSimDistributions
import AgentSimKernel
import AgentSimRandom

/// What the event bus did in a run: read it from ``EventDriven/counters`` (e.g.
/// `engine.coordinator.counters`). Not in summary.csv, whose `messages` column is their sum.
public struct EventBusCounters: Sendable, Hashable {
    /// Publish messages: one per job (the intake) and one per finished work call, duplicates and
    /// storm work included.
    public var publishes = 0
    /// First deliveries, redeliveries included.
    public var deliveries = 0
    /// Second deliveries of the same event (at-least-once delivery).
    public var duplicateDeliveries = 0
    /// Deliveries retried after a group failed to take the event.
    public var redeliveries = 0
    /// Events dead-lettered after `dead_letter_after` failed deliveries (each failed its job).
    public var deadLettered = 0
    /// Outputs that re-triggered their own group (event storms).
    public var stormRetriggers = 0
    /// Publishes of a task the bus had already accepted (duplicate or storm work), dropped.
    public var droppedPublishes = 0
    /// Work calls started by duplicate deliveries and storms: paid for, results ignored.
    public var duplicateWorkCalls = 0
    /// Operations the bus handled (accepted publishes and sent deliveries, counted when admitted).
    public var busOperations = 0
    /// Time bus operations spent in service, summed (÷ (capacity × run time): utilisation).
    public var busBusySeconds = 0.0
    /// Time bus operations waited for a free slot of a bounded bus, summed.
    public var busWaitSeconds = 0.0
}

/// The kinds of bus events: message tags, and the kind field of timer tags.
enum EventKind: UInt32 {
    /// Worker → bus: a task's result (then the bus accepts it).
    case publish = 0
    /// Requester → bus: a job (then the bus accepts it and delivers to the first steps' groups).
    case intake = 1
    /// Bus → a step's group: an event the step waits for.
    case input = 2
    /// Bus → the job's requester: an event of a last step.
    case sink = 3
    /// Bus → a step's group: one copy whose earlier delivery failed.
    case redelivery = 4
    /// Bus → a task's own group: its output re-triggered it.
    case storm = 5
    /// Timer only: the wait before a redelivery.
    case redeliveryWait = 6
    /// Agent → bus: an input produced outside the pattern (another stage of a hybrid).
    case handoff = 7
}

/// Per task copy: whether the bus accepted its result, and its storm re-triggers so far.
struct EventTaskState {
    var accepted = false
    var storms: UInt16 = 0
}

/// The bus as a resource: `capacity` operations in service at once (0: unbounded), each for a
/// `latency` draw, the rest waiting in FIFO order.
///
/// Operations are admitted in time order and served first come first served, so each one's start
/// is known when it is admitted (the Lindley recursion for c servers): it takes the server that
/// frees first. One timer per operation then fires at its end; nothing is kept per operation, so
/// an operation of a job that ended simply never reports.
struct EventBus {
    static let duplicateFlag: UInt32 = 1
    static let correctFlag: UInt32 = 2
    static let retriggerFlag: UInt32 = 4

    let latency: Distribution
    let constantLatency: SimDuration?
    /// When each server frees, as a binary min-heap (empty: unbounded).
    var freeAt: [Int64]
    var operations = 0
    var busyNanos: Int64 = 0
    var waitNanos: Int64 = 0

    init(latency: Distribution, capacity: Int) {
        self.latency = latency
        constantLatency = latency.constantValue.map { SimDuration(seconds: $0) }
        freeAt = Array(repeating: 0, count: capacity)
    }

    /// Admits an operation arriving at `now`.
    /// - Returns: When it ends.
    /// - Complexity: O(log capacity).
    mutating func admit(at now: SimTime, _ rng: inout Xoshiro256StarStar) -> SimTime {
        let service = constantLatency ?? SimDuration(seconds: latency.sampleNonNegative(&rng))
        operations &+= 1
        busyNanos &+= service.nanos
        guard !freeAt.isEmpty else { return now + service }
        let start = Swift.max(now.nanos, freeAt[0])
        waitNanos &+= start &- now.nanos
        freeAt[0] = start &+ service.nanos
        siftDown()
        return SimTime(nanos: start &+ service.nanos)
    }

    /// Restores the heap after the root grew.
    private mutating func siftDown() {
        var i = 0
        let n = freeAt.count
        let value = freeAt[0]
        while true {
            let left = 2 &* i &+ 1
            if left >= n { break }
            var child = left
            if left &+ 1 < n && freeAt[left &+ 1] < freeAt[left] { child = left &+ 1 }
            if freeAt[child] >= value { break }
            freeAt[i] = freeAt[child]
            i = child
        }
        freeAt[i] = value
    }

    /// A timer tag: the kind in bits 0–2, flags in bits 3–5, `extra` (an agent or an attempt) in
    /// bits 6–23 (tags stay below 2^24: a hybrid uses the top bits).
    static let kindField = BitField<UInt32>(offset: 0, width: 3)
    /// The flags of a timer tag (``kindField``).
    static let flagsField = BitField<UInt32>(after: kindField, width: 3)
    /// The `extra` of a timer tag (``kindField``).
    static let extraField = BitField<UInt32>(after: flagsField, width: 18)
    /// The largest `extra` a timer tag holds.
    static let maxExtra = Int(extraField.maximum)
    /// A delivery's payload: its flags in the low byte, `extra` above them.
    static let payloadFlags = BitField<UInt64>(offset: 0, width: 8)
    /// The `extra` of a delivery's payload (``payloadFlags``).
    static let payloadExtra = BitField<UInt64>(after: payloadFlags, width: 32)

    /// A timer tag of `kind` (see ``kindField``); an `extra` beyond ``maxExtra`` is clamped.
    static func encode(_ kind: EventKind, flags: UInt32, extra: UInt32) -> UInt32 {
        kindField.packing(kind.rawValue) | flagsField.packing(flags)
            | extraField.packing(Swift.min(extra, extraField.maximum))
    }

    /// The kind, flags and extra of a timer tag.
    static func decode(_ tag: UInt32) -> (EventKind, flags: UInt32, extra: UInt32) {
        (EventKind(rawValue: kindField.value(in: tag))!, flagsField.value(in: tag), extraField.value(in: tag))
    }
}

extension EventDriven {
    /// What the bus did so far in this run.
    public var counters: EventBusCounters {
        var c = tally
        c.busOperations = bus.operations
        c.busBusySeconds = Double(bus.busyNanos) / 1e9
        c.busWaitSeconds = Double(bus.waitNanos) / 1e9
        return c
    }
}
