import AgentSim
import Foundation
import Testing

@testable import CustomCoordinatorExample

/// The direct scheduler's planted bug (a task whose attempts all timed out is dropped) is found by
/// chaos, and each stuck job points at it: its last event is the timeout the scheduler dropped.
@Suite struct DirectSchedulerChaosTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarioPath = root.appendingPathComponent(
        "Sources/CustomCoordinatorExample/Scenarios/direct-timeouts.json"
    ).path

    init() { PatternRegistry.register([DirectPattern.self]) }

    static func runner(dropTimedOut: Bool) throws -> ChaosRunner {
        let scenario = try ScenarioLoader.load(path: scenarioPath).scenario
        return ChaosRunner.custom(scenario) { _ in DirectScheduler(dropTimedOut: dropTimedOut) }
    }

    /// Put a limit on everything: chaos must find the bug within this many seeds.
    static let seedBudget: UInt64 = 10

    @Test func everyStuckJobWasLeftByADroppedTimeout() throws {
        let runner = try Self.runner(dropTimedOut: true)
        let failing = try #require(
            (1...Self.seedBudget).lazy.map { runner.run(seed: $0) }.first { $0.failed })
        let stuck = failing.result.violations.filter { $0.invariant == .liveness }
        #expect(!stuck.isEmpty && stuck.count == failing.stuckJobs)
        #expect(stuck.allSatisfy { $0.stuck?.lastEvent == "attempt timed out" && $0.agent != nil })
        let quiet = try #require(stuck.first?.stuck)
        #expect(stuck.allSatisfy { $0.stuck!.lastEventTime <= quiet.quietTime })
        #expect(quiet.quietTime < quiet.deadline!)
    }

    @Test func failingTheTimedOutJobInsteadPassesTheSameSeeds() throws {
        let runner = try Self.runner(dropTimedOut: false)
        for seed in 1...Self.seedBudget {
            #expect(runner.run(seed: seed).result.violations == [], "seed \(seed)")
        }
    }
}
