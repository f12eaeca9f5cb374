import Testing

@testable import AgentSim

private typealias F = ScenarioFixtures

/// `--set` inside a known optional root object that the scenario lacks creates it; a typo does not.
@Suite struct OverrideCreationTests {
    @Test func aMissingNetworkObjectIsCreated() throws {
        let s = try decodeScenario(F.scenario(), overrides: [#"network.retransmit={"max_attempts": 40}"#])
        #expect(s.network.retransmit?.maxAttempts == 40)
        #expect(s.network.latency == .constant(0))  // the rest of `network` keeps its defaults
        let run = try decodeScenario(F.scenario(), overrides: ["run.max_events=5000"])
        #expect(run.limits.maxEvents == 5000)
    }

    @Test func chaosRatesAreCreatedOnAScenarioWithoutChaos() throws {
        let s = try decodeScenario(F.scenario(), overrides: ["chaos.rates.loss=1/3m"])
        let chaos = try #require(s.chaos)
        #expect(chaos.rates == [.loss: 1.0 / 180])
        #expect(chaos.horizon == ChaosSpec().horizon && chaos.drain == ChaosSpec().drain)
        // Inside a created object, a misspelt object is still refused.
        #expect(decodingError(F.scenario(), overrides: ["chaos.ratse.loss=1/3m"]) != nil)
    }

    @Test func aTypoIsStillRefused() throws {
        let error = try #require(decodingError(F.scenario(), overrides: ["netwrok.retransmit={}"]))
        #expect(error.description.contains(#"there is no key "netwrok" to set a value inside"#), "\(error)")
        // Only at the root: a missing object deeper down is still an error.
        #expect(decodingError(F.scenario(), overrides: ["agents.x.count=2"]) != nil)
    }

    @Test func policyObjectsAreCreatedAtTheScenarioAndRoleLevel() throws {
        let s = try decodeScenario(
            F.scenario(),
            overrides: [
                "policies.retry.max_attempts=3", "network.retransmit.after=2s",
                "agents.w.policies.circuit_breaker.failure_rate_threshold=0.5",
            ])
        #expect(s.policies.retry?.maxAttempts == 3)
        #expect(s.network.retransmit?.after == .seconds(2))
        let role = try #require(s.agents.first { $0.name == "w" })
        #expect(role.policies?.circuitBreaker?.failureRateThreshold == 0.5)
        // A role that does not exist is not created, and neither is a misspelt policy object.
        #expect(decodingError(F.scenario(), overrides: ["agents.x.policies.retry.max_attempts=3"]) != nil)
        let error = try #require(decodingError(F.scenario(), overrides: ["policies.rety.max_attempts=3"]))
        #expect(error.description.contains(#"there is no key "rety" to set a value inside"#), "\(error)")
    }

    @Test func whatGoesInsideIsStillChecked() throws {
        let error = try #require(
            decodingError(F.scenario(), overrides: [#"network.retransmit={"aftr": "1s"}"#]))
        #expect(error.path == "network.retransmit.aftr", "\(error)")
    }
}
