/// Delta debugging (Zeller and Hildebrandt's ddmin): the smallest part of a failing input that
/// still fails, found by testing subsets and complements of ever finer partitions.
public enum DeltaDebugging {
    /// What ``minimize(_:maxProbes:fails:)`` found.
    public struct Outcome<Element> {
        /// The smallest failing sublist found, in the input's order.
        public var minimal: [Element]
        /// Probes (calls of `fails`) made.
        public var probes: Int
        /// Whether the result is 1-minimal (removing any one element makes it pass); false when the
        /// probe budget ran out first.
        public var isOneMinimal: Bool
    }

    /// Shrinks `items`, which fail, to a sublist that still fails: 1-minimal unless `maxProbes`
    /// probes run out first. The empty list is tried first (a failure that needs no item at all).
    ///
    /// - Parameters:
    ///   - items: The failing input.
    ///   - maxProbes: Put a limit on everything: at most this many calls of `fails`.
    ///   - fails: Whether a sublist still fails; must be deterministic.
    /// - Returns: The minimal list and the number of probes.
    /// - Complexity: O(n²) probes in the worst case, O(log n) when one element is the cause.
    public static func minimize<Element>(
        _ items: [Element], maxProbes: Int, fails: ([Element]) -> Bool
    ) -> Outcome<Element> {
        var probes = 0
        func probe(_ list: [Element]) -> Bool {
            probes += 1
            return fails(list)
        }
        if items.isEmpty || (maxProbes > 0 && probe([])) {
            return Outcome(minimal: [], probes: probes, isOneMinimal: true)
        }
        var current = items
        var granularity = 2
        while current.count >= 2 {
            let chunks = split(current, into: granularity)
            var reduced = false
            for chunk in chunks {
                if probes >= maxProbes {
                    return Outcome(minimal: current, probes: probes, isOneMinimal: false)
                }
                if probe(chunk) {
                    current = chunk
                    granularity = 2
                    reduced = true
                    break
                }
            }
            if !reduced && granularity > 2 {
                for i in chunks.indices {
                    if probes >= maxProbes {
                        return Outcome(minimal: current, probes: probes, isOneMinimal: false)
                    }
                    let complement = chunks.indices.filter { $0 != i }.flatMap { chunks[$0] }
                    if probe(complement) {
                        current = complement
                        granularity = max(granularity - 1, 2)
                        reduced = true
                        break
                    }
                }
            }
            if !reduced {
                if granularity >= current.count { break }
                granularity = min(granularity * 2, current.count)
            }
        }
        return Outcome(minimal: current, probes: probes, isOneMinimal: true)
    }

    /// `list` cut into `parts` contiguous chunks of nearly equal size.
    static func split<Element>(_ list: [Element], into parts: Int) -> [[Element]] {
        var chunks: [[Element]] = []
        var start = 0
        for k in 0..<parts {
            let end = start + (list.count - start) / (parts - k)
            chunks.append(Array(list[start..<end]))
            start = end
        }
        return chunks
    }
}
