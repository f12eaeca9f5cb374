import Testing

@testable import AgentSim

@Suite struct BackoffTests {
    static let ms: Int64 = 1_000_000

    /// The un-jittered delay recomputed from the documented table, without calling `Backoff`.
    static func temp(_ kind: Backoff.Kind, base: Int64, cap: Int64, retry n: Int) -> Int64 {
        switch kind {
        case .constant:
            return Swift.min(base, cap)
        case .linear:
            var d: Int64 = 0
            for _ in 0..<n {
                d += base
                if d >= cap { return cap }
            }
            return d
        case .exponential:
            var d = base
            for _ in 1..<n {
                d *= 2
                if d >= cap { return cap }
            }
            return Swift.min(d, cap)
        }
    }

    @Test func ceilingFollowsTheTable() {
        let cases: [(Backoff.Kind, [Int64])] = [
            (.constant, [100, 100, 100, 100, 100, 100, 100]),
            (.linear, [100, 200, 300, 400, 500, 600, 700]),
            (.exponential, [100, 200, 400, 800, 1000, 1000, 1000]),
        ]
        for (kind, expected) in cases {
            let b = Backoff(kind: kind, base: .milliseconds(100), cap: .seconds(1), jitter: .none)
            let got = (1...7).map { b.ceiling(forRetry: $0).nanos / Self.ms }
            #expect(got == expected, "\(kind)")
        }
    }

    @Test func ceilingSaturatesInsteadOfOverflowing() {
        let day: Int64 = 86_400_000_000_000
        let cases: [(Backoff.Kind, Int, Int64)] = [
            (.exponential, 15, 3_000_000_000 << 14), (.exponential, 16, day), (.exponential, 63, day),
            (.exponential, 64, day), (.exponential, 1 << 40, day), (.exponential, .max, day),
            (.linear, 28_799, 3_000_000_000 * 28_799), (.linear, 28_800, day), (.linear, 1 << 40, day),
            (.linear, .max, day), (.constant, .max, 3_000_000_000),
        ]
        for (kind, n, expected) in cases {
            let b = Backoff(kind: kind, base: .seconds(3), cap: .seconds(86_400), jitter: .none)
            #expect(b.ceiling(forRetry: n).nanos == expected, "\(kind) n=\(n)")
        }
    }

    @Test func noJitterDrawsNothing() {
        var rng = Xoshiro256StarStar(seed: 5)
        let before = rng
        let b = Backoff(kind: .exponential, base: .milliseconds(50), cap: .seconds(2), jitter: .none)
        for n in 1...20 {
            #expect(
                b.delay(forRetry: n, previous: .zero, rng: &rng).nanos
                    == Self.temp(.exponential, base: 50 * Self.ms, cap: 2_000 * Self.ms, retry: n))
        }
        #expect(rng == before)
    }

    static let seeds: [UInt64] = [1, 42, 2024]

    @Test(arguments: seeds, Backoff.Kind.allCases)
    func fullJitterIsUniformBelowTemp(seed: UInt64, kind: Backoff.Kind) {
        let base = 100 * Self.ms
        let cap = 5_000 * Self.ms
        let b = Backoff(
            kind: kind, base: SimDuration(nanos: base), cap: SimDuration(nanos: cap), jitter: .full)
        var rng = Xoshiro256StarStar(seed: seed)
        var reference = rng
        for n in 1...12 {
            let expected = reference.next(in: 0...Self.temp(kind, base: base, cap: cap, retry: n))
            #expect(b.delay(forRetry: n, previous: .zero, rng: &rng).nanos == expected)
        }
    }

    @Test(arguments: seeds, Backoff.Kind.allCases)
    func equalJitterKeepsHalf(seed: UInt64, kind: Backoff.Kind) {
        let base = 333 * Self.ms + 1  // odd, so the halves differ
        let cap = 7_777 * Self.ms
        let b = Backoff(
            kind: kind, base: SimDuration(nanos: base), cap: SimDuration(nanos: cap), jitter: .equal)
        var rng = Xoshiro256StarStar(seed: seed)
        var reference = rng
        for n in 1...12 {
            let temp = Self.temp(kind, base: base, cap: cap, retry: n)
            let expected = (temp - temp / 2) + reference.next(in: 0...(temp / 2))
            #expect(b.delay(forRetry: n, previous: .zero, rng: &rng).nanos == expected)
        }
    }

    @Test(arguments: seeds)
    func decorrelatedJitterGrowsFromThePreviousDelay(seed: UInt64) {
        let base = 10 * Self.ms
        let cap = 100 * Self.ms
        for kind in Backoff.Kind.allCases {  // the kind plays no part
            var b = Backoff(
                kind: kind, base: SimDuration(nanos: base), cap: SimDuration(nanos: cap),
                jitter: .decorrelated)
            var rng = Xoshiro256StarStar(seed: seed)
            var reference = rng
            var sleep = base
            var reachedCap = false
            for n in 1...200 {
                sleep = Swift.min(cap, reference.next(in: base...(sleep * 3)))
                #expect(b.delay(forRetry: n, rng: &rng).nanos == sleep)
                #expect(b.previous.nanos == sleep)
                reachedCap = reachedCap || sleep == cap
            }
            #expect(reachedCap)  // these seeds exercise the min(cap, …) branch
        }
    }

    @Test func retryOneStartsANewDecorrelatedChain() {
        var b = Backoff(kind: .exponential, base: .milliseconds(10), cap: .seconds(60), jitter: .decorrelated)
        var rng = Xoshiro256StarStar(seed: 9)
        for n in 1...5 { _ = b.delay(forRetry: n, rng: &rng) }
        #expect(b.previous > .milliseconds(10))
        var same = rng
        var fresh = Backoff(
            kind: .exponential, base: .milliseconds(10), cap: .seconds(60), jitter: .decorrelated)
        let expected = fresh.delay(forRetry: 1, rng: &same)
        #expect(b.delay(forRetry: 1, rng: &rng) == expected)
    }

    @Test(arguments: Backoff.Jitter.allCases)
    func delaysStayWithinBounds(jitter: Backoff.Jitter) {
        var configs = Xoshiro256StarStar(seed: 77)
        var rng = Xoshiro256StarStar(seed: 78)
        for _ in 0..<200 {
            let base = configs.next(in: 0...(2_000 * Self.ms))
            let cap = base + configs.next(in: 0...(30_000 * Self.ms))
            let kind = Backoff.Kind.allCases[Int(configs.next(below: 3))]
            var b = Backoff(
                kind: kind, base: SimDuration(nanos: base), cap: SimDuration(nanos: cap), jitter: jitter)
            for n in 1...70 {
                let temp = b.ceiling(forRetry: n).nanos
                let d = b.delay(forRetry: n, rng: &rng).nanos
                #expect(d >= 0 && d <= cap)
                switch jitter {
                case .none: #expect(d == temp)
                case .full: #expect(d <= temp)
                case .equal: #expect(d <= temp && d >= temp - temp / 2)
                case .decorrelated: #expect(d >= base)
                }
            }
        }
    }

    @Test func sameSeedSameDelaysDifferentSeedDifferentDelays() {
        func run(_ seed: UInt64, _ jitter: Backoff.Jitter) -> [Int64] {
            var b = Backoff(kind: .exponential, base: .milliseconds(100), cap: .seconds(20), jitter: jitter)
            var rng = Xoshiro256StarStar(seed: seed)
            return (1...10).map { b.delay(forRetry: $0, rng: &rng).nanos }
        }
        for jitter in [Backoff.Jitter.full, .equal, .decorrelated] {
            #expect(run(11, jitter) == run(11, jitter))
            #expect(run(11, jitter) != run(12, jitter))
        }
    }

    /// Full jitter's mean is temp/2; 200,000 draws put the sample mean within 5 standard errors
    /// (sd of U(0, temp) is temp/√12) — a wrong range (e.g. 0…temp/2) misses by hundreds of them.
    @Test func fullJitterMeanIsHalfTheCeiling() {
        let b = Backoff(kind: .constant, base: .seconds(1), cap: .seconds(1), jitter: .full)
        var rng = Xoshiro256StarStar(seed: 3)
        let count = 200_000
        var sum = 0.0
        for _ in 0..<count { sum += b.delay(forRetry: 1, previous: .zero, rng: &rng).seconds }
        let standardError = (1.0 / 12.0).squareRoot() / Double(count).squareRoot()
        #expect(abs(sum / Double(count) - 0.5) < 5 * standardError)
    }

    @Test func defaultsAreTheAWSStandardMode() {
        let b = Backoff()
        #expect(b.kind == .exponential && b.jitter == .full)
        #expect(b.base == .seconds(1) && b.cap == .seconds(20))
    }
}
