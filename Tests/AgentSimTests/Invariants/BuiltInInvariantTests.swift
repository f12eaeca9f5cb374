import Foundation
import Testing

@testable import AgentSim

/// Every example scenario, checked: the built-in patterns break no invariant on a fault-free run.
@Suite struct BuiltInInvariantTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    static let files = [
        "blackboard-swarm", "consensus-vote", "document-pipeline", "event-bus", "handoff-desk",
        "hierarchy-org", "human-approval", "hybrid-content", "market-heterogeneous", "mmc",
        "pattern-showdown", "peer-mesh", "retry-storm", "stigmergy-swarm", "support-desk", "tandem",
        // The resilience examples: hard budgets (budget-stop), loop guards, rate limits, backoff.
        "budget-stop", "delegation-loop", "delegation-loop-guarded", "rate-limit-bucket", "rate-limit-storm",
        "retry-storm-backoff",
    ]

    @Test(arguments: files)
    func examplesBreakNoInvariant(_ file: String) throws {
        var scenario = try ScenarioLoader.load(
            path: "\(Self.folder)/\(file).json", overrides: ["workload.jobs=300"]
        ).scenario
        scenario.checkInvariants = true
        let result = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(result.violations.map(\.description) == [])
    }
}
