import Testing

@testable import AgentSim

private typealias F = ScenarioFixtures

/// Fuzz case 2607 (retry-storm-backoff with `"ratio": 65536`) trapped in RetryBudget's
/// precondition; the decoder now refuses what RetryBudget cannot hold, with its location.
@Suite struct RetryBudgetLimitTests {
    @Test func aRatioAbove1000OrAWindowUnder10nsIsALocatedError() throws {
        let ratio = try #require(
            decodingError(
                F.scenario(), overrides: [#"policies.retry={"max_attempts": 3, "budget": {"ratio": 65536}}"#])
        )
        #expect(ratio.path == "policies.retry.budget.ratio" && ratio.allowed == "0...1000", "\(ratio)")
        let window = try #require(
            decodingError(
                F.scenario(), overrides: [#"policies.retry={"max_attempts": 3, "budget": {"window": "5ns"}}"#]
            ))
        #expect(window.path == "policies.retry.budget.window", "\(window)")
        // The limits themselves are accepted.
        let s = try decodeScenario(
            F.scenario(),
            overrides: [#"policies.retry={"max_attempts": 3, "budget": {"ratio": 1000, "window": "10ns"}}"#])
        #expect(s.policies.retry?.budget?.ratio == 1000)
    }
}
