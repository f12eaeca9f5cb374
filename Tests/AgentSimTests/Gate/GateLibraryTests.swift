import Foundation
import Testing

@testable import AgentSim

/// The gate as a user's own test calls it: their coordinator, a scenario, the baseline files the CLI
/// reads and writes.
@Suite struct GateLibraryTests {
    /// M/M/2 at λ = 1.2/s, μ = 1/s (ρ = 0.6 per agent), 3 replications of 1,000 jobs.
    static let scenario: Scenario = {
        var s = Oracle.mmc(lambda: 1.2, mu: 1, servers: 2, jobs: 1_000, seed: 31)
        s.name = "own-queue"
        s.limits.replications = 3
        return s
    }()

    static func directory() -> String { NSTemporaryDirectory() + "gate-lib-\(UUID().uuidString)" }

    @Test func theLibraryGateCatchesADispatcherThatIgnoresLoad() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let recorded = try Gate.record(Self.scenario, baselineDirectory: dir) { _ in OwnQueueCoordinator() }
        #expect(recorded.entries.contains { $0.metric.name == "own_queue_max" }, "its own metric is recorded")

        let same = Gate.check(Self.scenario, baselineDirectory: dir) { _ in OwnQueueCoordinator() }
        #expect(same.exitCode == 0 && same.findings.allSatisfy { $0.verdict == .same }, "\(same.findings)")

        // Sending everything to the first agent makes it an M/M/1 at ρ = 1.2: unstable, its queue and
        // latency grow with every job (the mean sojourn of n jobs grows like 0.1·n/2 s), against a
        // stable M/M/2 mean of 1.56 s. No seed can make that a tie.
        let planted = Gate.check(Self.scenario, baselineDirectory: dir) { _ in
            OwnQueueCoordinator(ignoreLoad: true)
        }
        #expect(planted.exitCode == 1)
        #expect(planted.digestChange == nil, "the same scenario: a scheduler regression")
        let regressed = Set(planted.findings.filter { $0.verdict == .regressed }.map(\.metric.name))
        for metric in ["latency_mean_s", "latency_p99_s", "own_queue_max"] {
            #expect(regressed.contains(metric), "\(regressed.sorted())")
        }
        let report = GateReport(results: [planted], updateCommand: "swift test")
        #expect(report.exitCode == 1)
        #expect(report.text.contains("FAIL own-queue: "))
        #expect(report.junit.contains("<failure message=\"latency_mean_s regressed: "))
    }

    @Test func aMissingOrForeignBaselineIsAProblemNotAPass() throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = Gate.check(Self.scenario, baselineDirectory: dir) { _ in OwnQueueCoordinator() }
        #expect(
            missing.exitCode == 2 && missing.problem == .missing(path: Gate.path(of: "own-queue", in: dir)))
        var other = Self.scenario
        other.name = "someone-else"
        try Gate.record(other, baselineDirectory: dir) { _ in OwnQueueCoordinator() }
        try FileManager.default.moveItem(
            atPath: Gate.path(of: "someone-else", in: dir), toPath: Gate.path(of: "own-queue", in: dir))
        let foreign = Gate.check(Self.scenario, baselineDirectory: dir) { _ in OwnQueueCoordinator() }
        #expect(
            foreign.problem
                == .foreign(path: Gate.path(of: "own-queue", in: dir), baselineScenario: "someone-else"))
        #expect(foreign.exitCode == 2)
    }
}

/// The scenario digest: a function of the experiment, not of the file's layout.
@Suite struct ScenarioDigestTests {
    static let json = """
        { "name": "d", "seed": 3,
          "workload": { "arrivals": { "process": "poisson", "rate": "1/s" }, "jobs": 10,
                        "job": { "steps": [ { "name": "s", "skill": "s" } ] } },
          "agents": { "a": { "count": 2, "skills": ["s"], "latency": "1s" },
                      "b": { "count": 1, "skills": ["s"], "latency": "1s" } } }
        """
    static let reordered = """
        { "agents": { "a": { "skills": ["s"], "latency": 1, "count": 2 },
                      "b": { "latency": "1000ms", "skills": ["s"], "count": 1 } },
          "seed": 3, "name": "d",
          "workload": { "job": { "steps": [ { "skill": "s", "name": "s" } ] }, "jobs": 10,
                        "arrivals": { "rate": "60/min", "process": "poisson" } } }
        """

    static func digest(_ json: String, _ overrides: [String] = []) throws -> String {
        ScenarioDigest.of(
            try ScenarioLoader.load(json: json, file: "d.json", baseDirectory: ".", overrides: overrides)
                .scenario)
    }

    @Test func reformattingKeepsTheDigestAndAnyChangeMovesIt() throws {
        let digest = try Self.digest(Self.json)
        #expect(digest.count == 16 && digest.allSatisfy(\.isHexDigit))
        #expect(try Self.digest(Self.reordered) == digest, "key order and equal units do not matter")
        // A renamed role is another experiment: role names key the agents' random streams.
        #expect(try Self.digest(Self.json.replacingOccurrences(of: "\"a\"", with: "\"c\"")) != digest)
        #expect(try Self.digest(Self.json, ["agents.a.count=3"]) != digest)
        #expect(try Self.digest(Self.json, ["seed=4"]) != digest)
        #expect(try Self.digest(Self.json, ["workload.arrivals.rate=1.01/s"]) != digest)
    }
}
