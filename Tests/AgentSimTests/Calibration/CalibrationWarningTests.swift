import Testing

@testable import AgentSim

/// Thin data, missing tokens, clock skew, truncated traces, span-name fallback and repeated calls, on
/// a hand-written trace whose answers are known by construction.
@Suite struct CalibrationWarningTests {
    static func span(
        _ trace: String, _ id: String, _ parent: String?, _ name: String, _ start: Int, _ end: Int,
        _ attributes: [String: String] = [:]
    ) -> String {
        let attrs = attributes.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(
            separator: ", ")
        let parentText = parent.map { ", \"parentSpanId\": \"\($0)\"" } ?? ""
        return "{\"traceId\": \"\(trace)\", \"spanId\": \"\(id)\"\(parentText), \"name\": \"\(name)\", "
            + "\"startTimeUnixNano\": \(start), \"endTimeUnixNano\": \(end), \"attributes\": {\(attrs)}}"
    }

    static let chat = ["gen_ai.operation.name": "chat", "gen_ai.request.model": "m"]

    static let lines = [
        // trace a1: an unnamed agent span; two chat calls under it (one repeat), one without tokens;
        // the second starts before its parent (clock skew).
        span("a1", "01", nil, "workflow", 0, 1000),
        span("a1", "02", "01", "summarise", 100, 900, ["gen_ai.operation.name": "invoke_agent"]),
        span(
            "a1", "03", "02", "chat m", 100, 400,
            chat.merging(["gen_ai.usage.input_tokens": "10", "gen_ai.usage.output_tokens": "5"]) { $1 }),
        span("a1", "04", "02", "chat m", 50, 800, chat),
        // trace b2: its root was never exported (truncated); a call named by its parent span.
        span("b2", "11", "10", "lookup", 2000, 2500),
        span(
            "b2", "12", "11", "chat m", 2100, 2400,
            chat.merging(["gen_ai.usage.input_tokens": "7", "gen_ai.usage.output_tokens": "3"]) { $1 }),
    ]

    @Test func everyWarningAppears() throws {
        let c = try CalibrationFixture.calibrate([("w.jsonl", Array(Self.lines.joined(separator: "\n").utf8))]
        )
        #expect(c.roles.map(\.name) == ["summarise", "lookup"])
        let summarise = c.roles[0]
        #expect(summarise.calls == 2 && summarise.repeatedCalls == 1 && summarise.missingTokens == 1)
        #expect(summarise.namedBySpanName && summarise.fanout == [1: 1])
        let w = c.warnings
        #expect(w.contains { $0.hasPrefix("clock skew: 1 span(s)") && $0.contains("span 04") })
        #expect(w.contains { $0.hasPrefix("truncated traces: 1 of 2") })
        #expect(w.contains { $0.hasPrefix("thin data: role summarise has 2 call(s)") })
        #expect(w.contains { $0.hasPrefix("role summarise: 1 of 2 call(s) have no token counts") })
        #expect(w.contains { $0.hasPrefix("role summarise: no gen_ai.agent.name") })
        #expect(w.contains { $0.hasPrefix("role summarise: 1 repeated call(s)") })
        #expect(w.contains { $0.hasPrefix("role lookup: no gen_ai.agent.name") })
        #expect(w.contains { $0.hasPrefix("role lookup appears in 1 of 2 jobs") })
        // The scenario still validates.
        _ = try ScenarioLoader.load(json: c.scenarioJSON(name: "w"), file: "w.json", baseDirectory: ".")
    }

    @Test func concurrencyIsTheMostOverlappingCalls() {
        func s(_ a: Int64, _ b: Int64) -> TraceSpan {
            TraceSpan(
                traceID: "t", spanID: "s", parentID: nil, name: "", startNanos: a, endNanos: b,
                kind: .llmCall,
                source: "")
        }
        // [0,10) [5,15) [10,20): an end at 10 frees its slot before the start at 10, so at most 2.
        #expect(RoleBuilder.concurrency([s(0, 10), s(5, 15), s(10, 20)]) == 2)
        #expect(RoleBuilder.concurrency([s(0, 10), s(1, 9), s(2, 8)]) == 3)
    }
}
