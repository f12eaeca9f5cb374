import AgentSimMetrics
import AgentSimSpec
import Dispatch
import Foundation

/// The CI gate as a library: run a scenario, then record its gated metrics as a baseline or hold
/// them to the recorded one. `agentsim check` is this, plus reports.
///
/// Use it from your own tests with your own coordinator:
///
/// ```swift
/// let scenario = try ScenarioLoader.load(path: "scenarios/my-desk.json").scenario
/// let result = try Gate.check(scenario, baselineDirectory: "results/baselines") { ctx in
///     MyScheduler(&ctx)
/// }
/// #expect(result.exitCode == 0, "\(result.findings.filter { $0.verdict == .regressed })")
/// ```
///
/// Baseline files are the ones the CLI reads and writes (``Baseline/text``).
public enum Gate {
    /// Runs one replication (``ScenarioRunner/detailedRun(_:replication:)`` or your own).
    public typealias Replication = @Sendable (_ scenario: Scenario, _ replication: Int) -> RunResult

    /// The default baseline folder, relative to the working directory.
    public static let defaultDirectory = "results/baselines"

    /// The summaries of the scenario's `run.replications` replications, in replication order, run in
    /// parallel (each in its own slot, so the order never depends on thread timing).
    public static func runs(of scenario: Scenario, replication: Replication = ScenarioRunner.detailedRun)
        -> [RunSummary]
    {
        let count = max(1, scenario.limits.replications)
        let lock = NSLock()
        nonisolated(unsafe) var slots = [RunSummary?](repeating: nil, count: count)
        DispatchQueue.concurrentPerform(iterations: count) { r in
            let summary = replication(scenario, r).summary
            lock.withLock { slots[r] = summary }
        }
        return slots.map { $0! }
    }

    /// The path of `scenario`'s baseline in `directory`.
    public static func path(of scenario: String, in directory: String) -> String {
        (directory.hasSuffix("/") ? directory : directory + "/") + Baseline.fileName(forScenario: scenario)
    }

    /// Runs `scenario` and writes its baseline (atomically) into `directory`.
    /// - Returns: The baseline written.
    /// - Throws: ``AtomicFileError`` when the file cannot be written.
    @discardableResult
    public static func record(
        _ scenario: Scenario, baselineDirectory directory: String = defaultDirectory,
        replication: Replication = ScenarioRunner.detailedRun
    ) throws(AtomicFileError) -> Baseline {
        let baseline = Baseline(scenario: scenario, runs: runs(of: scenario, replication: replication))
        try AtomicFile.write(baseline.text, to: path(of: scenario.name, in: directory))
        return baseline
    }

    /// Runs `scenario` and compares it with its baseline in `directory`.
    /// - Parameter tolerances: Allowed worsening by metric name, as a fraction of the baseline.
    /// - Returns: The result; its ``GateResult/exitCode`` is `agentsim check`'s for this scenario.
    public static func check(
        _ scenario: Scenario, baselineDirectory directory: String = defaultDirectory,
        tolerances: [String: Double] = [:], replication: Replication = ScenarioRunner.detailedRun
    ) -> GateResult {
        compare(
            scenario, runs: runs(of: scenario, replication: replication), baselineDirectory: directory,
            tolerances: tolerances)
    }

    /// Compares runs already made of `scenario` with its baseline in `directory`.
    public static func compare(
        _ scenario: Scenario, runs: [RunSummary], baselineDirectory directory: String = defaultDirectory,
        tolerances: [String: Double] = [:]
    ) -> GateResult {
        let file = path(of: scenario.name, in: directory)
        let digest = ScenarioDigest.of(scenario)
        func problem(_ p: GateResult.Problem) -> GateResult {
            GateResult(
                scenario: scenario.name, baselinePath: file, findings: [], problem: p, digest: digest,
                baselineDigest: nil, baselineVersion: nil, replications: 0)
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            return problem(.missing(path: file))
        }
        let baseline: Baseline
        do {
            baseline = try Baseline.parse(String(decoding: data, as: UTF8.self), file: file)
        } catch {
            return problem(.unreadable(error))
        }
        guard baseline.scenario == scenario.name else {
            return problem(.foreign(path: file, baselineScenario: baseline.scenario))
        }
        return baseline.compare(runs, digest: digest, path: file, tolerances: tolerances)
    }
}
