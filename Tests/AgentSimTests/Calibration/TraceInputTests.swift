import Foundation
import Testing

@testable import AgentSim
@testable import AgentSimSpec

@Suite struct TraceInputTests {
    static let generator = TraceGenerator(jobs: 60, seed: 5)

    static func scenario(_ files: [(String, String)]) throws -> (
        json: String, csv: String, warnings: [String]
    ) {
        let c = try CalibrationFixture.calibrate(files.map { ($0.0, Array($0.1.utf8)) })
        return (c.scenarioJSON(name: "t"), c.csv(), c.warnings)
    }

    @Test func jsonLinesAndOTLPGiveTheSameScenario() throws {
        let otlp = try Self.scenario([("a.json", Self.generator.otlp())])
        let lines = try Self.scenario([("a.jsonl", Self.generator.jsonLines())])
        #expect(otlp.json == lines.json)
        #expect(otlp.csv == lines.csv)
        let crlf = Self.generator.jsonLines().split(separator: "\n").joined(separator: "\r\n")
        #expect(try Self.scenario([("w.jsonl", crlf)]).json == otlp.json)
    }

    @Test func collectorFileExporterLinesAreRead() throws {
        // The Collector's file exporter writes one OTLP export per line; split the spans over two lines.
        let spans = Self.generator.spans()
        func export(_ part: ArraySlice<JSONValue>) -> String {
            let scope = JSONValue.object([("spans", .make(.array(Array(part))))])
            let resource = JSONValue.object([("scopeSpans", .make(.array([scope])))])
            return JSONValue.object([("resourceSpans", .make(.array([resource])))]).renderedInline()
        }
        let text = export(spans[..<100]) + "\n" + export(spans[100...]) + "\n"
        #expect(
            try Self.scenario([("c.jsonl", text)]).json
                == (try Self.scenario([("a.json", Self.generator.otlp())])).json)
    }

    @Test func severalFilesAndAnyOrderGiveTheSameScenario() throws {
        let lines = Self.generator.jsonLines().split(separator: "\n").map(String.init)
        let whole = try Self.scenario([("a.jsonl", Self.generator.jsonLines())])
        let reversed = lines.reversed().joined(separator: "\n") + "\n"
        #expect(try Self.scenario([("r.jsonl", reversed)]).json == whole.json)
        let half = lines.count / 2
        let split = try Self.scenario([
            ("1.jsonl", lines[half...].joined(separator: "\n")),
            ("2.jsonl", lines[..<half].joined(separator: "\n")),
        ])
        #expect(split.json == whole.json)
    }

    @Test func gzippedFixtureEqualsItsText() throws {
        let data = try #require(FileManager.default.contents(atPath: CalibrationFixture.path))
        let zipped = try CalibrationFixture.calibrate([("f.gz", [UInt8](data))])
        let plain = try CalibrationFixture.calibrate([
            ("f.json", Array(CalibrationFixture.generator.otlp().utf8))
        ])
        #expect(zipped.scenarioJSON(name: "f") == plain.scenarioJSON(name: "f"))
    }

    @Test func unrelatedSpansAreIgnored() throws {
        var noisy = Self.generator
        noisy.unrelatedTraces = 25
        let clean = try Self.scenario([("a.json", Self.generator.otlp())])
        let withNoise = try Self.scenario([("a.json", noisy.otlp())])
        #expect(withNoise.json == clean.json)
        #expect(withNoise.csv == clean.csv)
        #expect(withNoise.warnings.contains("ignored 25 trace(s) without GenAI model or tool calls"))
    }

    @Test func sameTracesSameBytes() throws {
        let a = try Self.scenario([("a.json", Self.generator.otlp())])
        let b = try Self.scenario([("a.json", Self.generator.otlp())])
        #expect(a.json == b.json && a.csv == b.csv)
    }

    @Test func aBadSpanIsSkippedAndNamed() throws {
        var lines = Self.generator.jsonLines().split(separator: "\n").map(String.init)
        lines.insert(#"{"traceId": "zz", "spanId": "01"}"#, at: 3)
        lines.insert("not json", at: 7)
        let c = try CalibrationFixture.calibrate([("p.jsonl", Array(lines.joined(separator: "\n").utf8))])
        let warning = try #require(c.warnings.first)
        #expect(warning.hasPrefix("skipped 2 malformed span(s); the first: p.jsonl:4:"))
        #expect(warning.contains("traceId must be a hex string"))
    }
}
