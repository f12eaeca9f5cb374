import Testing

@testable import AgentSim

@Suite struct RetryPolicyTests {
    @Test func triesAtMostMaxAttemptsInAll() {
        var p = RetryPolicy(maxAttempts: 3)
        #expect(p.decide(after: .error, attempt: 1, at: .zero) == .retry)
        #expect(p.decide(after: .timeout, attempt: 2, at: .zero) == .retry)
        #expect(p.decide(after: .rateLimited, attempt: 3, at: .zero) == .attemptsExhausted)
        var once = RetryPolicy(maxAttempts: 1)
        #expect(once.decide(after: .error, attempt: 1, at: .zero) == .attemptsExhausted)
    }

    @Test func retriesOnlyTheChosenOutcomes() {
        var p = RetryPolicy(maxAttempts: 5, retryOn: [.error, .rateLimited])
        #expect(p.decide(after: .timeout, attempt: 1, at: .zero) == .notRetryable)
        #expect(p.decide(after: .error, attempt: 1, at: .zero) == .retry)
        #expect(p.decide(after: .rateLimited, attempt: 1, at: .zero) == .retry)
        #expect(p.decide(after: [], attempt: 1, at: .zero) == .notRetryable)
    }

    @Test func theBudgetIsChargedOnlyForRetriesThatWouldOtherwiseGo() {
        var p = RetryPolicy(
            maxAttempts: 3, retryOn: [.error], budget: RetryBudget(ratio: 0, minRetriesPerWindow: 1))
        #expect(p.decide(after: .timeout, attempt: 1, at: .zero) == .notRetryable)
        #expect(p.decide(after: .error, attempt: 3, at: .zero) == .attemptsExhausted)
        #expect(p.budget?.retriesAdmitted == 0 && p.budget?.retriesRefused == 0)
        #expect(p.decide(after: .error, attempt: 1, at: .zero) == .retry)
        #expect(p.decide(after: .error, attempt: 1, at: .zero) == .budgetExhausted)
        p.recordCall(at: .zero)  // ratio 0: calls earn nothing
        #expect(p.decide(after: .error, attempt: 2, at: .zero) == .budgetExhausted)
    }

    @Test func theDelayHonoursRetryAfter() {
        let p = RetryPolicy(
            backoff: Backoff(kind: .constant, base: .seconds(1), cap: .seconds(1), jitter: .none))
        var rng = Xoshiro256StarStar(seed: 1)
        #expect(
            p.delay(forRetry: 1, previous: .seconds(1), retryAfter: .seconds(7), rng: &rng) == .seconds(7))
        #expect(
            p.delay(forRetry: 1, previous: .seconds(1), retryAfter: .milliseconds(5), rng: &rng)
                == .seconds(1))
    }

    @Test func defaults() {
        let p = RetryPolicy()
        #expect(p.maxAttempts == 3 && p.retryOn == .all && p.budget == nil)
        #expect(p.backoff == Backoff())
    }
}
