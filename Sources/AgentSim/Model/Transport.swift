/// Messages and timers in flight, and the order counter of calls, one of the parts
/// ``CoordinationContext`` owns (ARCHITECTURE.md §2). The notices the engine drains stay on the
/// context.
///
/// Invariant: ``takeOrder()`` never returns the same number twice (it counts up from 1).
struct Transport {
    /// Messages in flight, by slot.
    var messages = SlotTable<Message>()
    /// Timers set and not yet fired, by slot.
    var timers = SlotTable<TimerRecord>()
    /// The last order number handed out (0: none yet).
    private(set) var nextOrder: UInt64 = 0

    /// The next order number: it breaks ties between calls queued at the same time.
    mutating func takeOrder() -> UInt64 {
        nextOrder &+= 1
        return nextOrder
    }
}
