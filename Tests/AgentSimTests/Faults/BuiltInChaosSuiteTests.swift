import Foundation
import Testing

@testable import AgentSim

/// The built-in patterns on their example scenarios under the standard chaos suites of
/// `.ci/chaos-suites` (CI runs 200 seeds of each in a release build; here 12), every invariant
/// checked. Known failures are recorded as known issues with the reason, so that a fix shows up as
/// a test to update.
@Suite struct BuiltInChaosSuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let folder = root.appendingPathComponent("scenarios").path

    /// Seeds per scenario and suite.
    static let seeds: UInt64 = 12

    /// Suite name → its `--set` overrides, from `.ci/chaos-suites` (tab-separated; `#` comments).
    static let suites: [String: [String]] = {
        let path = root.appendingPathComponent(".ci/chaos-suites").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var suites: [String: [String]] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t").map(String.init)
            if fields.count >= 2 { suites[fields[0]] = Array(fields.dropFirst()) }
        }
        return suites
    }()

    static let files = [
        "blackboard-swarm", "budget-stop", "consensus-vote", "delegation-loop", "delegation-loop-guarded",
        "document-pipeline", "event-bus", "handoff-desk", "hierarchy-org", "human-approval", "hybrid-content",
        "market-heterogeneous", "mm1", "mmc", "pattern-showdown", "peer-mesh", "rate-limit-bucket",
        "rate-limit-storm", "research-assistant", "retry-storm", "retry-storm-backoff", "stigmergy-swarm",
        "support-desk", "tandem",
        "watchdog-desk",
    ]

    /// Suite → scenario → why it breaks (none today: every example survives every suite).
    static let broken: [String: [String: String]] = [:]

    @Test func theSuitesFileListsTheSuitesAndEveryExampleIsCovered() throws {
        #expect(Self.suites.keys.sorted() == ["crashes", "every-fault", "everything", "network", "standard"])
        let examples = try FileManager.default.contentsOfDirectory(atPath: Self.folder)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        #expect(examples == Self.files)
    }

    /// The first violation of each failing seed of `file` under `suite`.
    static func failures(_ file: String, _ suite: String) throws -> [Violation] {
        let scenario = try ScenarioLoader.load(
            path: "\(folder)/\(file).json", overrides: ["workload.jobs=150"] + (suites[suite] ?? [])
        ).scenario
        let runner = ChaosRunner.builtIn(scenario)
        return (0..<seeds).compactMap { runner.run(seed: scenario.seed &+ $0).violation }
    }

    static func check(_ file: String, _ suite: String) throws {
        let failures = try Self.failures(file, suite)
        if let reason = Self.broken[suite]?[file] {
            withKnownIssue(Comment(rawValue: reason)) { #expect(failures.map(\.description) == []) }
        } else {
            #expect(failures.map(\.description) == [])
        }
    }

    @Test(arguments: files)
    func survivesTheStandardSuite(_ file: String) throws { try Self.check(file, "standard") }

    @Test(arguments: files)
    func survivesWorkerCrashesWithTimeouts(_ file: String) throws { try Self.check(file, "crashes") }

    @Test(arguments: files)
    func survivesEveryAgentFaultAndDuplicatesWithTimeouts(_ file: String) throws {
        try Self.check(file, "everything")
    }

    @Test(arguments: files)
    func survivesLossPartitionsAndDuplicatesUnderRetransmission(_ file: String) throws {
        try Self.check(file, "network")
    }

    @Test(arguments: files)
    func survivesEveryFaultKindAtOnce(_ file: String) throws { try Self.check(file, "every-fault") }
}
