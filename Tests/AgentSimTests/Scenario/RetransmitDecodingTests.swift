import Testing

@testable import AgentSim

/// `network.retransmit` as a scenario states it: defaults, every key, and the errors.
@Suite struct RetransmitDecodingTests {
    static func network(_ retransmit: String) -> String {
        ScenarioFixtures.scenario(rest: #", "network": {"latency": "5ms", "retransmit": "# + retransmit + "}")
    }

    @Test func absentMeansOffAndAnEmptyObjectMeansTheDefaults() throws {
        #expect(try decodeScenario(ScenarioFixtures.scenario()).network.retransmit == nil)
        let spec = try #require(try decodeScenario(Self.network("{}")).network.retransmit)
        #expect(
            spec == RetransmitSpec(after: .seconds(1), maxAttempts: 15, multiplier: 2, maxDelay: .seconds(60))
        )
    }

    @Test func everyKeyIsRead() throws {
        let spec = try decodeScenario(
            Self.network(#"{"after": "2s", "max_attempts": 8, "multiplier": 1.5, "max_delay": "1m"}"#)
        ).network.retransmit
        #expect(
            spec
                == RetransmitSpec(after: .seconds(2), maxAttempts: 8, multiplier: 1.5, maxDelay: .seconds(60))
        )
        // A plain number is seconds, as everywhere.
        #expect(
            try decodeScenario(Self.network(#"{"after": 0.25}"#)).network.retransmit?.after
                == .milliseconds(250))
    }

    @Test func anOverrideCanTurnItOn() throws {
        let json = ScenarioFixtures.scenario(rest: #", "network": {"latency": "5ms"}"#)
        let spec = try decodeScenario(
            json, overrides: [#"network.retransmit={"after": "2s", "max_attempts": 12}"#]
        )
        .network.retransmit
        #expect(spec == RetransmitSpec(after: .seconds(2), maxAttempts: 12))
    }

    static let refusals: [Malformed] = [
        Malformed(
            json: network(#"{"aftr": "2s"}"#), path: "network.retransmit.aftr",
            fragment:
                #"unknown key "aftr"; did you mean "after"?; allowed: after, max_attempts, multiplier, max_delay"#
        ),
        Malformed(
            json: ScenarioFixtures.scenario(rest: #", "network": {"retransmitt": {}}"#),
            path: "network.retransmitt",
            fragment: #"did you mean "retransmit"?; allowed: latency, retransmit"#),
        Malformed(
            json: network(#"{"after": "-2s"}"#), path: "network.retransmit.after",
            fragment: "a duration cannot be negative (-2s)"),
        Malformed(
            json: network(#"{"after": 0}"#), path: "network.retransmit.after",
            fragment: "must be longer than 0"),
        Malformed(
            json: network(#"{"max_attempts": 0}"#), path: "network.retransmit.max_attempts",
            fragment: "must be at least 1, found 0"),
        Malformed(
            json: network(#"{"max_attempts": 1001}"#), path: "network.retransmit.max_attempts",
            fragment: "must be at most 1000, found 1001; allowed: 1 ... 1000 sends, the first included"),
        Malformed(
            json: network(#"{"max_attempts": 2.5}"#), path: "network.retransmit.max_attempts",
            fragment: "2.5 is not a whole number"),
        Malformed(
            json: network(#"{"multiplier": 0.5}"#), path: "network.retransmit.multiplier",
            fragment: "must be at least 1, found 0.5; allowed: a number ≥ 1"),
        Malformed(
            json: network(#"{"max_delay": "-1m"}"#), path: "network.retransmit.max_delay",
            fragment: "a duration cannot be negative"),
        Malformed(
            json: network(#"{"after": "10s", "max_delay": "5s"}"#), path: "network.retransmit",
            fragment: "max_delay (5s) is below the first timeout, after (10s)"),
        Malformed(
            json: network("true"), path: "network.retransmit",
            fragment: "expected a retransmission policy (a JSON object), found"),
        Malformed(
            json: ScenarioFixtures.scenario(rest: #", "network": {"latency": "5ms"}"#),
            overrides: [#"network.retransmit={"max_attempts": 0}"#], path: "network.retransmit.max_attempts",
            fragment: "--set network.retransmit: network.retransmit.max_attempts: must be at least 1, found 0"
        ),
    ]

    @Test(arguments: refusals)
    func isRefusedWithPathAndUsefulMessage(_ bad: Malformed) throws {
        let error = try #require(decodingError(bad.json, overrides: bad.overrides), "accepted")
        #expect(error.path == bad.path, "\(error)")
        #expect(error.description.contains(bad.fragment), "\(error)")
    }

    @Test func errorsPointAtTheLineAndColumn() throws {
        let json = ScenarioFixtures.scenario(
            rest: ",\n \"network\": {\"retransmit\": {\n   \"after\": \"2s\", \"max_attempts\": 0}}")
        let error = try #require(decodingError(json))
        #expect(error.line == 4 && error.column == 35, "\(error)")
        #expect(
            error.description.hasPrefix("test.json:4:35: network.retransmit.max_attempts: must be at least 1")
        )
    }
}
