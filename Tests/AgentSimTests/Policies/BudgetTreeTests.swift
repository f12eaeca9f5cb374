import Testing

@testable import AgentSim

@Suite struct BudgetTreeTests {
    static func at(_ s: Int64) -> SimTime { SimTime(nanos: s * 1_000_000_000) }

    @Test func alertsFireOnceInOrderWithTheirTimes() {
        var tree = BudgetTree()
        let run = tree.addScope("run", limitUSD: 10)
        var fired: [BudgetAlert] = []
        for s in Int64(1)...8 { fired += tree.spend(scope: run, usd: 2, tokens: 0, at: Self.at(s)) }
        // Spend after each: 2, 4, 6 (≥ 5), 8 (≥ 8), 10 (≥ 10), 12, 14, 16.
        #expect(fired.map(\.fraction) == [0.5, 0.8, 1.0])
        #expect(fired.map(\.time) == [Self.at(3), Self.at(4), Self.at(5)])
        #expect(fired.map(\.spent) == [6, 8, 10])
        #expect(
            fired.allSatisfy {
                $0.scope == run && $0.scopeName == "run" && $0.metric == .usd && $0.limit == 10
            })
        #expect(tree.alerts == fired)
    }

    @Test func oneSpendCanCrossSeveralThresholdsAtOnce() {
        var tree = BudgetTree()
        let run = tree.addScope("run", limitTokens: 1_000, alertFractions: [0.25, 0.5, 0.75, 0.9, 1.0])
        #expect(tree.spend(scope: run, usd: 0, tokens: 100, at: Self.at(1)).isEmpty)
        let fired = tree.spend(scope: run, usd: 0, tokens: 800, at: Self.at(2))
        #expect(fired.map(\.fraction) == [0.25, 0.5, 0.75, 0.9])
        #expect(fired.allSatisfy { $0.time == Self.at(2) && $0.metric == .tokens })
        #expect(tree.spend(scope: run, usd: 0, tokens: 100, at: Self.at(3)).map(\.fraction) == [1.0])
        #expect(tree.spend(scope: run, usd: 0, tokens: 5_000, at: Self.at(4)).isEmpty)
    }

    @Test func spendingChargesTheScopeAndEveryAncestor() {
        var tree = BudgetTree()
        let run = tree.addScope("run")
        let support = tree.addScope("role:support", parent: run)
        let lead = tree.addScope("role:lead", parent: run)
        let s0 = tree.addScope("agent:support[0]", parent: support)
        let s1 = tree.addScope("agent:support[1]", parent: support)
        tree.spend(scope: s0, usd: 0.25, tokens: 100, at: Self.at(1))
        tree.spend(scope: s1, usd: 0.5, tokens: 200, at: Self.at(2))
        tree.spend(scope: lead, usd: 1, tokens: 400, at: Self.at(3))
        #expect(tree.spentUSD(s0) == 0.25 && tree.spentTokens(s1) == 200)
        #expect(tree.spentUSD(support) == 0.75 && tree.spentTokens(support) == 300)
        #expect(tree.spentUSD(run) == 1.75 && tree.spentTokens(run) == 700)
        #expect(tree.parent(of: s1) == support && tree.parent(of: run) == nil)
    }

    @Test func alertsAreOrderedFromTheScopeUpAndUSDBeforeTokens() {
        var tree = BudgetTree()
        let run = tree.addScope("run", limitUSD: 4, limitTokens: 100)
        let role = tree.addScope("role", parent: run, limitUSD: 2)
        let fired = tree.spend(scope: role, usd: 2, tokens: 50, at: Self.at(7))
        let keys = fired.map { "\(tree.name(of: $0.scope)):\($0.metric):\($0.fraction)" }
        #expect(keys == ["role:usd:0.5", "role:usd:0.8", "role:usd:1.0", "run:usd:0.5", "run:tokens:0.5"])
    }

    @Test func anExhaustedAncestorStopsNewWork() {
        var tree = BudgetTree()
        let run = tree.addScope("run", limitUSD: 1)
        let a = tree.addScope("a", parent: run, limitUSD: 0.75)
        let b = tree.addScope("b", parent: run)
        #expect(tree.canSpend(scope: b))
        tree.spend(scope: a, usd: 0.75, tokens: 0, at: Self.at(1))
        #expect(!tree.canSpend(scope: a) && tree.exhaustedScope(on: a) == a)
        #expect(tree.canSpend(scope: b))
        tree.spend(scope: b, usd: 0.25, tokens: 0, at: Self.at(2))
        #expect(!tree.canSpend(scope: b) && tree.exhaustedScope(on: b) == run)
    }

    /// Callers that check `canSpend(scope:usd:tokens:)` before every spend never exceed a limit;
    /// some spends are refused, and the tree's totals match the accepted spends.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func theHardLimitHoldsWhenCallersCheckFirst(seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        var tree = BudgetTree()
        let run = tree.addScope("run", limitUSD: 50, limitTokens: 2_000_000)
        let roles = (0..<3).map { tree.addScope("role\($0)", parent: run, limitUSD: 20) }
        let agents = (0..<9).map { tree.addScope("agent\($0)", parent: roles[$0 % 3], limitTokens: 300_000) }
        var accepted = 0.0
        var refused = 0
        for i in 0..<5_000 {
            let scope = agents[Int(rng.next(below: 9))]
            let usd = Double(rng.next(in: 1...200_000)) / 1_000_000 * 3
            let tokens = rng.next(in: 100...5_000)
            if tree.canSpend(scope: scope, usd: usd, tokens: tokens) {
                tree.spend(scope: scope, usd: usd, tokens: tokens, at: SimTime(nanos: Int64(i)))
                accepted += usd
            } else {
                refused += 1
            }
        }
        #expect(refused > 0)
        #expect(tree.spentUSD(run) <= 50 && tree.spentTokens(run) <= 2_000_000)
        for r in roles { #expect(tree.spentUSD(r) <= 20) }
        for a in agents { #expect(tree.spentTokens(a) <= 300_000) }
        #expect(abs(tree.spentUSD(run) - accepted) < 1e-9)
        #expect(tree.alerts.filter { $0.scope == run }.count <= 6)  // each fraction of each limit once
    }

    @Test func finishedJobScopesAreRemovedAndReused() {
        var tree = BudgetTree()
        let run = tree.addScope("run", limitUSD: 100)
        let job1 = tree.addScope("job:1", parent: run, limitUSD: 1)
        tree.spend(scope: job1, usd: 0.9, tokens: 10, at: Self.at(1))
        tree.removeScope(job1)
        let job2 = tree.addScope("job:2", parent: run, limitUSD: 1)
        #expect(job2 == job1)
        #expect(tree.spentUSD(job2) == 0 && tree.name(of: job2) == "job:2")
        #expect(tree.spend(scope: job2, usd: 0.5, tokens: 0, at: Self.at(2)).map(\.fraction) == [0.5])
        #expect(tree.spentUSD(run) == 1.4)
    }
}
