/// Why a run (``Engine/run(until:maxEvents:)``) returned.
public enum StopReason: Sendable, Hashable {
    /// No events were left.
    case exhausted
    /// The next event lies after the `until` time; the clock was advanced to `until`.
    case reachedTime
    /// `maxEvents` events were executed.
    case reachedMaxEvents
}

/// The kernel: one virtual clock and one event list; it knows nothing about agents.
///
/// Events are ordered by `(time, seq)`, `seq` a counter incremented on every schedule, so events at
/// the same time run in the order they were scheduled. Cancelling is lazy: a cancelled event stays in
/// the heap and is skipped when it reaches the top. Single-threaded and deliberately not `Sendable`:
/// parallelism is across runs, never inside one. Non-copyable: a simulation is one thing that runs
/// once; it owns its event list outright.
///
/// Its owner runs it: a loop takes each event with ``nextEvent(until:)``, handles it (scheduling more),
/// and stops at its own limits; ``Engine`` is that loop for a coordinated fleet of agents.
public struct Simulation<Event: BitwiseCopyable>: ~Copyable {
    /// The current virtual time: the time of the event being handled.
    @inlinable public var now: SimTime { SimTime(nanos: nowNanos) }
    /// Events executed so far.
    @inlinable public var eventsExecuted: Int { executedCount }

    @usableFromInline var nowNanos: Int64 = 0
    @usableFromInline var executedCount = 0

    @usableFromInline var queue = EventQueue<Event>()
    @usableFromInline var nextSeq: UInt64 = 0
    /// True while the entry at the root has been handed out by ``nextEvent(until:)`` but not yet
    /// removed: the first event scheduled by its handler then replaces it in one sift.
    @usableFromInline var rootConsumed = false
    @usableFromInline var cancelled: Set<UInt64> = []

    /// Creates an empty simulation at time zero.
    public init() {}

    /// Events scheduled and not yet executed (cancelled ones not yet skipped included).
    public var pendingCount: Int { queue.count - (rootConsumed ? 1 : 0) }

    /// Schedules `event` at time `time`, which must not be in the past.
    /// - Returns: An id that ``cancel(_:)`` accepts.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, at time: SimTime) -> EventID {
        precondition(time.nanos >= nowNanos, "scheduled an event in the past")
        let entry = QueueEntry(time: time.nanos, seq: nextSeq, payload: event)
        nextSeq &+= 1
        if rootConsumed {
            rootConsumed = false
            queue.replaceMin(with: entry)
        } else {
            queue.push(entry)
        }
        return EventID(seq: entry.seq)
    }

    /// Schedules `event` after `delay` from now.
    /// - Complexity: O(log n).
    @inlinable @discardableResult
    public mutating func schedule(_ event: Event, after delay: SimDuration) -> EventID {
        schedule(event, at: now + delay)
    }

    /// Cancels a pending event; it will be skipped, never handled.
    ///
    /// Only cancel events that are still pending: the id of an event already executed would stay in
    /// the tombstone set forever.
    /// - Complexity: O(1); the skipped entry costs one heap removal later.
    public mutating func cancel(_ id: EventID) {
        cancelled.insert(id.seq)
    }

    /// Takes the next event due at or before `until`, advancing the clock to its time.
    ///
    /// Returns `nil` when no event is due by `until` (the clock is then left where it is).
    /// - Complexity: O(log n) amortised.
    @inlinable
    public mutating func nextEvent(until: SimTime = .never) -> Event? {
        if rootConsumed {
            rootConsumed = false
            queue.removeMin()
        }
        while queue.count > 0 {
            let top = queue.min
            if top.time > until.nanos { return nil }
            if !cancelled.isEmpty, cancelled.remove(top.seq) != nil {
                queue.removeMin()
                continue
            }
            nowNanos = top.time
            rootConsumed = true
            executedCount &+= 1
            return top.payload
        }
        return nil
    }

    /// Moves the clock forward to `time` without running anything (e.g. when a run stops at its
    /// time limit); never backwards.
    public mutating func advance(to time: SimTime) {
        nowNanos = Swift.max(nowNanos, time.nanos)
    }
}
