import Testing

@testable import AgentSim
@testable import AgentSimSpec

@Suite struct ScenarioErrorTests {
    @Test func rendersEveryKnownPartOnOneLine() {
        let full = ScenarioError(
            file: "s.json", path: "agents.w.count", line: 3, column: 14, message: "must be at least 1",
            allowed: "a whole number ≥ 1")
        #expect(
            full.description == "s.json:3:14: agents.w.count: must be at least 1; allowed: a whole number ≥ 1"
        )
        let root = ScenarioError(
            file: "s.json", path: "", line: 1, column: 1, message: "missing required key")
        #expect(root.description == "s.json:1:1: (root): missing required key")
        let wholeFile = ScenarioError(file: "s.json", path: "", message: "no such scenario file")
        #expect(wholeFile.description == "s.json: no such scenario file")
        let override = ScenarioError(file: "--set a.b", path: "a.b", message: "m")
        #expect(override.description == "--set a.b: a.b: m")
        let lineOnly = ScenarioError(file: "t.csv", path: "x", line: 4, message: "bad\nvalue")
        #expect(lineOnly.description == "t.csv:4: x: bad\\nvalue")
    }

    @Test func suggestsOnlyPlausibleTypos() {
        let keys = ["count", "skills", "model", "capacity", "queue_capacity"]
        #expect(ClosestKey.suggestion(for: "skils", among: keys) == "skills")
        #expect(ClosestKey.suggestion(for: "Capacity", among: keys) == "capacity")
        #expect(ClosestKey.suggestion(for: "queue_capcity", among: keys) == "queue_capacity")
        #expect(ClosestKey.suggestion(for: "x", among: ["a"]) == nil)
        #expect(ClosestKey.suggestion(for: "colour", among: keys) == nil)
        #expect(ClosestKey.editDistance(Array("kitten"), Array("sitting")) == 3)
    }

    @Test func pathsRenderDotsIndicesAndOddKeys() {
        let path = JSONPath.root.appending("workload").appending("job").appending("steps").appending(1)
            .appending("fanout")
        #expect(path.description == "workload.job.steps[1].fanout")
        #expect(JSONPath.root.appending("agents").appending("my role").description == #"agents["my role"]"#)
        #expect(JSONPath.root.description == "")
    }
}

/// `agents.ROLE.discipline`: the three orders decode, anything else is a located error with the
/// closest value.
@Suite struct DisciplineDecodingTests {
    @Test(arguments: ServiceOrder.allCases)
    func decodes(_ order: ServiceOrder) throws {
        let scenario = try decodeScenario(
            ScenarioFixtures.scenario(
                agents: ScenarioFixtures.role(#", "discipline": ""# + order.rawValue + #"""#)))
        #expect(scenario.agents[0].discipline == order)
    }

    @Test func defaultsToFIFO() throws {
        #expect(try decodeScenario(ScenarioFixtures.scenario()).agents[0].discipline == .fifo)
    }

    @Test func unknownValueNamesTheClosest() {
        let error = decodingError(
            ScenarioFixtures.scenario(agents: ScenarioFixtures.role(#", "discipline": "oldest_first""#)))
        #expect(error?.path == "agents.w.discipline")
        #expect(error?.message.contains("oldest_job_first") == true, "\(String(describing: error))")
        #expect(error?.allowed.contains("lifo") == true)
        #expect(error?.line != nil)
    }
}
