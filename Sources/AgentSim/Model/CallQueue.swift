import AgentSimSpec

/// The queue of calls waiting for an agent or a pool, served in its ``ServiceOrder``.
///
/// FIFO and LIFO share one ring buffer (the front or the back is served); oldest-job-first is a
/// ``BinaryHeap`` keyed by (job arrival number, queue order), so calls of one job keep their order.
struct CallQueue {
    /// A queued call and the arrival number of its job (the oldest-job-first key).
    struct Entry: HeapOrdered {
        var serial: UInt64
        var request: CallRequest

        func precedes(_ other: Entry) -> Bool {
            serial != other.serial ? serial < other.serial : request.order < other.request.order
        }
    }

    let order: ServiceOrder
    var ring = RingBuffer<CallRequest>()
    var heap = BinaryHeap<Entry>()

    init(order: ServiceOrder = .fifo) { self.order = order }

    /// Calls waiting.
    @inline(__always)
    var count: Int { order == .oldestJobFirst ? heap.count : ring.count }

    var isEmpty: Bool { count == 0 }

    /// The call served next, if any.
    @inline(__always)
    var first: CallRequest? {
        switch order {
        case .fifo: return ring.first
        case .lifo: return ring.last
        case .oldestJobFirst: return heap.top?.request
        }
    }

    /// Queues `request`, whose job has arrival number `serial`.
    /// - Complexity: amortised O(1) for FIFO and LIFO, O(log n) for oldest-job-first.
    @inline(__always)
    mutating func append(_ request: CallRequest, serial: UInt64) {
        guard order == .oldestJobFirst else {
            ring.append(request)
            return
        }
        heap.push(Entry(serial: serial, request: request))
    }

    /// Removes and returns the call served next, if any.
    /// - Complexity: O(1) for FIFO and LIFO, O(log n) for oldest-job-first.
    @inline(__always)
    mutating func popFirst() -> CallRequest? {
        switch order {
        case .fifo: return ring.popFirst()
        case .lifo: return ring.popLast()
        case .oldestJobFirst: return heap.isEmpty ? nil : heap.pop().request
        }
    }
}
