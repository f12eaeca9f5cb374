import Testing

@testable import AgentSim
@testable import AgentSimSpec

private typealias F = ScenarioFixtures

@Suite struct ScenarioOverrideTests {
    static let base = F.scenario(
        workload: F.steps(#"[{"name": "a", "skill": "s", "tokens_out": 50}, {"name": "b", "skill": "s"}]"#),
        agents: #"{"worker": {"count": 2, "skills": ["s"], "latency": "1s"}}"#)

    @Test func replacesValuesByPath() throws {
        let s = try decodeScenario(
            Self.base,
            overrides: [
                "agents.worker.count=8", "workload.job.steps[0].tokens_out=300", "workload.arrivals.rate=5/s",
                "name=renamed run", "workload.jobs=1e5",
            ])
        #expect(s.agents[0].count == 8)
        #expect(s.workload.job.steps[0].tokensOut == .constant(300))
        #expect(s.workload.arrivals == .poisson(ratePerSecond: 5))
        #expect(s.name == "renamed run")
        #expect(s.workload.jobs == 100_000)
    }

    @Test func createsAMissingLastKeyAndParsesJSONValues() throws {
        let s = try decodeScenario(
            Self.base,
            overrides: [
                "agents.worker.capacity=4", #"agents.worker.latency={"dist": "exponential", "mean": "2s"}"#,
                #"workload.job.steps[1].after=["a"]"#, #"pattern={"type": "pipeline", "blocking": false}"#,
            ])
        #expect(s.agents[0].capacity == 4)
        #expect(s.agents[0].latency == .exponential(mean: 2))
        #expect(s.workload.job.steps[1].after == ["a"])
        #expect(s.pattern == .pipeline(PipelineSpec(blocking: false)))
    }

    @Test func laterOverridesWin() throws {
        let s = try decodeScenario(Self.base, overrides: ["agents.worker.count=3", "agents.worker.count=5"])
        #expect(s.agents[0].count == 5)
    }

    @Test func aNewKeyIsValidatedLikeAnyOther() throws {
        let error = try #require(decodingError(Self.base, overrides: ["agents.worker.capcity=4"]))
        #expect(error.file == "--set agents.worker.capcity")
        #expect(error.path == "agents.worker.capcity")
        #expect(error.line == nil)
        #expect(error.description.contains(#"did you mean "capacity"?"#))
    }

    @Test(arguments: [
        ("agents.worker.count", "", "expected PATH=VALUE"),
        ("agents..count=3", "", "an empty key"),
        ("workload.job.steps[x].name=q", "", "a malformed index"),
        ("workload.job.steps[5].name=q", "workload.job.steps[5]", "index 5 is past the end of an array of 2"),
        ("agents.boss.count=1", "agents.boss", #"there is no key "boss""#),
        ("name.first=x", "name", "the value here is the string \"t\", not an object"),
        ("agents[0]=1", "agents", "not an array"),
    ])
    func badOverridesNameTheOverride(assignment: String, path: String, fragment: String) throws {
        let error = try #require(decodingError(Self.base, overrides: [assignment]))
        #expect(error.file.hasPrefix("--set "))
        #expect(error.path == path)
        #expect(error.description.contains(fragment), "\(error)")
    }

    @Test func valuesThatAreNotJSONAreStrings() throws {
        var doc = try JSONParser.parse(#"{"a": 1}"#, file: "f")
        try Overrides.apply("a=5/s", to: &doc)
        #expect(doc["a"]?.kind == .string("5/s"))
        try Overrides.apply(#"a="quoted""#, to: &doc)
        #expect(doc["a"]?.kind == .string("quoted"))
        try Overrides.apply("a=", to: &doc)
        #expect(doc["a"]?.kind == .string(""))
        try Overrides.apply("a=x=y", to: &doc)
        #expect(doc["a"]?.kind == .string("x=y"))
        try Overrides.apply("a=true", to: &doc)
        #expect(doc["a"]?.kind == .bool(true))
        #expect(doc["a"]?.location == JSONLocation(file: "--set a"))
    }
}
