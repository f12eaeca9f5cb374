/// An element of a ``BinaryHeap``: `precedes` says which of two elements is served first.
///
/// It must be a strict weak order (irreflexive, transitive). The heap is not stable: elements of
/// which neither precedes the other come out in an unspecified order, so a user that needs ties
/// broken puts the tie-break in the order itself (both users do: queue order, mark order).
protocol HeapOrdered {
    /// Whether `self` is served before `other`.
    func precedes(_ other: Self) -> Bool
}

/// A binary heap in one flat array: the element that precedes every other is on top.
///
/// Used by the oldest-job-first ``CallQueue`` and by stigmergy's marks. The kernel's event queue
/// stays its own specialised heap (the measured hot path).
struct BinaryHeap<Element: HeapOrdered> {
    private(set) var items: [Element] = []

    init() {}

    /// Elements held.
    var count: Int { items.count }

    var isEmpty: Bool { items.isEmpty }

    /// The element served next, if any.
    var top: Element? { items.first }

    /// Adds `element`.
    /// - Complexity: O(log n), amortised.
    mutating func push(_ element: Element) {
        items.append(element)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard items[child].precedes(items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the top element; the heap must not be empty.
    /// - Complexity: O(log n).
    @discardableResult
    mutating func pop() -> Element {
        let top = items[0]
        let last = items.removeLast()
        if items.isEmpty { return top }
        items[0] = last
        var parent = 0
        while true {
            let left = 2 * parent + 1
            if left >= items.count { break }
            var best = left
            if left + 1 < items.count && items[left + 1].precedes(items[left]) { best = left + 1 }
            guard items[best].precedes(items[parent]) else { break }
            items.swapAt(best, parent)
            parent = best
        }
        return top
    }
}
