import Testing

@testable import AgentSim

/// The three service orders on a queue, exactly: FIFO serves in queue order, LIFO in reverse, and
/// oldest-job-first by job arrival number, calls of one job in queue order.
@Suite struct CallQueueTests {
    static func request(job: UInt32, order: UInt64) -> CallRequest {
        CallRequest(
            task: TaskRef(job: JobID(index: job), step: 0, copy: 0), tag: 0, isWork: true, tokensIn: 0,
            tokensOut: 0, enqueuedAt: 0, order: order, attempt: 0)
    }

    /// (job serial, queue order) pushed in this order.
    static let pushes: [(serial: UInt64, order: UInt64)] = [
        (5, 1), (2, 2), (5, 3), (9, 4), (1, 5), (2, 6), (7, 7), (1, 8),
    ]

    static func drain(_ order: ServiceOrder) -> [UInt64] {
        var queue = CallQueue(order: order)
        for p in pushes { queue.append(request(job: UInt32(p.serial), order: p.order), serial: p.serial) }
        #expect(queue.count == pushes.count)
        var served: [UInt64] = []
        while let head = queue.first {
            let popped = queue.popFirst()!
            #expect(popped.order == head.order)
            served.append(popped.order)
        }
        #expect(queue.isEmpty && queue.popFirst() == nil)
        return served
    }

    @Test func fifoServesInQueueOrder() { #expect(Self.drain(.fifo) == [1, 2, 3, 4, 5, 6, 7, 8]) }

    @Test func lifoServesNewestFirst() { #expect(Self.drain(.lifo) == [8, 7, 6, 5, 4, 3, 2, 1]) }

    @Test func oldestJobFirstServesByArrivalThenQueueOrder() {
        #expect(Self.drain(.oldestJobFirst) == [5, 8, 2, 6, 1, 3, 7, 4])
    }

    /// Interleaved pushes and pops keep the heap order (checked against a sort of what is queued).
    @Test func oldestJobFirstInterleaved() {
        var queue = CallQueue(order: .oldestJobFirst)
        var model: [(UInt64, UInt64)] = []
        var rng = SplitMix64(seed: 3)
        for order in UInt64(1)...2_000 {
            let serial = rng.next() % 50
            queue.append(Self.request(job: UInt32(serial), order: order), serial: serial)
            model.append((serial, order))
            if rng.next() % 3 == 0 {
                model.sort { $0 < $1 }
                #expect(queue.popFirst()?.order == model.removeFirst().1)
            }
        }
        model.sort { $0 < $1 }
        for expected in model { #expect(queue.popFirst()?.order == expected.1) }
    }

    /// The ring buffer's LIFO end after wrap-around.
    @Test func ringBufferPopLastAfterWrap() {
        var ring = RingBuffer<Int>()
        for i in 0..<6 { ring.append(i) }
        for _ in 0..<5 { _ = ring.popFirst() }
        for i in 6..<12 { ring.append(i) }  // wraps in the 8-slot storage
        var out: [Int] = []
        while let x = ring.popLast() { out.append(x) }
        #expect(out == [11, 10, 9, 8, 7, 6, 5])
    }
}
