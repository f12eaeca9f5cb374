import Foundation
import Testing

@testable import AgentSim

private typealias F = ScenarioFixtures

@Suite struct ScenarioDataFileTests {
    /// A fresh folder holding `files` (name → contents).
    private func folder(_ files: [String: String]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "agentsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir.path
    }

    private func traceScenario(_ file: String) -> String {
        F.scenario(workload: F.arrivals(#"{"process": "trace", "file": ""# + file + #""}"#, jobs: ""))
    }

    @Test func readsATraceRelativeToTheScenarioFolder() throws {
        let dir = try folder(["arrivals.csv": "time_s,comment\n0.5,a\n\n1.5s,b\r\n1500ms\n2\n"])
        let s = try decodeScenario(traceScenario("arrivals.csv"), baseDirectory: dir)
        let expected = [500_000_000, 1_500_000_000, 1_500_000_000, 2_000_000_000].map { SimTime(nanos: $0) }
        #expect(s.workload.arrivals == .trace(times: expected))
    }

    @Test func refusesATraceThatGoesBackInTime() throws {
        let dir = try folder(["t.csv": "1\n3\n2\n"])
        let error = try #require(decodingError(traceScenario("t.csv"), baseDirectory: dir))
        #expect(error.file == dir + "/t.csv")
        #expect(error.line == 3)
        #expect(error.path == "workload.arrivals.file")
        #expect(error.message.contains("must be ascending, but 2s comes after 3s"))
    }

    @Test func refusesAMissingOrEmptyOrBadFile() throws {
        let dir = try folder(["empty.csv": "header\n\n", "bad.csv": "1\nlots\n"])
        let missing = try #require(decodingError(traceScenario("nope.csv"), baseDirectory: dir))
        #expect(missing.message.contains("no such file"))
        #expect(missing.file == "test.json")
        let empty = try #require(decodingError(traceScenario("empty.csv"), baseDirectory: dir))
        #expect(empty.message.contains("holds no values"))
        let bad = try #require(decodingError(traceScenario("bad.csv"), baseDirectory: dir))
        #expect(bad.line == 2)
        #expect(bad.description.contains(#"is not a duration"#))
    }

    @Test func readsEmpiricalSamplesAsTheRightUnit() throws {
        let dir = try folder(["lat.csv": "latency\n250ms\n1\n0.5\n", "tok.csv": "120\n80\n"])
        let json = F.scenario(
            agents: #"{"w": {"skills": ["s"], "latency": {"dist": "empirical", "file": "lat.csv"},"#
                + #" "tokens_out": {"dist": "empirical", "file": "tok.csv"}}}"#)
        let s = try decodeScenario(json, baseDirectory: dir)
        #expect(s.agents[0].latency == .empirical(EmpiricalSamples([0.25, 1, 0.5])))
        #expect(s.agents[0].tokensOut == .empirical(EmpiricalSamples([120, 80])))
    }

    @Test func aMissingScenarioFileIsAClearError() throws {
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/scenario.json")
            Issue.record("loaded")
        } catch {
            #expect(error.description == "/nonexistent/scenario.json: no such scenario file")
        }
    }

    @Test func aScenarioFileWithASyntaxErrorNamesItsPath() throws {
        let dir = try folder(["s.json": "{\"name\": \"x\",}"])
        do {
            _ = try ScenarioLoader.load(path: dir + "/s.json")
            Issue.record("loaded")
        } catch {
            #expect(error.description.hasPrefix(dir + "/s.json:1:13: (root): trailing comma"))
        }
    }
}
