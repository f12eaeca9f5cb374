import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `compare` on a scenario without the roles some patterns need: the derivations are printed and
/// written, and a pattern that fails jobs is flagged with its top reason and ranked last.
@Suite struct CLICompareDerivationTests {
    /// Every role serves the only step: hub-and-spoke needs a derived coordinator.
    static func environment() -> CommandEnvironment {
        var base = CLITestSupport.scenario(replications: 2)
        base.agents = [AgentRoleSpec(name: "server", skills: ["serve"], latency: .exponential(mean: 1))]
        let scenario = base
        return CommandEnvironment(
            loadScenario: { _, _ throws(ScenarioError) in (scenario, []) },
            runReplication: { scenario, replication in
                var summary = CLITestSupport.fakeSummary(scenario, replication)
                var reasons: [FailureCount] = []
                if scenario.pattern.name == "hub_and_spoke" {
                    summary.jobsArrived = 10
                    summary.jobsFailed = 4
                    reasons = [
                        FailureCount(reason: "timeout", count: 3), FailureCount(reason: "lost", count: 1),
                    ]
                }
                return RunResult(
                    summary: summary, ledger: Ledger(roles: [], prices: []), series: [], alerts: [],
                    violations: [], failureReasons: reasons)
            })
    }

    @Test func derivationsArePrintedAndWrittenAndFailuresFlagged() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(
            ["compare", "s.json", "--patterns", "pipeline,hub_and_spoke", "--out", directory],
            environment: Self.environment())
        #expect(result.code == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains(
                "derived hub_and_spoke: coordinator = new role 'coordinator': 1 agent × capacity 4 with role 'server''s latency (no models)"
            ))
        let derived = try #require(CLITestSupport.read("\(directory)/derived.csv"))
        #expect(derived.split(separator: "\n").count == 2)
        #expect(derived.contains("\nfake,hub_and_spoke,coordinator,"))
        // 2 replications × (4 of 10 failed; 3 timeouts, 1 lost): summed over the replications.
        let hubLine = try #require(
            result.stdout.split(separator: "\n").first { $0.contains("hub_and_spoke") && $0.hasPrefix("   ") }
        )
        #expect(hubLine.hasPrefix("   2  hub_and_spoke"))
        #expect(hubLine.hasSuffix("fails jobs (8 of 20): top reason timeout (6)"))
    }
}
