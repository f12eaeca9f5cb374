@testable import AgentSim
@testable import AgentSimDistributions
@testable import AgentSimRandom
@testable import AgentSimSpec

/// Writes synthetic OpenTelemetry GenAI traces from known distributions, with the package's RNG, so
/// calibration can be checked against the truth.
///
/// Each job (a trace) is a research desk: an `invoke_workflow` root; a `planner` agent making one chat
/// call and then one `web_search` tool call; K ∈ {1, 2, 3} (equally likely) parallel `researcher`
/// agents, one chat call each; then a `writer` agent's chat call. Stages follow each other with no
/// gap, so the root span lasts exactly as long as the critical path. Jobs arrive as a Poisson process.
struct TraceGenerator {
    /// The true distributions (durations in seconds).
    static let plannerLatency = Distribution.lognormal(mu: SimMath.log(1.2), sigma: 0.4)
    static let plannerTokensIn = Distribution.lognormal(mu: SimMath.log(1500), sigma: 0.3)
    static let plannerTokensOut = Distribution.constant(200)
    static let toolLatency = Distribution.exponential(mean: 0.5)
    static let researcherLatency = Distribution.lognormal(mu: SimMath.log(2), sigma: 0.5)
    static let researcherTokensIn = Distribution.lognormal(mu: SimMath.log(3000), sigma: 0.4)
    static let researcherTokensOut = Distribution.lognormal(mu: SimMath.log(600), sigma: 0.4)
    static let writerLatency = Distribution.gamma(shape: 4, scale: 0.75)
    static let writerTokensIn = Distribution.constant(4000)
    static let writerTokensOut = Distribution.lognormal(mu: SimMath.log(900), sigma: 0.3)
    /// Jobs per second.
    static let arrivalRate = 0.2

    var jobs: Int
    var seed: UInt64
    /// Extra traces with no GenAI attributes (HTTP health checks), which calibration must ignore.
    var unrelatedTraces = 0

    private static let epochNanos: Int64 = 1_780_000_000_000_000_000

    /// The spans, shuffled (exporters promise no order).
    func spans() -> [JSONValue] {
        let streams = RandomStreams(seed: seed)
        var rng = streams.stream("trace-generator")
        var ids = streams.stream("trace-ids")
        var out: [JSONValue] = []
        var clock = 0.0
        func hex(_ n: Int) -> String {
            var s = ""
            while s.count < n {
                let word = String(ids.next(), radix: 16)
                s += String(repeating: "0", count: 16 - word.count) + word
            }
            return String(s.prefix(n))
        }
        func nanos(_ seconds: Double) -> Int64 { Self.epochNanos + Int64((seconds * 1e9).rounded()) }
        func span(
            _ trace: String, _ id: String, _ parent: String?, _ name: String, _ start: Double, _ end: Double,
            _ attributes: [(String, JSONValue)]
        ) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("traceId", .make(.string(trace))), ("spanId", .make(.string(id))),
            ]
            if let parent { members.append(("parentSpanId", .make(.string(parent)))) }
            members += [
                ("name", .make(.string(name))), ("kind", .number(1)),
                ("startTimeUnixNano", .make(.string(String(nanos(start))))),
                ("endTimeUnixNano", .make(.string(String(nanos(end))))),
                (
                    "attributes",
                    .make(
                        .array(attributes.map { .object([("key", .make(.string($0.0))), ("value", $0.1)]) }))
                ),
            ]
            return .object(members)
        }
        func text(_ s: String) -> JSONValue { .object([("stringValue", .make(.string(s)))]) }
        func int(_ n: Int) -> JSONValue { .object([("intValue", .make(.string(String(n))))]) }
        func tokens(_ d: Distribution) -> Int { max(1, Int(d.sample(&rng).rounded())) }
        func chat(
            _ trace: String, _ parent: String, _ model: String, _ start: Double, _ end: Double, _ tin: Int,
            _ tout: Int
        )
            -> JSONValue
        {
            span(
                trace, hex(16), parent, "chat " + model, start, end,
                [
                    ("gen_ai.operation.name", text("chat")), ("gen_ai.request.model", text(model)),
                    ("gen_ai.usage.input_tokens", int(tin)), ("gen_ai.usage.output_tokens", int(tout)),
                ])
        }
        func agent(
            _ trace: String, _ id: String, _ parent: String, _ name: String, _ start: Double, _ end: Double
        )
            -> JSONValue
        {
            span(
                trace, id, parent, "invoke_agent " + name, start, end,
                [("gen_ai.operation.name", text("invoke_agent")), ("gen_ai.agent.name", text(name))])
        }
        for _ in 0..<jobs {
            clock += Distribution.exponential(mean: 1 / Self.arrivalRate).sample(&rng)
            let trace = hex(32)
            let root = hex(16)
            var t = clock
            var job: [JSONValue] = []
            // planner: a chat call, then a tool call
            let planner = hex(16)
            let chatEnd = t + Self.plannerLatency.sample(&rng)
            job.append(
                chat(
                    trace, planner, "gpt-4o", t, chatEnd, tokens(Self.plannerTokensIn),
                    tokens(Self.plannerTokensOut)))
            let toolEnd = chatEnd + Self.toolLatency.sample(&rng)
            job.append(
                span(
                    trace, hex(16), planner, "execute_tool web_search", chatEnd, toolEnd,
                    [
                        ("gen_ai.operation.name", text("execute_tool")),
                        ("gen_ai.tool.name", text("web_search")),
                    ]))
            job.append(agent(trace, planner, root, "planner", t, toolEnd))
            t = toolEnd
            // researchers in parallel
            let width = 1 + Int(rng.next() % 3)
            var stageEnd = t
            for _ in 0..<width {
                let id = hex(16)
                let end = t + Self.researcherLatency.sample(&rng)
                job.append(
                    chat(
                        trace, id, "gpt-4o-mini", t, end, tokens(Self.researcherTokensIn),
                        tokens(Self.researcherTokensOut)))
                job.append(agent(trace, id, root, "researcher", t, end))
                stageEnd = max(stageEnd, end)
            }
            t = stageEnd
            let writer = hex(16)
            let end = t + Self.writerLatency.sample(&rng)
            job.append(
                chat(
                    trace, writer, "gpt-4o", t, end, tokens(Self.writerTokensIn), tokens(Self.writerTokensOut)
                ))
            job.append(agent(trace, writer, root, "writer", t, end))
            job.append(
                span(
                    trace, root, nil, "invoke_workflow research", clock, end,
                    [("gen_ai.operation.name", text("invoke_workflow"))]))
            out += job
        }
        for i in 0..<unrelatedTraces {
            let at = Double(i) * 7
            out.append(
                span(
                    hex(32), hex(16), nil, "GET /healthz", at, at + 0.003,
                    [("http.request.method", text("GET"))]))
        }
        // Fisher–Yates with the package's generator: any order, the same for a seed.
        var order = streams.stream("trace-order")
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            let j = Int(order.next() % UInt64(i + 1))
            out.swapAt(i, j)
        }
        return out
    }

    /// The spans as one OTLP/JSON export document.
    func otlp() -> String {
        let scope = JSONValue.object([
            ("scope", .object([("name", .make(.string("agentsim.trace-generator")))])),
            ("spans", .make(.array(spans()))),
        ])
        let resource = JSONValue.object([
            (
                "resource",
                .object([
                    (
                        "attributes",
                        .make(
                            .array([
                                .object([
                                    ("key", .make(.string("service.name"))),
                                    ("value", .object([("stringValue", .make(.string("research-desk")))])),
                                ])
                            ]))
                    )
                ])
            ),
            ("scopeSpans", .make(.array([scope]))),
        ])
        return JSONValue.object([("resourceSpans", .make(.array([resource])))]).renderedInline() + "\n"
    }

    /// The same spans as JSON Lines, one span object per line.
    func jsonLines() -> String {
        spans().map { $0.renderedInline() + "\n" }.joined()
    }
}
