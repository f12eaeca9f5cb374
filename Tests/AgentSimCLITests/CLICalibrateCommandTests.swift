import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

@Suite struct CLICalibrateCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/traces/research-desk.otlp.json.gz")
        .path

    static func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "agentsim-calibrate-\(UUID().uuidString)/"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writesAScenarioThatValidatesAndTheSidecar() throws {
        let dir = Self.tempDir()
        let out = dir + "desk.json"
        let r = CLITestSupport.run(
            [
                "calibrate", Self.fixture, "--out", out, "--price", "gpt-4o=2.5/10", "--price",
                "gpt-4o-mini=0.15/0.6",
            ],
            environment: .live)
        #expect(r.code == 0, "\(r.stderr)")
        let validate = CLITestSupport.run(["validate", out], environment: .live)
        #expect(validate.code == 0 && validate.stdout == "ok: \(out)\n")
        let csv = try String(contentsOfFile: dir + "calibration.csv", encoding: .utf8)
        #expect(csv.hasPrefix(Calibration.csvHeader.joined(separator: ",") + "\n"))
        #expect(csv.contains("latency_s,writer,gpt-4o,gamma,"))
        // Same traces, same bytes.
        let again = CLITestSupport.run(
            ["calibrate", Self.fixture, "--price", "gpt-4o=2.5/10", "--price", "gpt-4o-mini=0.15/0.6"],
            environment: .live)
        #expect(again.stdout == (try String(contentsOfFile: out, encoding: .utf8)))
    }

    @Test func checkPrintsTraceVersusSimulated() {
        let r = CLITestSupport.run(["calibrate", Self.fixture, "--check"], environment: .live)
        #expect(r.code == 0)
        #expect(r.stdout.hasPrefix("trace vs simulated (200 jobs, seed 1):\n"))
        for role in ["planner", "tool_web_search", "researcher", "writer", "job"] {
            #expect(r.stdout.contains("\n\(role) "))
        }
        #expect(r.stderr.contains("warning: no price for model gpt-4o"))
    }

    @Test func badInputIsExitTwoAndWritesNothing() throws {
        let dir = Self.tempDir()
        let bad = dir + "not-otlp.json"
        try #"{"name": "x"}"#.write(toFile: bad, atomically: true, encoding: .utf8)
        let r = CLITestSupport.run(["calibrate", bad, "--out", dir + "s.json"], environment: .live)
        #expect(r.code == 2)
        #expect(r.stderr.hasPrefix("error: \(bad)"))
        #expect(r.stderr.contains("resourceSpans"))
        #expect(!FileManager.default.fileExists(atPath: dir + "s.json"))
        #expect(!FileManager.default.fileExists(atPath: dir + "calibration.csv"))
        let missing = CLITestSupport.run(["calibrate", dir + "nope.json"], environment: .live)
        #expect(missing.code == 2 && missing.stderr.contains("cannot read the trace file"))
        let price = CLITestSupport.run(["calibrate", bad, "--price", "gpt-4o=cheap"], environment: .live)
        #expect(price.code == 2 && price.stderr.contains("expected MODEL=IN/OUT"))
    }

    @Test func helpListsCalibrate() {
        let r = CLITestSupport.run(["--help"])
        #expect(r.stdout.contains("calibrate"))
        let own = CLITestSupport.run(["calibrate", "--help"])
        #expect(
            own.stdout.contains("--check") && own.stdout.contains("--report") && own.stdout.contains("--out"))
    }
}
