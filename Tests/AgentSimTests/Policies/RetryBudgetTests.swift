import Testing

@testable import AgentSim

@Suite struct RetryBudgetTests {
    static func at(_ ms: Int64) -> SimTime { SimTime(nanos: ms * 1_000_000) }

    /// Retries admitted in a burst right after `calls` calls.
    static func admitted(_ budget: inout RetryBudget, at t: SimTime, upTo limit: Int = 100_000) -> Int64 {
        var n: Int64 = 0
        for _ in 0..<limit {
            guard budget.allowRetry(at: t) else { break }
            n += 1
        }
        return n
    }

    @Test(arguments: [0, 1, 9, 10, 55, 100, 1_000, 12_345], [0.1, 0.2, 0.29, 0.5, 1.0])
    func admitsExactlyRatioTimesCallsPlusTheReserve(calls: Int, ratio: Double) {
        for reserve: Int64 in [0, 3] {
            var budget = RetryBudget(ratio: ratio, minRetriesPerWindow: reserve, window: .seconds(10))
            // Calls spread over the first second, in time order.
            for i in 0..<calls { budget.recordCall(at: Self.at(Int64(i) * 999 / Int64(calls))) }
            // Closed form: reserve + ⌊ratio × calls⌋, with the ratio read as the exact decimal.
            let ppm = Int64((ratio * 1_000_000).rounded())
            let expected = reserve + Int64(calls) * ppm / 1_000_000
            #expect(Self.admitted(&budget, at: Self.at(1_000)) == expected, "calls \(calls) ratio \(ratio)")
            #expect(budget.retriesAdmitted == expected && budget.retriesRefused == 1)
        }
    }

    @Test func ratioIsReadAsTheDecimalNotItsBinaryApproximation() {
        // 0.29 × 100 is 28.999999999999996 in binary floating point.
        var budget = RetryBudget(ratio: 0.29, minRetriesPerWindow: 0)
        for _ in 0..<100 { budget.recordCall(at: .zero) }
        #expect(Self.admitted(&budget, at: .zero) == 29)
    }

    @Test func refillsAsTheWindowSlides() {
        // 10 s window in ten 1 s slices, 10% of calls, no reserve.
        var budget = RetryBudget(ratio: 0.1, minRetriesPerWindow: 0, window: .seconds(10), slices: 10)
        for _ in 0..<100 { budget.recordCall(at: Self.at(0)) }
        #expect(Self.admitted(&budget, at: Self.at(0)) == 10)
        for _ in 0..<100 { budget.recordCall(at: Self.at(5_000)) }
        #expect(Self.admitted(&budget, at: Self.at(5_000)) == 10)  // ⌊0.1 × 200⌋ − 10 used
        #expect(budget.counts(at: Self.at(9_999)) == (200, 20))
        // At 10 s the slice of t = 0 leaves: 100 calls and the 10 retries of 5 s remain.
        #expect(budget.counts(at: Self.at(10_000)) == (100, 10))
        #expect(budget.allowRetry(at: Self.at(10_000)) == false)
        // At 15 s everything has left; new calls earn new retries.
        #expect(budget.counts(at: Self.at(15_000)) == (0, 0))
        #expect(budget.allowRetry(at: Self.at(15_000)) == false)
        for _ in 0..<30 { budget.recordCall(at: Self.at(15_000)) }
        #expect(Self.admitted(&budget, at: Self.at(15_500)) == 3)
    }

    @Test func aCallCountsForBetweenWindowMinusASliceAndTheWindow() {
        var budget = RetryBudget(ratio: 1, minRetriesPerWindow: 0, window: .seconds(10), slices: 10)
        budget.recordCall(at: Self.at(2_700))  // in slice [2 s, 3 s)
        #expect(budget.counts(at: Self.at(11_999)).calls == 1)  // 9.3 s later
        #expect(budget.counts(at: Self.at(12_000)).calls == 0)  // 9.3 s + 1 ms later: its slice left
    }

    @Test func theReserveAloneLetsAQuietClientRetry() {
        var budget = RetryBudget(ratio: 0.2, minRetriesPerWindow: 4, window: .seconds(10))
        #expect(Self.admitted(&budget, at: Self.at(0)) == 4)
        #expect(Self.admitted(&budget, at: Self.at(10_000)) == 4)
    }

    @Test func defaultsAreFinagles() {
        let b = RetryBudget()
        #expect(b.ratio == 0.2 && b.minRetriesPerWindow == 100 && b.window == .seconds(10) && b.slices == 10)
    }

    /// Against a brute-force model that keeps every event: over random traffic, the budget admits a
    /// retry exactly when the model says retries + 1 ≤ reserve + ⌊ratio × calls⌋ in the window.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func matchesABruteForceModel(seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        let slice: Int64 = 500_000_000
        var budget = RetryBudget(ratio: 0.25, minRetriesPerWindow: 2, window: .seconds(5), slices: 10)
        var calls: [Int64] = []
        var retries: [Int64] = []
        var t: Int64 = 0
        for _ in 0..<5_000 {
            t += rng.next(in: 0...300_000_000)
            let oldest = (t / slice - 9) * slice  // the window's first slice starts here
            if rng.next(below: 3) == 0 {
                let c = Int64(calls.filter { $0 >= oldest }.count)
                let r = Int64(retries.filter { $0 >= oldest }.count)
                let expected = r + 1 <= 2 + c / 4
                #expect(budget.allowRetry(at: SimTime(nanos: t)) == expected)
                if expected { retries.append(t) }
            } else {
                budget.recordCall(at: SimTime(nanos: t))
                calls.append(t)
            }
        }
    }
}
