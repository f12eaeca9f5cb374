import Testing

@testable import AgentSim

@Suite struct CircuitBreakerTests {
    static func s(_ seconds: Double) -> SimTime {
        SimTime(nanos: Int64((seconds * 1000).rounded()) * 1_000_000)
    }
    static let fast = SimDuration.milliseconds(10)

    /// A small breaker: count window of 4, all 4 needed, 50% failures, 10 s open, 2 trial calls.
    static func small(
        window: Int = 4, minimum: Int = 4, type: CircuitBreaker.SlidingWindowType = .countBased,
        permitted: Int = 2, automatic: Bool = true
    ) -> CircuitBreaker {
        var c = CircuitBreaker.Configuration()
        c.slidingWindowType = type
        c.slidingWindowSize = window
        c.minimumNumberOfCalls = minimum
        c.waitDurationInOpenState = .seconds(10)
        c.permittedNumberOfCallsInHalfOpenState = permitted
        c.automaticTransitionFromOpenToHalfOpenEnabled = automatic
        return CircuitBreaker(c)
    }

    /// Permits and records one call ending at `t`.
    static func call(
        _ b: inout CircuitBreaker, _ outcome: CircuitBreaker.Outcome, at t: SimTime,
        duration: SimDuration = fast
    ) {
        #expect(b.tryAcquire(at: t) == true)
        b.record(outcome, duration: duration, at: t)
    }

    @Test func defaultsAreResilience4js() {
        let c = CircuitBreaker.Configuration()
        #expect(c.failureRateThreshold == 50 && c.slowCallRateThreshold == 100)
        #expect(c.slowCallDurationThreshold == .seconds(60) && c.waitDurationInOpenState == .seconds(60))
        #expect(c.slidingWindowType == .countBased && c.slidingWindowSize == 100)
        #expect(c.minimumNumberOfCalls == 100 && c.permittedNumberOfCallsInHalfOpenState == 10)
    }

    @Test func theMinimumNumberOfCallsIsRespected() {
        var b = CircuitBreaker()  // defaults: 100 calls needed
        for i in 0..<99 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        #expect(b.state(at: Self.s(99)) == .closed)  // 99 failures, 100% — but below the minimum
        Self.call(&b, .success, at: Self.s(99))
        #expect(b.state(at: Self.s(99)) == .open)  // 99 of 100 failed
        #expect(b.timesOpened == 1)
    }

    @Test func closedToOpenAtTheThresholdAndFailFastWhileOpen() {
        var b = Self.small()
        Self.call(&b, .failure, at: Self.s(1))
        Self.call(&b, .success, at: Self.s(2))
        Self.call(&b, .success, at: Self.s(3))
        #expect(b.state(at: Self.s(3)) == .closed)
        Self.call(&b, .failure, at: Self.s(4))  // 2 of 4 = 50% ≥ 50%
        #expect(b.state(at: Self.s(4)) == .open)
        #expect(b.tryAcquire(at: Self.s(4)) == false)
        #expect(b.tryAcquire(at: Self.s(13.999)) == false)
        #expect(b.notPermittedCalls == 2)
        #expect(b.openUntilTime == Self.s(14))
    }

    @Test func belowTheThresholdStaysClosedAndTheCountWindowSlides() {
        var b = Self.small()
        for (i, o) in [CircuitBreaker.Outcome.failure, .success, .success, .success, .success].enumerated() {
            Self.call(&b, o, at: Self.s(Double(i)))
        }
        #expect(b.windowCounts == (4, 0, 0))  // the first failure slid out
        Self.call(&b, .failure, at: Self.s(5))
        #expect(b.state(at: Self.s(5)) == .closed && b.windowCounts == (4, 1, 0))
        Self.call(&b, .failure, at: Self.s(6))  // S S F F
        #expect(b.state(at: Self.s(6)) == .open)
    }

    @Test func openTurnsHalfOpenExactlyWhenTheWaitEnds() {
        var b = Self.small()
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }  // opens at 3 s
        #expect(b.state(at: SimTime(nanos: Self.s(13).nanos - 1)) == .open)
        #expect(b.state(at: Self.s(13)) == .halfOpen)
    }

    @Test func halfOpenSuccessCloses() {
        var b = Self.small(permitted: 2)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        #expect(b.tryAcquire(at: Self.s(20)) == true)
        #expect(b.tryAcquire(at: Self.s(20)) == true)
        #expect(b.tryAcquire(at: Self.s(20)) == false)  // only 2 trial calls
        b.record(.success, duration: Self.fast, at: Self.s(21))
        #expect(b.state(at: Self.s(21)) == .halfOpen)
        b.record(.success, duration: Self.fast, at: Self.s(22))
        #expect(b.state(at: Self.s(22)) == .closed)
        #expect(b.windowCounts == (0, 0, 0))  // closing starts a fresh window
        #expect(b.tryAcquire(at: Self.s(22)) == true)
    }

    @Test func halfOpenFailureReopens() {
        var b = Self.small(permitted: 2)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        Self.call(&b, .success, at: Self.s(20))
        Self.call(&b, .failure, at: Self.s(21))  // 1 of 2 = 50%
        #expect(b.state(at: Self.s(21)) == .open && b.timesOpened == 2)
        #expect(b.openUntilTime == Self.s(31))
    }

    @Test func halfOpenBelowTheThresholdCloses() {
        var b = Self.small(permitted: 4)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        for (i, o) in [CircuitBreaker.Outcome.failure, .success, .success, .success].enumerated() {
            Self.call(&b, o, at: Self.s(20 + Double(i)))
        }
        #expect(b.state(at: Self.s(23)) == .closed)  // 25% < 50%
    }

    @Test func outcomesWhileOpenAreIgnored() {
        var b = Self.small()
        for _ in 0..<2 { #expect(b.tryAcquire(at: Self.s(0)) == true) }  // two calls still in flight
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        b.record(.failure, duration: Self.fast, at: Self.s(5))
        b.record(.failure, duration: Self.fast, at: Self.s(6))
        #expect(b.state(at: Self.s(6)) == .open && b.openUntilTime == Self.s(13))
    }

    @Test func slowCallsTripTheBreaker() {
        var c = CircuitBreaker.Configuration()
        c.slidingWindowSize = 4
        c.minimumNumberOfCalls = 4
        c.slowCallRateThreshold = 50
        c.slowCallDurationThreshold = .seconds(1)
        var b = CircuitBreaker(c)
        Self.call(&b, .success, at: Self.s(1), duration: .seconds(1))  // exactly the threshold: not slow
        Self.call(&b, .success, at: Self.s(2), duration: SimDuration(nanos: 1_000_000_001))
        Self.call(&b, .success, at: Self.s(3), duration: .seconds(1))
        #expect(b.windowCounts == (3, 0, 1))
        Self.call(&b, .success, at: Self.s(4), duration: .seconds(2))  // 2 of 4 slow, all succeeded
        #expect(b.state(at: Self.s(4)) == .open)
    }

    @Test func theDefaultSlowRateNeedsEveryCallSlow() {
        var c = CircuitBreaker.Configuration()
        c.slidingWindowSize = 4
        c.minimumNumberOfCalls = 4
        var b = CircuitBreaker(c)
        for i in 0..<3 { Self.call(&b, .success, at: Self.s(Double(i)), duration: .seconds(61)) }
        Self.call(&b, .success, at: Self.s(3), duration: .seconds(60))
        #expect(b.state(at: Self.s(3)) == .closed)  // 75% slow < 100%
        for i in 4..<7 { Self.call(&b, .success, at: Self.s(Double(i)), duration: .seconds(61)) }
        #expect(b.state(at: Self.s(6)) == .closed)  // the 60 s call is still in the last 4
        Self.call(&b, .success, at: Self.s(7), duration: .seconds(61))
        #expect(b.state(at: Self.s(7)) == .open)  // 4 of the last 4 slow
    }

    @Test func minimumIsCappedByACountWindow() {
        var b = Self.small(window: 3, minimum: 50)
        for i in 0..<3 { Self.call(&b, .failure, at: Self.s(Double(i))) }
        #expect(b.state(at: Self.s(2)) == .open)
    }

    @Test func timeWindowForgetsWholeSeconds() {
        var b = Self.small(window: 10, minimum: 3, type: .timeBased)
        Self.call(&b, .failure, at: Self.s(0.2))
        Self.call(&b, .failure, at: Self.s(0.7))  // both in second 0
        Self.call(&b, .success, at: Self.s(9.999))  // seconds 0…9: 3 calls, 2 failed
        #expect(b.state(at: Self.s(9.999)) == .open)

        var c = Self.small(window: 10, minimum: 3, type: .timeBased)
        Self.call(&c, .failure, at: Self.s(0.2))
        Self.call(&c, .failure, at: Self.s(0.7))
        Self.call(&c, .success, at: Self.s(10))  // seconds 1…10: second 0 has left
        #expect(c.state(at: Self.s(10)) == .closed && c.windowCounts == (1, 0, 0))
        Self.call(&c, .failure, at: Self.s(15))
        Self.call(&c, .failure, at: Self.s(19.5))  // seconds 10…19: 3 calls, 2 failed
        #expect(c.state(at: Self.s(19.5)) == .open)
    }

    @Test func timeWindowMinimumIsNotCapped() {
        var b = Self.small(window: 2, minimum: 5, type: .timeBased)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(0.1 * Double(i))) }
        #expect(b.state(at: Self.s(0.4)) == .closed)
        Self.call(&b, .failure, at: Self.s(1.5))
        #expect(b.state(at: Self.s(1.5)) == .open)
        // A long silence empties every bucket.
        var c = Self.small(window: 2, minimum: 5, type: .timeBased)
        for i in 0..<4 { Self.call(&c, .failure, at: Self.s(0.1 * Double(i))) }
        Self.call(&c, .failure, at: Self.s(1_000))
        #expect(c.state(at: Self.s(1_000)) == .closed && c.windowCounts == (1, 1, 0))
    }

    @Test func openTimeIsAccumulatedIncludingTheCurrentInterval() {
        var b = Self.small(permitted: 1)
        #expect(b.openDuration(upTo: Self.s(100)) == .zero)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }  // open at 3 s until 13 s
        #expect(b.openDuration(upTo: Self.s(3)) == .zero)
        #expect(b.openDuration(upTo: Self.s(7.5)) == .milliseconds(4_500))
        #expect(b.openDuration(upTo: Self.s(50)) == .seconds(10))  // half-open from 13 s
        Self.call(&b, .failure, at: Self.s(50))  // the trial fails: open 50 s … 60 s
        #expect(b.openDuration(upTo: Self.s(55)) == .seconds(15))
        Self.call(&b, .success, at: Self.s(70))  // the next trial succeeds: closed
        #expect(b.state(at: Self.s(70)) == .closed)
        #expect(b.openDuration(upTo: Self.s(1_000)) == .seconds(20))
    }

    @Test func withoutAutomaticTransitionTheBreakerStaysOpenUntilACallComes() {
        var b = Self.small(permitted: 1, automatic: false)
        for i in 0..<4 { Self.call(&b, .failure, at: Self.s(Double(i))) }  // open at 3 s
        #expect(b.state(at: Self.s(30)) == .open)
        #expect(b.openDuration(upTo: Self.s(30)) == .seconds(27))
        #expect(b.tryAcquire(at: Self.s(40)) == true)  // the first call after the wait is a trial
        #expect(b.state(at: Self.s(40)) == .halfOpen)
        #expect(b.openDuration(upTo: Self.s(100)) == .seconds(37))
    }

    /// The same script of outcomes gives the same transitions and counters every time.
    @Test func scriptedRunsAreDeterministic() {
        func run() -> [Int] {
            var rng = Xoshiro256StarStar(seed: 8)
            var b = Self.small(window: 10, minimum: 5, type: .timeBased, permitted: 3)
            var states: [Int] = []
            var t: Int64 = 0
            for _ in 0..<2_000 {
                t += rng.next(in: 0...2_000_000_000)
                let now = SimTime(nanos: t)
                if b.tryAcquire(at: now) {
                    let failed = rng.next(below: 10) < 6
                    b.record(failed ? .failure : .success, duration: Self.fast, at: now)
                }
                states.append(b.state(at: now) == .closed ? 0 : b.state(at: now) == .open ? 1 : 2)
            }
            return states + [
                b.timesOpened, b.notPermittedCalls, Int(b.openDuration(upTo: SimTime(nanos: t)).nanos),
            ]
        }
        let first = run()
        #expect(first == run())
        #expect(first.contains(0) && first.contains(1) && first.contains(2))
    }
}
