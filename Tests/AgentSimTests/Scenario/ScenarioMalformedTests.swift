import Testing

@testable import AgentSim

/// A scenario that must be refused, and what the refusal must say.
struct Malformed: Sendable, CustomTestStringConvertible {
    var json: String
    var overrides: [String] = []
    /// The JSON path the error must name.
    var path: String
    /// A piece of the rendered error that makes it useful.
    var fragment: String
    var testDescription: String { "\(path): \(fragment)" }
}

private typealias F = ScenarioFixtures

@Suite struct ScenarioMalformedTests {
    static let cases: [Malformed] = [
        // Unknown keys, with the closest known one and the allowed list.
        Malformed(
            json: F.scenario(agents: #"{"w": {"skils": ["s"], "latency": "1s"}}"#), path: "agents.w.skils",
            fragment: #"unknown key "skils"; did you mean "skills"?; allowed: count, skills, model"#),
        Malformed(
            json: F.scenario(rest: #", "sead": 3"#), path: "sead",
            fragment: #"did you mean "seed"?; allowed: name, description, seed, workload"#),
        // Wrong types: what was found, what is allowed.
        Malformed(
            json: F.scenario(agents: F.role(#", "count": "8""#)), path: "agents.w.count",
            fragment: #"expected a whole number from 1 to 100000, found the string "8""#),
        Malformed(
            json: F.scenario(agents: #"{"w": {"skills": "s", "latency": "1s"}}"#), path: "agents.w.skills",
            fragment: #"expected an array of skills, found the string "s""#),
        Malformed(json: "[1]", path: "", fragment: "(root): a scenario is a JSON object, found an array"),
        // Units and ranges.
        Malformed(
            json: F.scenario(workload: F.arrivals(#"{"process": "poisson", "rate": "-3/s"}"#)),
            path: "workload.arrivals.rate",
            fragment: "a rate cannot be negative (-3/s); allowed: a number per second"),
        Malformed(
            json: F.scenario(agents: #"{"w": {"skills": ["s"], "latency": "-5ms"}}"#),
            path: "agents.w.latency",
            fragment: "a duration cannot be negative (-5ms)"),
        Malformed(
            json: F.scenario(agents: F.role(#", "accuracy": 1.5"#)), path: "agents.w.accuracy",
            fragment: "a probability must be between 0 and 1, found 1.5"),
        Malformed(
            json: F.scenario(agents: F.role(#", "capacity": 0"#)), path: "agents.w.capacity",
            fragment: "must be at least 1, found 0"),
        Malformed(
            json: F.scenario(agents: F.role(#", "queue": "fifo""#)), path: "agents.w.queue",
            fragment: #"unknown value "fifo"; allowed: shared, per_agent"#),
        Malformed(
            json: F.scenario(rest: #", "seed": -1"#), path: "seed", fragment: "-1 is not a valid seed"),
        // Cross-references.
        Malformed(
            json: F.scenario(workload: F.steps(#"[{"name": "a", "skill": "sk"}]"#)),
            path: "workload.job.steps[0].skill",
            fragment: #"no agent has the skill "sk"; did you mean "s"?; allowed: s"#),
        Malformed(
            json: F.scenario(
                workload: F.steps(
                    #"[{"name": "a", "skill": "s", "after": ["c"]}, {"name": "b", "skill": "s", "after": ["a"]},"#
                        + #" {"name": "c", "skill": "s", "after": ["b"]}]"#)),
            path: "workload.job.steps[0].after", fragment: "in a cycle: a → c → b → a"),
        Malformed(
            json: F.scenario(workload: F.steps(#"[{"name": "a", "skill": "s", "after": ["x"]}]"#)),
            path: "workload.job.steps[0].after[0]", fragment: #"unknown step "x"; allowed: a"#),
        Malformed(
            json: F.scenario(workload: F.steps(#"[{"name": "a", "skill": "s", "after": ["a"]}]"#)),
            path: "workload.job.steps[0].after[0]", fragment: "a step cannot wait for itself"),
        Malformed(
            json: F.scenario(
                workload: F.steps(#"[{"name": "a", "skill": "s"}, {"name": "a", "skill": "s"}]"#)),
            path: "workload.job.steps[1].name", fragment: #"duplicate step name "a" (also steps[0])"#),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "model": "gpt"}}"#, rest: #", "models": {"gpt4": {}}"#),
            path: "agents.w.model", fragment: #"unknown model "gpt"; did you mean "gpt4"?; allowed: gpt4"#),
        Malformed(
            json: F.scenario(agents: #"{"w": {"skills": ["s"]}}"#), path: "agents.w",
            fragment: #"no service time: give it "latency", or a "model" with both "ttft" and "tokens_per_s""#
        ),
        Malformed(
            json: F.scenario(rest: #", "pattern": {"type": "hub_and_spoke", "coordinator": "boss"}"#),
            path: "pattern.coordinator", fragment: #"unknown role "boss"; allowed: w"#),
        Malformed(
            json: F.scenario(
                agents: #"{"lead": {"skills": ["s"], "latency": 1}, "w": {"skills": ["t"], "latency": 1}}"#,
                rest: #", "pattern": {"type": "hub_and_spoke", "coordinator": "lead"}"#),
            path: "workload.job.steps[0].skill",
            fragment: #"(the coordinator role "lead" does not serve steps)"#),
        // Patterns and distributions.
        Malformed(
            json: F.scenario(rest: #", "pattern": {"type": "star"}"#), path: "pattern.type",
            fragment: #"unknown pattern type "star"; allowed: pipeline, hub_and_spoke"#),
        Malformed(
            json: F.scenario(rest: #", "pattern": {"type": "pipeline", "coordinator": "w"}"#),
            path: "pattern.coordinator",
            fragment: "does not apply to the pipeline pattern (only to hub_and_spoke)"),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "exponental", "mean": 1}}}"#),
            path: "agents.w.latency.dist",
            fragment:
                #"unknown distribution "exponental"; did you mean "exponential"?; allowed: constant, uniform"#
        ),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "normal", "mean": 1, "sd": -1}}}"#),
            path: "agents.w.latency.sd", fragment: "a duration cannot be negative"),
        Malformed(
            json: F.scenario(
                agents:
                    #"{"w": {"skills": ["s"], "latency": {"dist": "lognormal", "median": "2s", "p99": "1s"}}}"#
            ),
            path: "agents.w.latency.p99", fragment: #"p99 must be greater than the median ("2s")"#),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "uniform", "min": 2, "max": 1}}}"#),
            path: "agents.w.latency.max", fragment: "max must be at least min"),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "exponential", "mean": 1, "rate": 1}}}"#
            ),
            path: "agents.w.latency", fragment: #"give "mean" or "rate", not both"#),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "gamma", "shape": 0, "scale": 1}}}"#),
            path: "agents.w.latency.shape", fragment: "must be greater than 0"),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "normal", "mean": 1, "sdev": 1}}}"#),
            path: "agents.w.latency.sdev", fragment: #"did you mean "sd"?; allowed: dist, mean, sd"#),
        Malformed(
            json: F.scenario(agents: F.role(#", "tokens_out": {"dist": "bernoulli", "p": 2}"#)),
            path: "agents.w.tokens_out.p", fragment: "between 0 and 1"),
        Malformed(
            json: F.scenario(
                agents: #"{"w": {"skills": ["s"], "latency": {"dist": "mixture", "components": "#
                    + #"[{"weight": 0, "dist": "constant", "value": 1}]}}}"#),
            path: "agents.w.latency.components", fragment: "the weights must not all be 0"),
        // Required keys, arrivals, not-yet-supported keys.
        Malformed(
            json: #"{"workload": "# + F.workload + #", "agents": "# + F.agents + "}", path: "",
            fragment: #"(root): missing required key "name""#),
        Malformed(
            json: F.scenario(workload: F.arrivals(#"{"process": "poisson", "rate": 1}"#, jobs: "")),
            path: "workload",
            fragment: "arrivals never end"),
        Malformed(
            json: F.scenario(workload: F.arrivals(#"{"process": "poisson", "rate": 1, "on": "1s"}"#)),
            path: "workload.arrivals.on", fragment: "does not apply to the poisson process (only to bursty)"),
        Malformed(
            json: F.scenario(workload: F.arrivals(#"{"process": "bursty", "rate": 1, "on": "1s"}"#)),
            path: "workload.arrivals", fragment: #"missing required key "off""#),
        Malformed(
            json: F.scenario(rest: #", "policies": {"timeout": "-60s"}"#), path: "policies.timeout",
            fragment: "negative"),
        Malformed(
            json: F.scenario(rest: #", "policies": {"retry": {"jitter": "fulll"}}"#),
            path: "policies.retry.jitter",
            fragment: #"did you mean "full""#),
        Malformed(
            json: F.scenario(rest: #", "policies": {"retry": {"base": "10s", "cap": "1s"}}"#),
            path: "policies.retry",
            fragment: "below the base delay"),
        Malformed(
            json: F.scenario(rest: #", "faults": [{"at": "1s", "role": "w"}]"#), path: "faults[0]",
            fragment: "a fault needs exactly one kind"),
        Malformed(
            json: F.scenario(rest: #", "faults": [{"at": "1s", "crash": "ghost[0..1]"}]"#),
            path: "faults[0].role",
            fragment: #"unknown role "ghost""#),
        Malformed(
            json: F.scenario(rest: #", "models": {"m": {"rate_limit": {}}}"#),
            path: "models.m.rate_limit",
            fragment: "a rate limit needs rpm, tpm or both"),
        Malformed(json: F.scenario(agents: "{}"), path: "agents", fragment: "needs at least one agent role"),
        Malformed(
            json: F.scenario(agents: #"{"w": {"skills": [], "latency": 1}}"#), path: "agents.w.skills",
            fragment: "needs at least 1 entry"),
        Malformed(
            json: F.scenario(workload: F.steps(#"[{"name": "a", "skill": "s", "fanout": 0}]"#)),
            path: "workload.job.steps[0].fanout", fragment: "a constant fanout must be a whole number ≥ 1"),
        // Syntax errors carry line:column; duplicate keys are errors.
        Malformed(
            json: "{\n  \"name\": \"t\",\n  \"agents\": {\"w\": {\"skills\": [\"s\"],}}\n}", path: "agents.w",
            fragment: "test.json:3:35: agents.w: trailing comma before '}'"),
        Malformed(
            json: F.scenario(agents: #"{"w": {"skills": ["s"], "latency": 1, "latency": 2}}"#),
            path: "agents.w",
            fragment: #"duplicate key "latency""#),
        // Overrides.
        Malformed(
            json: F.scenario(agents: #"{"worker": {"skills": ["s"], "latency": 1}}"#),
            overrides: ["agents.wrker.count=3"], path: "agents.wrker",
            fragment:
                #"--set agents.wrker.count: agents.wrker: there is no key "wrker" to set a value inside; "#
                + #"did you mean "worker"?; allowed: worker"#),
        Malformed(
            json: F.scenario(), overrides: ["agents.w.capacity=0"], path: "agents.w.capacity",
            fragment: "--set agents.w.capacity: agents.w.capacity: must be at least 1, found 0"),
    ]

    @Test(arguments: cases)
    func isRefusedWithPathAndUsefulMessage(_ bad: Malformed) throws {
        let error = try #require(decodingError(bad.json, overrides: bad.overrides), "accepted")
        #expect(error.path == bad.path, "\(error)")
        #expect(error.description.contains(bad.fragment), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test func fileErrorsCarryLineAndColumn() throws {
        let json = "{\n  \"name\": \"t\",\n  \"sead\": 3\n}"
        let error = try #require(decodingError(json))
        #expect(error.line == 3 && error.column == 3)
        #expect(
            error.description.hasPrefix("test.json:3:3: sead: unknown key \"sead\"; did you mean \"seed\"?"))
    }

    @Test func validationErrorsPointAtTheValue() throws {
        let json = F.scenario(workload: F.steps("[{\"name\": \"a\",\n \"skill\": \"nope\"}]"))
        let error = try #require(decodingError(json))
        #expect(error.line == 2 && error.column == 11)
    }
}
