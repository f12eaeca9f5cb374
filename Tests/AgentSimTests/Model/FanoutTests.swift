import Testing

@testable import AgentSim

/// Fan-out: a step of K copies costs K calls, and with a random K the calls per job match E[K].
@Suite struct FanoutTests {
    /// Three chained steps with fan-outs `a`, `b` and 1 served by one pool of fast agents.
    static func scenario(
        a: Distribution, b: Distribution, jobs: Int, pattern: PatternSpec,
        network: Distribution = .constant(0)
    ) -> Scenario {
        Scenario(
            name: "fanout", seed: 21,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 10), jobs: jobs,
                job: JobTemplateSpec(steps: [
                    StepSpec(name: "split", skill: "work", fanout: a),
                    StepSpec(name: "map", skill: "work", after: ["split"], fanout: b),
                    StepSpec(name: "reduce", skill: "work", after: ["map"]),
                ])),
            agents: [
                AgentRoleSpec(name: "lead", skills: ["plan"], latency: .constant(0.001)),
                AgentRoleSpec(name: "worker", count: 8, skills: ["work"], latency: .exponential(mean: 0.05)),
            ],
            network: NetworkSpec(latency: network), pattern: pattern)
    }

    static let hub = PatternSpec.hubAndSpoke(HubAndSpokeSpec(coordinator: "lead"))

    /// Fan-outs 3, 2, 1: six work calls per job. Pipeline: one handoff message per copy of a step
    /// that has a predecessor (2 + 1). Hub: plan + six routes + synthesis, two messages per copy.
    /// Checked with an instant network and with a 10 ms one (senders then hold a slot per copy in flight).
    @Test(arguments: [Distribution.constant(0), .constant(0.01)])
    func constantFanoutCountsAreExact(network: Distribution) {
        let n = 500
        let pipeline = ScenarioRunner.run(
            Self.scenario(
                a: .constant(3), b: .constant(2), jobs: n, pattern: .pipeline(PipelineSpec()),
                network: network),
            replication: 0)
        Oracle.expectConserved(pipeline, drained: true)
        Oracle.expectLittleExact(pipeline)
        #expect(pipeline.llmCalls == n * 6 && pipeline.coordinationCalls == 0)
        #expect(pipeline.messages == n * 3)

        let hub = ScenarioRunner.run(
            Self.scenario(a: .constant(3), b: .constant(2), jobs: n, pattern: Self.hub, network: network),
            replication: 0)
        Oracle.expectConserved(hub, drained: true)
        Oracle.expectLittleExact(hub)
        #expect(hub.coordinationCalls == n * (1 + 6 + 1))
        #expect(hub.llmCalls == n * (6 + 8))
        #expect(hub.messages == n * 2 * 6)
    }

    /// K = uniform_int(1, 3) on "map": E[K] = 2, Var K = (3² − 1)/12 = 2/3. Fan-outs of different jobs
    /// are independent (each job's size seed is its own draw), so the mean calls per job over n = 20,000
    /// jobs is within z·√(Var K / n) = ±0.023 of 1 + E[K] + 1 = 4. uniform_int(0, 4) checks the floor of
    /// one copy: max(1, K) has mean 11/5 = 2.2 and variance 6.2 − 2.2² = 1.36 (a plain E[K] = 2 is 0.2
    /// away, 24 standard errors).
    @Test(arguments: [(Int64(1), Int64(3), 2.0, 2.0 / 3.0), (0, 4, 2.2, 1.36)])
    func randomFanoutMatchesItsMean(min: Int64, max: Int64, mean: Double, variance: Double) {
        let n = 20_000
        let run = ScenarioRunner.run(
            Self.scenario(
                a: .constant(1), b: .uniformInt(min: min, max: max), jobs: n,
                pattern: .pipeline(PipelineSpec())),
            replication: 0)
        Oracle.expectConserved(run, drained: true)
        let copies = Double(run.llmCalls - 2 * n)  // Σ K over jobs
        let tolerance = Oracle.z * (variance / Double(n)).squareRoot()
        #expect(
            abs(copies / Double(n) - mean) <= tolerance,
            "mean K \(copies / Double(n)) vs \(mean) ± \(tolerance)")
        // Each job sends one message per copy of "map" and one for "reduce".
        #expect(run.messages == Int(copies) + n)
    }
}
