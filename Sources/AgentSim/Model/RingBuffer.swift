/// A growable ring buffer (FIFO, or LIFO from the back) of plain data: O(1) push and pop, no allocation once warm.
@usableFromInline
struct RingBuffer<Element: BitwiseCopyable> {
    var storage: [Element?] = []
    var head = 0
    var count = 0

    init() {}

    var isEmpty: Bool { count == 0 }

    /// The oldest element, if any.
    var first: Element? { count == 0 ? nil : storage[head] }

    /// Appends at the back.
    /// - Complexity: amortised O(1).
    mutating func append(_ element: Element) {
        if count == storage.count { grow() }
        var slot = head &+ count
        if slot >= storage.count { slot &-= storage.count }
        storage[slot] = element
        count &+= 1
    }

    /// Removes and returns the oldest element, if any.
    /// - Complexity: O(1).
    mutating func popFirst() -> Element? {
        if count == 0 { return nil }
        let element = storage[head]
        head &+= 1
        if head == storage.count { head = 0 }
        count &-= 1
        return element
    }

    /// The newest element, if any.
    var last: Element? {
        if count == 0 { return nil }
        var slot = head &+ count &- 1
        if slot >= storage.count { slot &-= storage.count }
        return storage[slot]
    }

    /// Removes and returns the newest element, if any (LIFO service).
    /// - Complexity: O(1).
    mutating func popLast() -> Element? {
        guard let element = last else { return nil }
        count &-= 1
        return element
    }

    mutating func grow() {
        var bigger = [Element?](repeating: nil, count: Swift.max(8, storage.count * 2))
        for i in 0..<count {
            var slot = head + i
            if slot >= storage.count { slot -= storage.count }
            bigger[i] = storage[slot]
        }
        storage = bigger
        head = 0
    }
}

/// A table of records addressed by small integer slots, reused through a free list.
@usableFromInline
struct SlotTable<Record> {
    var records: [Record] = []
    var free: [UInt32] = []

    init() {}

    /// Stores `record` and returns its slot.
    /// - Complexity: amortised O(1).
    mutating func insert(_ record: Record) -> UInt32 {
        if !free.isEmpty {
            let slot = free.removeLast()  // not popLast(): generic and out of line
            records[Int(slot)] = record
            return slot
        }
        records.append(record)
        return UInt32(records.count - 1)
    }

    /// Frees `slot` for reuse; its record stays readable until the slot is reused.
    mutating func remove(_ slot: UInt32) { free.append(slot) }

    subscript(slot: UInt32) -> Record {
        get { records[Int(slot)] }
        _modify { yield &records[Int(slot)] }
    }

    /// The slots in use, in slot order.
    /// - Complexity: O(capacity).
    var liveSlots: [UInt32] {
        var isFree = [Bool](repeating: false, count: records.count)
        for slot in free { isFree[Int(slot)] = true }
        return (0..<records.count).filter { !isFree[$0] }.map { UInt32($0) }
    }

    /// Slots in use.
    var liveCount: Int { records.count - free.count }
}
