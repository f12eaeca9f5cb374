import Testing

@testable import AgentSim

/// A partition needs two roles to split; on one role chaos skips it and says what would help.
@Suite struct ChaosSkippedKindsTests {
    static func scenario(_ agents: String, chaos: String) throws -> Scenario {
        try decodeScenario(ScenarioFixtures.scenario(agents: agents, rest: #", "chaos": "# + chaos))
    }

    @Test func partitionOnOneRoleIsSkippedWithAReason() throws {
        let s = try Self.scenario(
            #"{"w": {"skills": ["s"], "latency": "1s", "count": 3}}"#,
            chaos: #"{"rates": {"partition": "1/m"}}"#)
        let skipped = try #require(s.chaos).skippedKinds(in: s)
        #expect(skipped.map(\.kind) == [.partition])
        #expect(skipped.first?.reason.contains("only the role w") == true)
        #expect(skipped.first?.reason.contains("give the scenario a second role") == true)
        // And indeed it draws no partition, on any of 50 seeds.
        for seed in UInt64(0)..<50 {
            #expect(ChaosPlan.draw(s.chaos!, scenario: s, seed: seed).isEmpty)
        }
    }

    @Test func partitionOnTwoRolesIsKept() throws {
        let agents =
            #"{"w": {"skills": ["s"], "latency": "1s"}, "v": {"skills": ["s"], "latency": "1s"}}"#
        let s = try Self.scenario(agents, chaos: #"{"rates": {"partition": "1/m"}}"#)
        #expect(try #require(s.chaos).skippedKinds(in: s).isEmpty)
        // Restricted to one of the two by chaos.roles: skipped again, and the reason names chaos.roles.
        let one = try Self.scenario(agents, chaos: #"{"rates": {"partition": "1/m"}, "roles": ["v"]}"#)
        #expect(try #require(one.chaos).skippedKinds(in: one).first?.reason.contains("chaos.roles") == true)
    }
}
