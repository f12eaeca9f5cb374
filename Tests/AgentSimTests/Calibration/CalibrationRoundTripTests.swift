import Foundation
import Testing

@testable import AgentSim

/// The calibrated scenario, simulated, reproduces the traces: calls per job within 5%, input tokens per
/// job within 8%, mean job latency within 15% (the bounds). At 200 jobs the sampling error
/// of calls per job is about 0.8/√200 ≈ 0.06 calls on 5 (1.1%), so 5% is over 4 standard errors.
@Suite struct CalibrationRoundTripTests {
    static func check(_ calibration: Calibration) throws -> CalibrationCheck.Row {
        let json = calibration.scenarioJSON(name: "round-trip")
        let scenario = try ScenarioLoader.load(json: json, file: "round-trip.json", baseDirectory: ".")
            .scenario
        let result = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(result.summary.jobsCompleted == calibration.jobs)
        return try #require(CalibrationCheck(calibration: calibration, result: result).rows.last)
    }

    @Test func fixtureRoundTrip() throws {
        let data = try #require(FileManager.default.contents(atPath: CalibrationFixture.path))
        let c = try CalibrationFixture.calibrate([("fixture.json.gz", [UInt8](data))])
        let job = try Self.check(c)
        #expect(job.subject == "job")
        #expect(abs(job.callsPerJob.simulated / job.callsPerJob.trace - 1) <= 0.05)
        #expect(abs(job.tokensInPerJob.simulated / job.tokensInPerJob.trace - 1) <= 0.08)
        #expect(abs(job.latencyMeanSeconds.simulated / job.latencyMeanSeconds.trace - 1) <= 0.15)
    }

    @Test func fixtureScenarioValidatesWithoutWarnings() throws {
        let data = try #require(FileManager.default.contents(atPath: CalibrationFixture.path))
        let c = try CalibrationFixture.calibrate([("fixture.json.gz", [UInt8](data))])
        #expect(c.warnings.isEmpty)
        let loaded = try ScenarioLoader.load(
            json: c.scenarioJSON(name: "x"), file: "x.json", baseDirectory: ".")
        #expect(loaded.scenario.agents.map(\.name) == ["planner", "tool_web_search", "researcher", "writer"])
    }
}
