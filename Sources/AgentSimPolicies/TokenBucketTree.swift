import AgentSimKernel

/// Token buckets nested like Linux HTB classes: a team's bucket that can borrow from its org's.
///
/// Each node has its own ``TokenBucket`` (HTB's `rate`: what the node is assured) and may borrow
/// from its parent. A take of A tokens at node n:
/// 1. **Admission.** Walk up from n: the take is admitted at the first node on the path whose own
///    bucket holds A tokens (the lender), provided every node below the lender may borrow. If the
///    walk reaches a node that holds fewer than A and may not borrow (or the root), it is refused.
/// 2. **Charging.** Once admitted, *every* node from n to the root is charged A, as HTB charges a
///    packet to the class and all its ancestors. Nodes that were short go into debt, limited to one
///    bucket depth (HTB likewise clamps a class's negative tokens). So a parent always counts all
///    its subtree's traffic, and a child that has used up its own rate can only go on while an
///    ancestor has tokens: borrowing is capped by the parent.
///
/// Simplifications against HTB: no separate `ceil` bucket (a node's ceiling is whatever its
/// ancestors can lend; turn borrowing off to make its own rate a hard limit), no priorities or
/// quantum (the order of requests is the caller's), and debt is floored at one depth rather than
/// HTB's `mbuffer` of time.
///
/// For limits that must all hold at once (a model's RPM *and* TPM, or an agent's limit *and* its
/// provider key's), use ``RateLimiter`` or consult the buckets together; a tree is for sharing.
///
/// Nodes are indices in insertion order; a parent must exist before its children.
public struct TokenBucketTree: Sendable {
    private var buckets: [TokenBucket] = []
    private var parents: [Int] = []
    private var borrows: [Bool] = []

    /// An empty tree.
    public init() {}

    /// The number of nodes.
    public var count: Int { buckets.count }

    /// Adds a node.
    /// - Parameters:
    ///   - bucket: The node's own bucket.
    ///   - parent: An existing node, or `nil` for a root.
    ///   - borrows: Whether the node may borrow from its parent when short; default `true`.
    /// - Returns: The node's index.
    public mutating func add(_ bucket: TokenBucket, parent: Int? = nil, borrows: Bool = true) -> Int {
        if let p = parent { precondition(p >= 0 && p < buckets.count, "unknown parent node \(p)") }
        buckets.append(bucket)
        parents.append(parent ?? -1)
        self.borrows.append(borrows && parent != nil)
        return buckets.count - 1
    }

    /// The bucket of a node, as it stood at the last take or charge.
    public func bucket(_ node: Int) -> TokenBucket { buckets[node] }

    /// The parent of a node, if any.
    public func parent(of node: Int) -> Int? { parents[node] < 0 ? nil : parents[node] }

    /// Takes `amount` tokens for `node` at `t`, borrowing up the tree as described above.
    /// - Parameters:
    ///   - amount: Tokens wanted; not negative.
    ///   - node: The node that asks.
    ///   - t: The time; never earlier than a time given before.
    /// - Returns: `true` if admitted (every node on the path to the root was charged).
    /// - Complexity: O(depth of `node`).
    public mutating func tryTake(_ amount: Int, from node: Int, at t: SimTime) -> Bool {
        guard lender(for: amount, from: node, at: t) != nil else { return false }
        var v = node
        for _ in 0..<buckets.count {  // a path is never longer than the tree
            buckets[v].charge(amount, at: t)
            v = parents[v]
            if v < 0 { break }
        }
        return true
    }

    /// How long after `t` a take of `amount` at `node` would first be admitted if nothing else took
    /// tokens: the earliest time any node that could lend holds `amount`.
    /// - Returns: `.zero` if admitted now; ``TokenBucket/unavailable`` if never.
    /// - Complexity: O(depth of `node`).
    public func timeUntilAvailable(_ amount: Int, from node: Int, at t: SimTime) -> SimDuration {
        var best = TokenBucket.unavailable
        var v = node
        for _ in 0..<buckets.count {
            best = Swift.min(best, buckets[v].timeUntilAvailable(amount, at: t))
            if !borrows[v] { break }
            v = parents[v]
        }
        return best
    }

    /// The node that would lend a take of `amount` at `node`, or `nil` if it would be refused.
    public func lender(for amount: Int, from node: Int, at t: SimTime) -> Int? {
        var v = node
        for _ in 0..<buckets.count {
            if buckets[v].canTake(amount, at: t) { return v }
            if !borrows[v] { return nil }
            v = parents[v]
        }
        return nil
    }
}
