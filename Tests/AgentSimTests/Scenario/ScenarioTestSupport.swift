@testable import AgentSim

/// Helpers shared by the scenario tests.
enum ScenarioFixtures {
    /// The smallest valid scenario: one step, one role with a fixed latency.
    static let workload = """
        {"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10,
         "job": {"steps": [{"name": "a", "skill": "s"}]}}
        """
    static let agents = #"{"w": {"skills": ["s"], "latency": "1s"}}"#

    /// A scenario document from parts; `rest` is appended inside the root object (start it with ",").
    static func scenario(workload: String = workload, agents: String = agents, rest: String = "") -> String {
        #"{"name": "t", "workload": "# + workload + #", "agents": "# + agents + rest + "}"
    }

    /// A workload with the given steps (a JSON array) and otherwise the defaults.
    static func steps(_ steps: String) -> String {
        #"{"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10, "job": {"steps": "# + steps + "}}"
    }

    /// A workload with the given arrivals object and job count.
    static func arrivals(_ arrivals: String, jobs: String = #""jobs": 10,"#) -> String {
        #"{"arrivals": "# + arrivals + ", " + jobs + #" "job": {"steps": [{"name": "a", "skill": "s"}]}}"#
    }

    /// A role `w` with skill `s` and the given extra members (start with ",").
    static func role(_ extra: String) -> String {
        #"{"w": {"skills": ["s"], "latency": "1s""# + extra + "}}"
    }
}

/// Decodes and checks a scenario without the load estimate (which needs `Distribution.mean`).
func decodeScenario(
    _ json: String, overrides: [String] = [], baseDirectory: String = "."
) throws(ScenarioError) -> Scenario {
    try ScenarioLoader.decode(
        json: json, file: "test.json", baseDirectory: baseDirectory, overrides: overrides
    ).0
}

/// The error decoding `json` throws, or `nil` if it decodes.
func decodingError(_ json: String, overrides: [String] = [], baseDirectory: String = ".") -> ScenarioError? {
    do {
        _ = try decodeScenario(json, overrides: overrides, baseDirectory: baseDirectory)
        return nil
    } catch {
        return error
    }
}
