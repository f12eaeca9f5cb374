import Foundation
import Testing

@testable import AgentSim

/// The every-fault campaign's trap: seed 641 of blackboard-swarm under every fault kind at once
/// (`.ci/chaos-suites`, `every-fault`) delivered a contribution when none was pending, and
/// `pending -= 1` on a UInt16 stopped the process with an arithmetic overflow.
@Suite struct EveryFaultRegressionTests {
    @Test func blackboardSeed641RunsToTheEndWithoutAViolation() throws {
        let overrides = try #require(BuiltInChaosSuiteTests.suites["every-fault"])
        let scenario = try ScenarioLoader.load(
            path: "\(BuiltInChaosSuiteTests.folder)/blackboard-swarm.json",
            overrides: ["workload.jobs=150"] + overrides
        ).scenario
        let run = ChaosRunner.builtIn(scenario).run(seed: 641)
        #expect(run.violation == nil)
        #expect(run.result.summary.jobsArrived == 150)
        #expect(run.result.summary.jobsInFlight == 0)
    }
}
