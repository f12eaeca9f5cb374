import AgentSim
import AgentSimCLI
import Foundation
import Testing

@testable import CustomCoordinatorExample

/// The example's committed baseline gates its scheduler: the scheduler as it is passes; the same
/// scheduler with a planted regression (a dispatcher that ignores load) fails, both through the
/// library gate and through the example's own one-line binary.
@Suite struct WatchdogGateTests {
    /// The package root (three folders above this file).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let scenarioPath = root.appendingPathComponent(
        "Sources/CustomCoordinatorExample/Scenarios/watchdog-scheduler.json"
    ).path
    static let baselines = root.appendingPathComponent("results/baselines").path

    init() { PatternRegistry.register([WatchdogPattern.self]) }

    /// The example's binary: `CustomCoordinatorExample ARGUMENTS`, in process.
    static func tool(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
        var out = ""
        var err = ""
        let code = AgentSimCommand.run(arguments: arguments, stdout: &out, stderr: &err)
        return (code, out, err)
    }

    @Test func theSchedulerAsItIsPassesItsBaseline() throws {
        let scenario = try ScenarioLoader.load(path: Self.scenarioPath).scenario
        let result = Gate.check(scenario, baselineDirectory: Self.baselines)
        #expect(result.problem == nil)
        #expect(result.exitCode == 0, "\(result.findings.filter { $0.verdict != .same })")
        #expect(result.findings.allSatisfy { $0.verdict == .same }, "the simulator is exact: nothing moves")
        #expect(
            result.findings.contains { $0.metric.name == "redispatches_per_job" }, "its own metric is gated")
    }

    /// The library gate with the user's own coordinator built in the test: the scenario is the
    /// recorded one (same digest), only the scheduler differs, and the gate names what got worse.
    @Test func theLibraryGateCatchesADispatcherThatIgnoresLoad() throws {
        let scenario = try ScenarioLoader.load(path: Self.scenarioPath).scenario
        let result = Gate.check(
            scenario, baselineDirectory: Self.baselines, excludedRoles: ["dispatcher"],
            coordinatorRole: "dispatcher"
        ) { ctx in
            WatchdogScheduler(
                dispatcherRole: "dispatcher", patience: .seconds(300), maxTries: 3, plantedBug: false,
                ignoreLoad: true, &ctx)
        }
        #expect(
            result.digestChange == nil, "the same scenario: a scheduler regression, not a changed experiment")
        #expect(result.exitCode == 1)
        let regressed = Set(result.findings.filter { $0.verdict == .regressed }.map(\.metric.name))
        // Six agents of capacity 1 per role slot, all work on one: queueing makes latency worse.
        #expect(regressed.contains("latency_mean_s"), "regressed: \(regressed.sorted())")
        #expect(regressed.contains("latency_p99_s"), "regressed: \(regressed.sorted())")
    }

    /// The same closure without the regression reproduces the registered pattern's runs exactly.
    @Test func theLibraryGatePassesTheSchedulerWithoutTheRegression() throws {
        let scenario = try ScenarioLoader.load(path: Self.scenarioPath).scenario
        let result = Gate.check(
            scenario, baselineDirectory: Self.baselines, excludedRoles: ["dispatcher"],
            coordinatorRole: "dispatcher"
        ) { ctx in
            WatchdogScheduler(
                dispatcherRole: "dispatcher", patience: .seconds(300), maxTries: 3, plantedBug: false, &ctx)
        }
        #expect(result.exitCode == 0, "\(result.findings.filter { $0.verdict != .same })")
    }

    @Test func theBinaryChecksItsOwnCoordinator() {
        let pass = Self.tool(["check", Self.scenarioPath, "--baseline", Self.baselines])
        #expect(pass.code == 0, "\(pass.out)\(pass.err)")
        #expect(pass.out.contains("PASS watchdog-scheduler"))
        let fail = Self.tool([
            "check", Self.scenarioPath, "--baseline", Self.baselines, "--set", "pattern.ignore_load=true",
        ])
        #expect(fail.code == 1, "\(fail.out)\(fail.err)")
        #expect(fail.out.contains("latency_mean_s"))
        #expect(fail.out.contains("regressed"))
    }

    @Test func theBinaryRunsAndChaosTestsItsOwnCoordinator() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent(
            "watchdog-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = Self.tool(["run", Self.scenarioPath, "--replications", "1", "--out", out])
        #expect(run.code == 0, "\(run.err)")
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8)
        let header = summary.split(separator: "\n")[0]
        #expect(
            header.hasSuffix(",warmup_s,jobs_rejected,redispatches_per_job"), "custom metric appended last")
        #expect(summary.contains("\nwatchdog-scheduler,watchdog,0,"))
        let chaos = Self.tool(["chaos", Self.scenarioPath, "--seeds", "4", "--out", out + "/chaos"])
        #expect(chaos.code == 0, "\(chaos.out)\(chaos.err)")
        #expect(chaos.out.contains("(watchdog), 4 seeds, 0 failing"), "\(chaos.out)")
    }
}
