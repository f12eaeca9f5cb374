import Testing

@testable import AgentSim

/// Tokens, dollars, calls and latencies on a tiny fully deterministic scenario, against closed
/// formulas. Arrivals are evenly spaced (every 5 s) and every service is shorter than that, so no
/// call ever waits and each job's latency is the sum of its service times exactly.
@Suite struct TokenCostTests {
    static let jobs = 50
    /// Small model: 3 USD / 15 USD per million tokens in / out; 0.5 s to first token, 100 tokens/s.
    static let small = ModelSpec(
        name: "small", inputPerMTokUSD: 3, outputPerMTokUSD: 15, ttft: .constant(0.5), tokensPerSecond: 100)
    /// Big model for the coordinator: 15 / 75 USD per million.
    static let big = ModelSpec(name: "big", inputPerMTokUSD: 15, outputPerMTokUSD: 75)

    /// Step "draft" states its sizes (1,000 in, 200 out); "polish" takes its role's defaults (500, 100).
    static func scenario(_ pattern: PatternSpec) -> Scenario {
        Scenario(
            name: "tokens", seed: 3,
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 0.2), jobs: jobs,
                job: JobTemplateSpec(steps: [
                    StepSpec(
                        name: "draft", skill: "write", tokensIn: .constant(1000), tokensOut: .constant(200)),
                    StepSpec(name: "polish", skill: "edit", after: ["draft"]),
                ])),
            models: [small, big],
            agents: [
                AgentRoleSpec(name: "lead", skills: ["plan"], model: "big", latency: .constant(0.1)),
                AgentRoleSpec(name: "writer", skills: ["write"], model: "small"),
                AgentRoleSpec(
                    name: "editor", skills: ["edit"], model: "small", tokensIn: .constant(500),
                    tokensOut: .constant(100)),
            ],
            pattern: pattern)
    }

    /// Pipeline: per job 1,500 tokens in and 300 out at the small model's prices; two calls; one
    /// handoff. LLM latency: draft 0.5 + 200/100 = 2.5 s, polish 0.5 + 100/100 = 1.5 s, so every job
    /// takes exactly 4 s (representable in integer nanoseconds, so the mean is exact too).
    @Test func pipelineTokensCostAndLatencyAreExact() {
        let run = ScenarioRunner.run(Self.scenario(.pipeline(PipelineSpec())), replication: 0)
        Oracle.expectConserved(run, drained: true)
        Oracle.expectLittleExact(run)
        let n = Self.jobs
        #expect(run.jobsCompleted == n)
        #expect(run.tokensIn == n * 1500 && run.tokensOut == n * 300)
        let cost = Double(n) * (1500 * 3 + 300 * 15) / 1e6
        #expect(abs(run.costUSD - cost) <= 1e-12 * cost, "\(run.costUSD) vs \(cost)")
        #expect(abs(run.costPerCompletedJobUSD - cost / Double(n)) <= 1e-12 * cost)
        #expect(run.coordinationCostUSD == 0 && run.coordinationCalls == 0)
        #expect(run.llmCalls == 2 * n && run.messages == n)
        #expect(run.latencyMeanSeconds == 4 && run.latencyMaxSeconds == 4 && run.latencyP50Seconds == 4)
        #expect(run.latencyP99Seconds == 4 && run.waitMeanSeconds == 0)
        // The last job arrives at 50 × 5 s = 250 s and leaves 4 s later.
        #expect(run.simTimeSeconds == 254)
    }

    /// Hub-and-spoke adds, per job, the default coordination calls on the big model: plan (1,500 in,
    /// 300 out), a route per step copy (800, 50) × 2, synthesis (2,000, 500): 5,100 in, 900 out, four
    /// calls of 0.1 s; and two messages per step copy. Latency 0.1 + 2.5 + 0.1 + 1.5 + 0.1 + 0.1 = 4.4 s.
    @Test func hubTokensCostAndLatencyAreExact() {
        let run = ScenarioRunner.run(
            Self.scenario(.hubAndSpoke(HubAndSpokeSpec(coordinator: "lead"))), replication: 0)
        Oracle.expectConserved(run, drained: true)
        Oracle.expectLittleExact(run)
        let n = Self.jobs
        #expect(run.tokensIn == n * (1500 + 5100) && run.tokensOut == n * (300 + 900))
        let work = Double(n) * (1500 * 3 + 300 * 15) / 1e6
        let coordination = Double(n) * (5100 * 15 + 900 * 75) / 1e6
        #expect(abs(run.coordinationCostUSD - coordination) <= 1e-12 * coordination)
        #expect(abs(run.costUSD - (work + coordination)) <= 1e-12 * (work + coordination))
        #expect(run.coordinationCalls == 4 * n && run.llmCalls == 6 * n && run.messages == 4 * n)
        #expect(abs(run.latencyMeanSeconds - 4.4) <= 1e-15 * 4.4)
        #expect(run.latencyMaxSeconds == run.latencyMeanSeconds)
        // Each job's coordinator is busy 0.4 s of the 254.4 s run.
        #expect(abs((run.coordinatorUtilization ?? 0) - 0.4 * Double(n) / 254.4) <= 1e-12)
    }
}
