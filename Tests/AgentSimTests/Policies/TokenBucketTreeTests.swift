import Testing

@testable import AgentSim

@Suite struct TokenBucketTreeTests {
    static func at(_ ms: Int64) -> SimTime { SimTime(nanos: ms * 1_000_000) }

    /// Takes single tokens at `node` until refused; returns how many (bounded by `limit`).
    static func greedy(_ tree: inout TokenBucketTree, node: Int, at t: SimTime, limit: Int = 1_000_000)
        -> Int64
    {
        var n: Int64 = 0
        for _ in 0..<limit {
            guard tree.tryTake(1, from: node, at: t) else { break }
            n += 1
        }
        return n
    }

    /// A child with no rate of its own lives on what it borrows: by time T it gets exactly the
    /// parent's depth + ⌊rate × T⌋ (its own initial tokens are charged to the parent too).
    @Test(arguments: [1, 10, 50] as [Int64])
    func childBorrowingIsCappedByTheParent(childDepth: Int64) {
        var tree = TokenBucketTree()
        let org = tree.add(.perSecond(20, depth: 50))
        let team = tree.add(TokenBucket(rate: 0, per: .seconds(1), depth: childDepth), parent: org)
        var admitted: Int64 = 0
        for ms in stride(from: Int64(0), through: 30_000, by: 10) {
            admitted += Self.greedy(&tree, node: team, at: Self.at(ms))
            #expect(admitted == 50 + 20 * ms / 1_000)
        }
    }

    @Test func withoutBorrowingAChildHasOnlyItsOwnTokens() {
        var tree = TokenBucketTree()
        let org = tree.add(.perSecond(1_000, depth: 1_000))
        let team = tree.add(.perSecond(2, depth: 5), parent: org, borrows: false)
        #expect(Self.greedy(&tree, node: team, at: Self.at(0)) == 5)
        #expect(Self.greedy(&tree, node: team, at: Self.at(10_000)) == 5)  // full again, capped at depth
        #expect(tree.bucket(org).tokens(at: Self.at(10_000)) == 995)  // full, then charged for the team
    }

    @Test func siblingsShareWhatTheParentLends() {
        var tree = TokenBucketTree()
        let org = tree.add(.perSecond(10, depth: 40))
        let a = tree.add(.perSecond(0, depth: 5), parent: org)
        let b = tree.add(.perSecond(0, depth: 5), parent: org)
        var total: Int64 = 0
        for s in Int64(0)...60 {
            total += Self.greedy(&tree, node: s % 2 == 0 ? a : b, at: Self.at(s * 1_000))
            #expect(total == 40 + 10 * s)
        }
    }

    /// A node's own rate is assured even when its parent is empty: the parent goes into debt (as an
    /// HTB parent is charged for its children's assured traffic).
    @Test func aChildsOwnRateIsAssured() {
        var tree = TokenBucketTree()
        let org = tree.add(.perSecond(1, depth: 10))
        let team = tree.add(.perSecond(5, depth: 5), parent: org)
        let other = tree.add(.perSecond(0, depth: 1), parent: org)
        #expect(Self.greedy(&tree, node: other, at: Self.at(0)) == 10)  // drains the org
        var admitted: Int64 = 0
        for s in Int64(0)...20 { admitted += Self.greedy(&tree, node: team, at: Self.at(s * 1_000)) }
        #expect(admitted == 5 + 5 * 20)
        #expect(tree.bucket(org).tokens(at: Self.at(20_000)) == -10)  // debt floored at one depth
        #expect(Self.greedy(&tree, node: other, at: Self.at(20_000)) == 0)  // nothing left to lend
    }

    @Test func depthOfThreeBorrowsFromTheNearestAncestorWithTokens() {
        var tree = TokenBucketTree()
        let root = tree.add(.perSecond(0, depth: 100))
        let mid = tree.add(.perSecond(0, depth: 1), parent: root)
        let leaf = tree.add(.perSecond(0, depth: 1), parent: mid)
        #expect(tree.lender(for: 1, from: leaf, at: .zero) == leaf)
        #expect(tree.lender(for: 2, from: leaf, at: .zero) == root)
        #expect(tree.tryTake(2, from: leaf, at: .zero) == true)
        #expect(tree.bucket(root).tokens(at: .zero) == 98)
        #expect(tree.bucket(mid).tokens(at: .zero) == -1 && tree.bucket(leaf).tokens(at: .zero) == -1)
        #expect(Self.greedy(&tree, node: leaf, at: .zero) == 98)
        #expect(tree.lender(for: 1, from: leaf, at: .zero) == nil)
    }

    @Test func retryAfterIsTheEarliestLender() {
        var tree = TokenBucketTree()
        let org = tree.add(.perSecond(1, depth: 10))
        let team = tree.add(.perSecond(4, depth: 10), parent: org)
        #expect(tree.tryTake(10, from: team, at: .zero) == true)  // both empty now
        let wait = tree.timeUntilAvailable(3, from: team, at: .zero)
        #expect(wait == .milliseconds(750))  // the team's own 4/s gets there first
        var early = tree
        #expect(early.tryTake(3, from: team, at: SimTime(nanos: wait.nanos - 1)) == false)
        #expect(tree.tryTake(3, from: team, at: .zero + wait) == true)
        #expect(tree.timeUntilAvailable(11, from: team, at: .zero + wait) == TokenBucket.unavailable)
    }
}

@Suite struct RateLimiterTests {
    @Test func aCallNeedsOneRequestAndItsTokensOrNothingIsCharged() {
        var limiter = RateLimiter(requestsPerMinute: 60, tokensPerMinute: 600)
        #expect(limiter.tryAcquire(tokens: 601, at: .zero) == false)
        #expect(limiter.retryAfter(tokens: 601, at: .zero) == TokenBucket.unavailable)
        for _ in 0..<6 { #expect(limiter.tryAcquire(tokens: 100, at: .zero) == true) }
        #expect(limiter.tryAcquire(tokens: 100, at: .zero) == false)  // TPM exhausted
        #expect(limiter.requests?.tokens(at: .zero) == 54)  // the refused call took no request
        #expect(limiter.tryAcquire(tokens: 0, at: .zero) == true)  // a zero-token call needs only a request
    }

    @Test func retryAfterIsTheLongerWaitAndExact() {
        var limiter = RateLimiter(
            requestsPerMinute: 60, tokensPerMinute: 6_000, requestBurst: 1, tokenBurst: 6_000)
        #expect(limiter.tryAcquire(tokens: 5_950, at: .zero) == true)
        // Requests: 1 per second → 1 s. Tokens: 100 per second, 50 short → 0.5 s.
        #expect(limiter.retryAfter(tokens: 100, at: .zero) == .seconds(1))
        // 500 tokens: 450 short → 4.5 s, longer than the request's 1 s.
        let wait = limiter.retryAfter(tokens: 500, at: .zero)
        #expect(wait == .milliseconds(4_500))
        var early = limiter
        #expect(early.tryAcquire(tokens: 500, at: SimTime(nanos: wait.nanos - 1)) == false)
        #expect(limiter.tryAcquire(tokens: 500, at: .zero + wait) == true)
    }

    @Test func defaultBurstsAreAFullMinute() {
        let limiter = RateLimiter(requestsPerMinute: 4_000, tokensPerMinute: 400_000)
        #expect(limiter.requests?.depth == 4_000 && limiter.tokens?.depth == 400_000)
        var unlimited = RateLimiter(requests: nil, tokens: nil)
        #expect(unlimited.tryAcquire(tokens: 1 << 40, at: .zero) == true)
    }
}
