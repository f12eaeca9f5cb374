/// The queue of calls waiting for an agent or a pool, served in its ``ServiceOrder``.
///
/// FIFO and LIFO share one ring buffer (the front or the back is served); oldest-job-first is a
/// binary min-heap keyed by (job arrival number, queue order), so calls of one job keep their order.
struct CallQueue {
    /// A queued call and the arrival number of its job (the oldest-job-first key).
    struct Entry {
        var serial: UInt64
        var request: CallRequest

        func precedes(_ other: Entry) -> Bool {
            serial != other.serial ? serial < other.serial : request.order < other.request.order
        }
    }

    let order: ServiceOrder
    var ring = RingBuffer<CallRequest>()
    var heap: [Entry] = []

    init(order: ServiceOrder = .fifo) { self.order = order }

    /// Calls waiting.
    var count: Int { order == .oldestJobFirst ? heap.count : ring.count }

    var isEmpty: Bool { count == 0 }

    /// The call served next, if any.
    var first: CallRequest? {
        switch order {
        case .fifo: return ring.first
        case .lifo: return ring.last
        case .oldestJobFirst: return heap.first?.request
        }
    }

    /// Queues `request`, whose job has arrival number `serial`.
    /// - Complexity: amortised O(1) for FIFO and LIFO, O(log n) for oldest-job-first.
    mutating func append(_ request: CallRequest, serial: UInt64) {
        guard order == .oldestJobFirst else {
            ring.append(request)
            return
        }
        heap.append(Entry(serial: serial, request: request))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the call served next, if any.
    /// - Complexity: O(1) for FIFO and LIFO, O(log n) for oldest-job-first.
    mutating func popFirst() -> CallRequest? {
        switch order {
        case .fifo: return ring.popFirst()
        case .lifo: return ring.popLast()
        case .oldestJobFirst: return popHeap()
        }
    }

    private mutating func popHeap() -> CallRequest? {
        guard let top = heap.first else { return nil }
        let last = heap.removeLast()
        if heap.isEmpty { return top.request }
        heap[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= heap.count { break }
            var best = left
            if left + 1 < heap.count && heap[left + 1].precedes(heap[left]) { best = left + 1 }
            guard heap[best].precedes(heap[parent]) else { break }
            heap.swapAt(best, parent)
            parent = best
        }
        return top.request
    }
}
