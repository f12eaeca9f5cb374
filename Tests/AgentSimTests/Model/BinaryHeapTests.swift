import Testing

@testable import AgentSim

/// The shared binary heap against its oracle, a sort: whatever the input, pops come out in the
/// order `sorted(by: precedes)` gives. Keys carry a unique tie-break, so that order is unique and
/// the comparison is exact (the heap promises no stability, and no user relies on it).
@Suite struct BinaryHeapTests {
    /// A key with many duplicates (0..<span) and a unique tie-break, like the call queue's.
    struct Key: HeapOrdered, Equatable {
        var key: UInt64
        var tie: UInt64
        func precedes(_ other: Key) -> Bool { key != other.key ? key < other.key : tie < other.tie }
    }

    static func randomKeys(_ n: Int, span: UInt64, seed: UInt64) -> [Key] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { Key(key: rng.next() % span, tie: UInt64($0)) }
    }

    @Test(arguments: [(0, 1), (1, 1), (2, 3), (17, 4), (1_000, 10), (5_000, 1 << 40)])
    func popsInSortedOrder(n: Int, span: UInt64) {
        let keys = Self.randomKeys(n, span: span, seed: UInt64(n) &+ span)
        var heap = BinaryHeap<Key>()
        for k in keys { heap.push(k) }
        #expect(heap.count == n)
        var out: [Key] = []
        while let top = heap.top {
            let popped = heap.pop()
            #expect(popped == top)
            out.append(popped)
        }
        #expect(heap.isEmpty)
        #expect(out == keys.sorted { $0.precedes($1) })
    }

    /// Pushes and pops interleaved at random: each pop is the least of what is held.
    @Test func interleavedPushesAndPops() {
        var rng = SplitMix64(seed: 11)
        var heap = BinaryHeap<Key>()
        var held: [Key] = []
        for i in 0..<4_000 {
            if rng.next() % 3 == 0, !held.isEmpty {
                held.sort { $0.precedes($1) }
                #expect(heap.pop() == held.removeFirst())
            } else {
                let k = Key(key: rng.next() % 20, tie: UInt64(i))
                heap.push(k)
                held.append(k)
            }
            #expect(heap.count == held.count)
        }
    }

    /// A max-heap is the same heap with the order reversed (stigmergy's marks).
    @Test func reversedOrderIsAMaxHeap() {
        var heap = BinaryHeap<MarkEntry>()
        let keys: [Double] = [0.5, -1, 3, 3, 2.25, -7, 0]
        let task = TaskRef(job: JobID(index: 0), step: 0, copy: 0)
        for (i, key) in keys.enumerated() {
            heap.push(MarkEntry(key: key, order: UInt64(i), task: task, serial: 0))
        }
        var out: [(Double, UInt64)] = []
        while !heap.isEmpty {
            let e = heap.pop()
            out.append((e.key, e.order))
        }
        // Larger key first; equal keys (the two 3s, orders 2 and 3) by earlier order.
        #expect(out.map(\.0) == [3, 3, 2.25, 0.5, 0, -1, -7])
        #expect(out.map(\.1) == [2, 3, 4, 0, 6, 1, 5])
    }
}
