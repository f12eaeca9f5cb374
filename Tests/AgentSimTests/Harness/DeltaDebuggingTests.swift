import Testing

@testable import AgentSim

@Suite struct DeltaDebuggingTests {
    @Test(arguments: [1, 2, 7, 16, 33, 100])
    func findsTheOneCulpritInLogarithmicProbes(_ n: Int) {
        let culprit = n / 3
        let outcome = DeltaDebugging.minimize(Array(0..<n), maxProbes: 1_000) { $0.contains(culprit) }
        #expect(outcome.minimal == [culprit])
        #expect(outcome.isOneMinimal)
        #expect(outcome.probes <= 2 + 2 * (n.bitWidth - n.leadingZeroBitCount) + 2)
    }

    @Test func findsAPairThatOnlyFailsTogether() {
        let outcome = DeltaDebugging.minimize(Array(0..<40), maxProbes: 1_000) {
            $0.contains(3) && $0.contains(31)
        }
        #expect(outcome.minimal == [3, 31])
        #expect(outcome.isOneMinimal)
    }

    @Test func aFailureThatNeedsNothingShrinksToNothing() {
        let outcome = DeltaDebugging.minimize(Array(0..<10), maxProbes: 1_000) { _ in true }
        #expect(outcome.minimal == [] && outcome.probes == 1)
    }

    @Test func theProbeBudgetIsHonoured() {
        var probes = 0
        let outcome = DeltaDebugging.minimize(Array(0..<64), maxProbes: 5) { list in
            probes += 1
            return list.contains(1) && list.contains(62)
        }
        #expect(probes == 5 && outcome.probes == 5)
        #expect(!outcome.isOneMinimal)
        #expect(outcome.minimal.contains(1) && outcome.minimal.contains(62))  // still failing
    }
}
