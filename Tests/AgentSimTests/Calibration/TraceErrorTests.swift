import Testing

@testable import AgentSim

/// Each class of bad input is refused with the file and what was expected.
@Suite struct TraceErrorTests {
    static func error(_ text: String, file: String = "bad.json") -> ScenarioError? {
        do {
            _ = try CalibrationFixture.calibrate([(file, Array(text.utf8))])
            return nil
        } catch let e as ScenarioError {
            return e
        } catch {
            return nil
        }
    }

    static let http =
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"ab","spanId":"01","name":"GET /","#
        + #""startTimeUnixNano":"1","endTimeUnixNano":"2","attributes":[{"key":"http.request.method","#
        + #""value":{"stringValue":"GET"}}]}]}]}]}"#

    @Test(arguments: [
        ("this is not json", "not an OpenTelemetry trace export"),
        (#"{"name": "support-desk", "agents": {}}"#, "no \"resourceSpans\" array"),
        (#"{"resourceSpans": []}"#, "the file holds no spans"),
        (http, "no span has GenAI attributes"),
        (#"{"resourceSpans":[{"scopeSpans":[{"spans":[{"spanId":"01"}]}]}]}"#, "no readable spans"),
        ("\u{1F}\u{8B}\u{8}\u{0}garbage", "gzip"),
    ])
    func badInputNamesFileAndExpectation(_ text: String, _ message: String) throws {
        let e = try #require(Self.error(text))
        #expect(e.description.hasPrefix("bad.json"))
        #expect(e.description.contains(message))
        #expect(!e.allowed.isEmpty)
    }

    @Test func notJSONSaysWhereAndWhat() throws {
        let e = try #require(Self.error("{\"resourceSpans\": [\n  {,}\n]}"))
        #expect(e.line == 2)
        #expect(e.description.contains("OTLP/JSON"))
    }
}
