import Foundation
import Testing

@testable import AgentSim

/// The ARCHITECTURE.md §4 example: first without its resilience keys (policies, faults, rate_limit), then
/// exactly as ARCHITECTURE.md §4 writes it.
@Suite struct ScenarioExampleTests {
    static let supportDesk = """
        {
          "name": "support-desk",
          "seed": 7,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "3/s" },
            "jobs": 20000,
            "job": { "steps": [
              { "name": "triage",  "skill": "triage",   "tokens_in": 800, "tokens_out": 60 },
              { "name": "answer",  "skill": "support",  "after": ["triage"],
                "fanout": { "dist": "uniform_int", "min": 1, "max": 3 },
                "tokens_out": { "dist": "lognormal", "median": 400, "p99": 2000 } },
              { "name": "review",  "skill": "review",   "after": ["answer"] } ] }
          },
          "models": { "sonnet": { "input_per_mtok": 3, "output_per_mtok": 15,
                                  "ttft": { "dist": "lognormal", "median": "0.6s", "p99": "3s" },
                                  "tokens_per_s": 80 } },
          "agents": {
            "lead":    { "count": 1, "skills": ["plan"],    "model": "sonnet", "capacity": 8 },
            "support": { "count": 6, "skills": ["triage", "support", "review"], "model": "sonnet" }
          },
          "network": { "latency": { "dist": "constant", "value": "2ms" } },
          "pattern": { "type": "hub_and_spoke", "coordinator": "lead", "dispatch": "least_loaded" }
        }
        """

    @Test func decodesTheDesignExample() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "agentsim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("support-desk.json").path
        try Self.supportDesk.write(toFile: path, atomically: true, encoding: .utf8)

        let (s, _) = try ScenarioLoader.load(path: path)
        let expected = Scenario(
            name: "support-desk", seed: 7,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 3), jobs: 20_000,
                job: JobTemplateSpec(steps: [
                    StepSpec(
                        name: "triage", skill: "triage", tokensIn: .constant(800), tokensOut: .constant(60)),
                    StepSpec(
                        name: "answer", skill: "support", after: ["triage"],
                        fanout: .uniformInt(min: 1, max: 3),
                        tokensOut: .lognormal(median: 400, p99: 2000)),
                    StepSpec(name: "review", skill: "review", after: ["answer"]),
                ])),
            models: [
                ModelSpec(
                    name: "sonnet", inputPerMTokUSD: 3, outputPerMTokUSD: 15,
                    ttft: .lognormal(median: 0.6, p99: 3),
                    tokensPerSecond: 80)
            ],
            agents: [
                AgentRoleSpec(name: "lead", skills: ["plan"], model: "sonnet", capacity: 8),
                AgentRoleSpec(
                    name: "support", count: 6, skills: ["triage", "support", "review"], model: "sonnet"),
            ],
            network: NetworkSpec(latency: .constant(0.002)),
            pattern: .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead", dispatch: .leastLoaded)))
        #expect(s == expected)
    }

    @Test func theFullDesignExampleDecodesAsWritten() throws {
        var json = Self.supportDesk.replacingOccurrences(
            of: #""tokens_per_s": 80 }"#,
            with: #""tokens_per_s": 80, "rate_limit": { "rpm": 4000, "tpm": 400000 } }"#)
        let end = try #require(json.lastIndex(of: "}"))
        json.replaceSubrange(
            end...end,
            with: """
                ,
                  "policies": { "retry": { "max_attempts": 3, "backoff": "exponential", "base": "1s", "jitter": "full" },
                                "timeout": "60s" },
                  "faults": [ { "at": "10m", "crash": "support[0..2]", "for": "5m" } ]
                }
                """)
        let s = try ScenarioLoader.load(json: json, file: "design.json", baseDirectory: "/tmp").scenario
        #expect(s.models[0].rateLimit == RateLimitSpec(requestsPerMinute: 4000, tokensPerMinute: 400_000))
        #expect(s.policies.timeout == .seconds(60))
        #expect(
            s.policies.retry
                == RetrySpec(
                    maxAttempts: 3, backoff: .exponential, base: .seconds(1), cap: .seconds(60), jitter: .full
                ))
        #expect(
            s.faults == [
                FaultSpec(
                    at: .seconds(600), duration: .seconds(300), role: "support", agents: 0...2, kind: .crash)
            ])
    }
}
