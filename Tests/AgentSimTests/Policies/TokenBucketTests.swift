import Testing

@testable import AgentSim

@Suite struct TokenBucketTests {
    /// Takes every whole token the bucket holds at `t`; returns how many, or -1 if the bucket
    /// refused what it said it held or gave more.
    static func drain(_ b: inout TokenBucket, at t: SimTime) -> Int64 {
        let n = Swift.max(b.tokens(at: t), 0)
        if n > 0 && !b.tryTake(Int(n), at: t) { return -1 }
        return b.tryTake(1, at: t) ? -1 : n
    }

    /// ⌊a · b / c⌋ for non-negative operands, exact through a 128-bit product.
    static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64) -> Int64 {
        c.dividingFullWidth(a.multipliedFullWidth(by: b)).quotient
    }

    @Test func theRateIsAReducedExactFraction() {
        let rpm = TokenBucket.perMinute(4_000, depth: 10)
        #expect(rpm.tokensPerPeriod == 1 && rpm.periodNanos == 15_000_000)
        let tpm = TokenBucket.perMinute(400_000, depth: 10)
        #expect(tpm.tokensPerPeriod == 1 && tpm.periodNanos == 150_000)
        let odd = TokenBucket(rate: 7, per: .seconds(3), depth: 10)
        #expect(odd.tokensPerPeriod == 7 && odd.periodNanos == 3_000_000_000)
    }

    @Test(arguments: [1, 7, 100, 4_000] as [Int64])
    func theBurstIsTheDepth(depth: Int64) {
        var b = TokenBucket.perSecond(5, depth: depth)
        var taken: Int64 = 0
        while taken <= depth && b.tryTake(1, at: .zero) { taken += 1 }
        #expect(taken == depth)
        var whole = TokenBucket.perSecond(5, depth: depth)
        #expect(whole.tryTake(Int(depth), at: .zero) == true)
        #expect(!TokenBucket.perSecond(5, depth: depth).canTake(Int(depth) + 1, at: .zero))
    }

    /// A greedy taker that empties the bucket at every grid point is admitted exactly
    /// depth + ⌊rate × T⌋ tokens by time T, for every T on the grid: no drift, however long.
    @Test(
        arguments: [
            (4_000, 60_000_000_000, 100, 1_000_000, 600_000),  // 4000 RPM, 1 ms grid, 10 min
            (400_000, 60_000_000_000, 400_000, 7_000_000, 100_000),  // 400k TPM, 7 ms grid, ~12 min
            (7, 3_000_000_000, 2, 333_333_333, 259_200),  // 7 per 3 s on an odd grid, one day
            (1, 1, 5_000, 1_000, 10_000),  // 1 per ns (10⁹/s)
        ] as [(Int64, Int64, Int64, Int64, Int64)])
    func aGreedyTakerGetsDepthPlusRateTimesTime(
        rate: Int64, period: Int64, depth: Int64, step: Int64, steps: Int64
    ) {
        var b = TokenBucket(rate: rate, per: SimDuration(nanos: period), depth: depth)
        var admitted: Int64 = 0
        var exact = true
        for k in 0...steps {
            let t = k * step
            let got = Self.drain(&b, at: SimTime(nanos: t))
            admitted += got
            // Closed form, in exact integers: depth + ⌊rate · t / period⌋.
            if got < 0 || admitted != depth + Self.mulDiv(rate, t, period) { exact = false }
        }
        #expect(exact)
        #expect(admitted == depth + Self.mulDiv(rate, steps * step, period))
    }

    /// Whatever is asked and whenever, admissions never run ahead of depth + rate × elapsed.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func admissionsNeverExceedTheSupply(seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        var b = TokenBucket.perMinute(90_000, depth: 20_000)
        var admitted: Int64 = 0
        var t: Int64 = 0
        var refused = 0
        for _ in 0..<20_000 {
            t += rng.next(in: 0...50_000_000)
            let amount = Int(rng.next(in: 1...3_000))
            if b.tryTake(amount, at: SimTime(nanos: t)) { admitted += Int64(amount) } else { refused += 1 }
            #expect(admitted <= 20_000 + 90_000 * t / 60_000_000_000)
        }
        #expect(refused > 0 && admitted > 0)
    }

    @Test(arguments: [1, 3, 50, 999, 1_000] as [Int])
    func retryAfterIsExact(amount: Int) {
        var b = TokenBucket.perMinute(4_000, depth: 1_000)  // one token per 15 ms
        let t0 = SimTime(nanos: 123_456_789)
        #expect(b.tryTake(1_000, at: .zero) == true)
        #expect(b.tryTake(8, at: t0) == true)  // 8 of the 8.23 tokens accrued
        let wait = b.timeUntilAvailable(amount, at: t0)
        #expect(wait.nanos > 0)
        // At t0 the bucket holds 3,456,789 ns' worth of a token; amount tokens need amount × 15 ms.
        let expected = Int64(amount) * 15_000_000 - 3_456_789
        #expect(wait.nanos == expected)
        var early = b
        #expect(early.tryTake(amount, at: t0 + SimDuration(nanos: wait.nanos - 1)) == false)
        var onTime = b
        #expect(onTime.tryTake(amount, at: t0 + wait) == true)
        #expect(b.timeUntilAvailable(0, at: t0) == .zero)
    }

    @Test func moreThanTheDepthIsNeverAvailable() {
        var b = TokenBucket.perSecond(10, depth: 100)
        #expect(b.timeUntilAvailable(101, at: .zero) == TokenBucket.unavailable)
        #expect(b.tryTake(101, at: SimTime(nanos: 3_600_000_000_000)) == false)
        var quota = TokenBucket(rate: 0, per: .seconds(1), depth: 5)
        #expect(quota.tryTake(5, at: .zero) == true)
        #expect(quota.timeUntilAvailable(1, at: .zero) == TokenBucket.unavailable)
        #expect(quota.tryTake(1, at: SimTime(nanos: 1 << 62)) == false)
    }

    @Test func aLongIdleBucketIsFullNotOverflowing() {
        var b = TokenBucket.perSecond(1_000_000_000, depth: 1_000_000)
        #expect(b.tryTake(1_000_000, at: .zero) == true)
        #expect(b.tokens(at: SimTime(nanos: Int64.max / 2)) == 1_000_000)
        #expect(b.tryTake(1_000_000, at: SimTime(nanos: Int64.max / 2)) == true)
    }

    @Test func chargeGoesIntoDebtBoundedByTheDepth() {
        var b = TokenBucket.perSecond(1, depth: 3)
        b.charge(2, at: .zero)
        #expect(b.tokens(at: .zero) == 1)
        b.charge(3, at: .zero)
        #expect(b.tokens(at: .zero) == -2)
        b.charge(3, at: .zero)
        #expect(b.tokens(at: .zero) == -3)  // floored at one depth of debt
        #expect(b.timeUntilAvailable(1, at: .zero) == .seconds(4))
    }
}
