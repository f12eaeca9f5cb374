import Testing

@testable import AgentSim

private typealias F = ScenarioFixtures

@Suite struct ScenarioDecodingTests {
    /// Every key of the schema, with values unlike the defaults (no lognormal, so this runs without
    /// the distributions' constructors).
    static let everything = """
        {
          "name": "everything", "description": "all keys", "seed": 18446744073709551615,
          "workload": {
            "arrivals": {"process": "bursty", "rate": "300/min", "off_rate": 0.5, "on": "2m", "off": 30},
            "jobs": 1e3, "horizon": "1h", "warmup": "90s",
            "job": {"steps": [
              {"name": "plan", "skill": "think", "tokens_in": 800, "tokens_out": {"dist": "constant", "value": 60}},
              {"name": "work", "skill": "do", "after": ["plan"],
               "fanout": {"dist": "uniform_int", "min": 1, "max": 3}},
              {"name": "check", "skill": "think", "after": ["work", "plan"]}
            ]}
          },
          "models": {
            "big": {"input_per_mtok": "$3.50", "output_per_mtok": 15, "ttft": "600ms", "tokens_per_s": 80},
            "free": {}
          },
          "agents": {
            "zeta": {"count": 2, "skills": ["think"], "model": "big", "capacity": 8, "queue": "per_agent",
                     "queue_capacity": 0, "dispatch": "random", "tokens_in": 100, "tokens_out": 10,
                     "accuracy": 0.9},
            "alpha": {"skills": ["do", "think"], "latency": {"dist": "exponential", "rate": "2/s"},
                      "queue_capacity": "unbounded"}
          },
          "network": {"latency": "2ms"},
          "pattern": {"type": "hub_and_spoke", "coordinator": "zeta", "dispatch": "round_robin",
                      "plan": {"tokens_out": 100}, "route": null},
          "run": {"until": "2h", "max_events": 5000000, "replications": 3}
        }
        """

    @Test func decodesEveryKey() throws {
        let s = try decodeScenario(Self.everything)
        #expect(s.name == "everything")
        #expect(s.description == "all keys")
        #expect(s.seed == .max)
        #expect(
            s.workload.arrivals
                == .bursty(onRatePerSecond: 5, offRatePerSecond: 0.5, on: .seconds(120), off: .seconds(30)))
        #expect(s.workload.jobs == 1000)
        #expect(s.workload.horizon == .seconds(3600))
        #expect(s.workload.warmup == .seconds(90))
        #expect(
            s.workload.job.steps == [
                StepSpec(name: "plan", skill: "think", tokensIn: .constant(800), tokensOut: .constant(60)),
                StepSpec(name: "work", skill: "do", after: ["plan"], fanout: .uniformInt(min: 1, max: 3)),
                StepSpec(name: "check", skill: "think", after: ["work", "plan"]),
            ])
        #expect(
            s.models == [
                ModelSpec(
                    name: "big", inputPerMTokUSD: 3.5, outputPerMTokUSD: 15, ttft: .constant(0.6),
                    tokensPerSecond: 80),
                ModelSpec(name: "free"),
            ])
        // Roles keep file order, not alphabetical order.
        #expect(
            s.agents == [
                AgentRoleSpec(
                    name: "zeta", count: 2, skills: ["think"], model: "big", capacity: 8, queue: .perAgent,
                    queueCapacity: 0, dispatch: .random, tokensIn: .constant(100), tokensOut: .constant(10),
                    accuracy: 0.9),
                AgentRoleSpec(name: "alpha", skills: ["do", "think"], latency: .exponential(mean: 0.5)),
            ])
        #expect(s.network == NetworkSpec(latency: .constant(0.002)))
        #expect(
            s.pattern
                == .hubAndSpoke(
                    HubAndSpokeSpec(
                        coordinator: "zeta", dispatch: .roundRobin,
                        plan: CallSpec(tokensIn: .constant(1500), tokensOut: .constant(100)), route: nil)))
        #expect(s.limits == RunLimits(until: .seconds(7200), maxEvents: 5_000_000, replications: 3))
    }

    @Test func appliesDefaults() throws {
        let s = try decodeScenario(F.scenario())
        #expect(s.seed == 1)
        #expect(s.description == "")
        #expect(s.models.isEmpty)
        #expect(s.workload.warmup == .zero)
        #expect(s.workload.horizon == nil)
        #expect(s.workload.job.steps == [StepSpec(name: "a", skill: "s")])
        #expect(s.agents == [AgentRoleSpec(name: "w", skills: ["s"], latency: .constant(1))])
        #expect(s.network == NetworkSpec())
        #expect(s.pattern == .pipeline(PipelineSpec(blocking: true)))
        #expect(s.limits == RunLimits())
    }

    @Test func aPureQueueingModelIsExpressible() throws {
        // M/M/c: one skill, exponential service, no network delay, no coordination calls.
        let json = F.scenario(
            workload: F.arrivals(#"{"process": "poisson", "rate": "4/s"}"#, jobs: #""jobs": 1000000,"#),
            agents:
                #"{"w": {"count": 5, "skills": ["s"], "latency": {"dist": "exponential", "mean": "1s"}}}"#,
            rest: #", "pattern": {"type": "pipeline", "blocking": false}"#)
        let s = try decodeScenario(json)
        #expect(s.workload.arrivals == .poisson(ratePerSecond: 4))
        #expect(s.agents[0].latency == .exponential(mean: 1))
        #expect(s.agents[0].count == 5)
        #expect(s.pattern == .pipeline(PipelineSpec(blocking: false)))
    }

    @Test func hubAndSpokeDefaultsAndDisabledCalls() throws {
        let json = F.scenario(
            agents: #"{"lead": {"skills": ["plan"], "latency": 1}, "w": {"skills": ["s"], "latency": 1}}"#,
            rest: #", "pattern": {"type": "hub_and_spoke", "coordinator": "lead", "synthesize": null}"#)
        let s = try decodeScenario(json)
        #expect(
            s.pattern
                == .hubAndSpoke(
                    HubAndSpokeSpec(
                        coordinator: "lead", plan: HubAndSpokeSpec.defaultPlan,
                        route: HubAndSpokeSpec.defaultRoute,
                        synthesize: nil)))
    }

    @Test func constantArrivalsAndPlainNumbers() throws {
        let json = F.scenario(
            workload: F.arrivals(#"{"process": "constant", "rate": 2.5}"#, jobs: #""horizon": 60,"#))
        let s = try decodeScenario(json)
        #expect(s.workload.arrivals == .constant(ratePerSecond: 2.5))
        #expect(s.workload.horizon == .seconds(60))
        #expect(s.workload.jobs == nil)
    }
}
