import Testing

@testable import AgentSim
@testable import AgentSimKernel
@testable import AgentSimPolicies
@testable import AgentSimSpec

private typealias F = ScenarioFixtures

/// Every whole-number setting has a maximum, and values beyond it are refused with a located error
/// rather than trapping on a `Double → Int` conversion, an overflow or an unbounded allocation.
@Suite struct InputLimitsTests {
    static let cases: [Malformed] = [
        // 1e300 is a whole number in JSON but no Int: refused where it is written.
        Malformed(
            json: F.scenario(agents: F.role(#", "count": 1e300"#)), path: "agents.w.count",
            fragment: "1e300 is not a whole number in range; allowed: a whole number from 1 to 100000"),
        Malformed(
            json: F.scenario(agents: F.role(#", "count": 100001"#)), path: "agents.w.count",
            fragment: "must be at most 100000, found 100001"),
        Malformed(
            json: F.scenario(agents: F.role(#", "capacity": 100001"#)), path: "agents.w.capacity",
            fragment: "must be at most 100000, found 100001"),
        Malformed(
            json: F.scenario(agents: F.role(#", "context_growth": 1000000001"#)),
            path: "agents.w.context_growth", fragment: "must be at most 1000000000, found 1000000001"),
        Malformed(
            json: F.scenario(agents: F.role(#", "policies": {"retry": {"max_attempts": 1001}}"#)),
            path: "agents.w.policies.retry.max_attempts", fragment: "must be at most 1000, found 1001"),
        Malformed(
            json: F.scenario(
                agents: F.role(#", "policies": {"circuit_breaker": {"sliding_window_size": 1e7}}"#)),
            path: "agents.w.policies.circuit_breaker.sliding_window_size",
            fragment: "must be at most 1000000, found 10000000"),
        Malformed(
            json: F.scenario(rest: #", "run": {"replications": 100001}"#), path: "run.replications",
            fragment: "must be at most 100000, found 100001"),
        // Rates of a token bucket: too large, or too fine for its exact 64-bit arithmetic.
        Malformed(
            json: F.scenario(agents: F.role(#", "rate_limit": {"rpm": 1e300}"#)),
            path: "agents.w.rate_limit.rpm", fragment: "must be at most 1000000000000, found 1e300"),
        Malformed(
            json: F.scenario(agents: F.role(#", "rate_limit": {"tpm": 100000007}"#)),
            path: "agents.w.rate_limit.tpm",
            fragment: "100000007 per minute is too fine for the exact token bucket"),
        // A token-count parameter of a distribution.
        Malformed(
            json: F.scenario(agents: F.role(#", "tokens_out": 1e300"#)), path: "agents.w.tokens_out",
            fragment: "1e300 is too large for a count"),
        // Budget alerts: 0 would fire before any spend, a duplicate twice.
        Malformed(
            json: F.scenario(
                rest: #", "policies": {"budgets": [{"scope": "run", "usd": 1, "alerts": [0]}]}"#),
            path: "policies.budgets[0].alerts[0]", fragment: "an alert fraction must be greater than 0"),
    ]

    @Test(arguments: cases)
    func isRefusedWithPathAndUsefulMessage(_ bad: Malformed) throws {
        let error = try #require(decodingError(bad.json, overrides: bad.overrides), "accepted")
        #expect(error.path == bad.path, "\(error)")
        #expect(error.description.contains(bad.fragment), "\(error)")
        #expect((error.line ?? 0) > 0, "no line:column in \(error)")
    }

    /// The limit is the whole fleet, so it names the role where the running total crosses it.
    @Test func theFleetLimitCountsEveryRole() throws {
        let agents =
            #"{"a": {"skills": ["s"], "latency": "1s", "count": 60000}, "#
            + #""b": {"skills": ["s"], "latency": "1s", "count": 60000}}"#
        let error = try #require(decodingError(F.scenario(agents: agents)))
        #expect(error.path == "agents.b.count", "\(error)")
        #expect(error.description.contains("120000 agents"), "\(error)")
        #expect(
            decodingError(F.scenario(agents: agents.replacingOccurrences(of: "60000", with: "50000"))) == nil)
    }

    @Test func aTooFineRateSuggestsOneThatWorks() throws {
        let json = F.scenario(agents: F.role(#", "rate_limit": {"rpm": 100000007}"#))
        let error = try #require(decodingError(json))
        #expect(error.description.contains("100000010 works"), "\(error)")
        // And the suggestion really is representable: 100000010 = 10 · 10000001, gcd with 6·10^10 is 10.
        let fixed = F.scenario(agents: F.role(#", "rate_limit": {"rpm": 100000010}"#))
        #expect(decodingError(fixed) == nil)
    }

    /// `count` rounds to nearest and cuts to `0 ... maximum`; it is exact in range.
    @Test func drawnCountsSaturateAndRoundExactly() {
        #expect(InputLimits.count(.nan, maximum: 10) == 0)
        #expect(InputLimits.count(-.infinity, maximum: 10) == 0)
        #expect(InputLimits.count(-3, maximum: 10) == 0)
        #expect(InputLimits.count(2.5, maximum: 10) == 3)  // .rounded() is half away from zero
        #expect(InputLimits.count(9.4, maximum: 10) == 9)
        #expect(InputLimits.count(1e300, maximum: 10) == 10)
        #expect(InputLimits.count(.infinity, maximum: 10) == 10)
        #expect(InputLimits.tokens(1e300) == InputLimits.maxTokensPerCall)
        #expect(InputLimits.tokens(123_456_789.4) == 123_456_789)
    }

    /// `TokenBucket.isRepresentable` is exactly the overflow condition of its arithmetic.
    @Test func tokenBucketRepresentability() {
        let minute = SimDuration.seconds(60)
        // gcd 1: depth × 6·10^10 × 2 = 1.2·10^19 > Int64.max ≈ 9.22·10^18.
        #expect(!TokenBucket.isRepresentable(rate: 100_000_007, per: minute, depth: 100_000_007))
        // depth 7.6·10^7: 7.6·10^7 × 6·10^10 × 2 = 9.12·10^18 fits.
        #expect(TokenBucket.isRepresentable(rate: 76_000_003, per: minute, depth: 76_000_003))
        #expect(TokenBucket.isRepresentable(rate: 1_000_000_000_000, per: minute, depth: 1_000_000_000_000))
        #expect(!TokenBucket.isRepresentable(rate: -1, per: minute, depth: 1))
        #expect(!TokenBucket.isRepresentable(rate: 1, per: minute, depth: 0))
    }

    /// The client pacer's theoretical arrival times saturate at 2^62 ns instead of overflowing.
    @Test func clientPacerSaturates() {
        #expect(ClientPacer.later(5, by: 7) == 12)
        #expect(ClientPacer.later(1 << 62 - 1, by: 5) == 1 << 62)
        #expect(ClientPacer.later(0, by: 1e300) == 1 << 62)
        #expect(ClientPacer.later(.max - 1, by: 5) == 1 << 62)
        // A pacer at one token per minute asked for 10^18 tokens answers, it does not trap.
        var pacer = ClientPacer(requestsPerMinute: nil, tokensPerMinute: 1)
        _ = pacer.reserve(tokens: 1_000_000_000_000_000_000, at: .zero)
        let wait = pacer.reserve(tokens: 1, at: .zero)
        #expect(wait.nanos >= (1 << 62) - (1 << 40))
    }
}
