import Foundation
import Testing

@testable import AgentSim

/// The rule of three, against the binomial probability computed independently (Foundation's pow).
@Suite struct ChaosConfidenceTests {
    @Test(arguments: [1, 2, 10, 100, 500, 3_000, 10_000])
    func kIsTheRarestBugSeenWith95PercentConfidence(_ n: Int) {
        let k = ChaosConfidence.detectableOneIn(seeds: n)
        // A bug failing 1 in k fails some seed with probability ≥ 0.95; 1 in k + 1 does not.
        #expect(1 - pow(1 - 1 / Double(k), Double(n)) >= 0.95 || k == 1)
        #expect(1 - pow(1 - 1 / Double(k + 1), Double(n)) < 0.95)
    }

    @Test func theRuleOfThreeForLargeCampaigns() {
        #expect(ChaosConfidence.detectableOneIn(seeds: 100) == 33)  // 1 − 0.05^(1/100) = 0.02951
        // For large n, 1/p → n / 2.996 + 1/2 (−log 0.05 = 2.996): k within one of it.
        let k = ChaosConfidence.detectableOneIn(seeds: 30_000)
        #expect(abs(Double(k) - (30_000 / 2.995_732 + 0.5)) <= 1)
        #expect(
            ChaosConfidence.sentence(seeds: 100).hasPrefix(
                "0 failures in 100 seeds: a bug that fails 1 seed in 33 "))
    }
}
