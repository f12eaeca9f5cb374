import Testing

@testable import AgentSim

/// A scenario that exercises most of the model: random fan-out and token sizes, LLM-form latency,
/// capacity 2, a per-agent queue, network delay, three dependent steps, a horizon-limited workload.
enum RichScenario {
    static let patterns: [PatternSpec] = [
        .pipeline(PipelineSpec()),
        .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead", dispatch: .leastLoaded)),
        .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead", dispatch: .random)),
    ]

    /// `unusedRole` adds, first in file order (so every other agent's index moves), a role whose
    /// skill no step needs.
    static func make(
        pattern: PatternSpec, seed: UInt64 = 11, unusedRole: Bool = false,
        network: Distribution = .exponential(mean: 0.002), horizonSeconds: Int64 = 600
    ) -> Scenario {
        var agents = [
            AgentRoleSpec(
                name: "lead", skills: ["plan"], model: "big", capacity: 4, latency: .exponential(mean: 0.05)),
            AgentRoleSpec(
                name: "support", count: 4, skills: ["triage", "support"], model: "small", capacity: 2,
                tokensIn: .constant(600), tokensOut: .uniformInt(min: 50, max: 300)),
            AgentRoleSpec(
                name: "reviewer", count: 2, skills: ["review"], model: "small", queue: .perAgent,
                dispatch: .roundRobin, latency: .exponential(mean: 0.3)),
        ]
        if unusedRole {
            agents.insert(
                AgentRoleSpec(
                    name: "idle", count: 3, skills: ["translate"], model: "big", latency: .constant(1)), at: 0
            )
        }
        return Scenario(
            name: "rich", seed: seed,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 1.5), horizon: .seconds(horizonSeconds),
                job: JobTemplateSpec(steps: [
                    StepSpec(
                        name: "triage", skill: "triage", tokensIn: .constant(800), tokensOut: .constant(60)),
                    StepSpec(
                        name: "answer", skill: "support", after: ["triage"],
                        fanout: .uniformInt(min: 1, max: 3),
                        tokensOut: .lognormal(mu: 5, sigma: 0.5)),
                    StepSpec(name: "review", skill: "review", after: ["answer"]),
                ])),
            models: [
                ModelSpec(name: "big", inputPerMTokUSD: 15, outputPerMTokUSD: 75),
                ModelSpec(
                    name: "small", inputPerMTokUSD: 3, outputPerMTokUSD: 15, ttft: .exponential(mean: 0.4),
                    tokensPerSecond: 200),
            ],
            agents: agents, network: NetworkSpec(latency: network), pattern: pattern)
    }
}

/// Same scenario and seed, same bytes; another seed, other numbers; irrelevant changes move nothing.
@Suite struct ModelDeterminismTests {
    @Test(arguments: RichScenario.patterns)
    func sameSeedGivesIdenticalSummary(pattern: PatternSpec) {
        let scenario = RichScenario.make(pattern: pattern)
        let first = ScenarioRunner.run(scenario, replication: 0)
        let second = ScenarioRunner.run(scenario, replication: 0)
        #expect(first == second)
        Oracle.expectConserved(first, drained: true)
        Oracle.expectLittleExact(first)
        #expect(first.jobsCompleted > 500)
    }

    @Test(arguments: RichScenario.patterns)
    func otherSeedGivesOtherNumbers(pattern: PatternSpec) {
        let scenario = RichScenario.make(pattern: pattern)
        let a = ScenarioRunner.run(scenario, replication: 0)
        let b = ScenarioRunner.run(scenario, replication: 1)
        for run in [a, b] { Oracle.expectConserved(run, drained: true) }
        #expect(a.seed + 1 == b.seed)
        #expect(a.jobsArrived != b.jobsArrived)
        #expect(a.latencyMeanSeconds != b.latencyMeanSeconds)
        #expect(a.tokensOut != b.tokensOut)
        // Replication r is the scenario run with seed + r, nothing else.
        var shifted = scenario
        shifted.seed += 1
        var viaSeed = ScenarioRunner.run(shifted, replication: 0)
        viaSeed.replication = 1
        #expect(viaSeed == b)
    }

    /// A role no step uses changes no random stream (streams are named by role, not by index), so
    /// the whole summary is identical, even though every other agent's index moved.
    @Test(arguments: RichScenario.patterns)
    func unusedRoleChangesNothing(pattern: PatternSpec) {
        let base = ScenarioRunner.run(RichScenario.make(pattern: pattern), replication: 0)
        let padded = ScenarioRunner.run(RichScenario.make(pattern: pattern, unusedRole: true), replication: 0)
        for run in [base, padded] { Oracle.expectConserved(run, drained: true) }
        #expect(padded.jobsArrived == base.jobsArrived)
        #expect(padded.arrivalRatePerSecond == base.arrivalRatePerSecond)
        #expect(padded.latencyMeanSeconds == base.latencyMeanSeconds)
        #expect(padded.latencyP99Seconds == base.latencyP99Seconds)
        #expect(padded == base)
    }

    /// Common random numbers: the same seed gives the same arrivals and the same work (fan-outs and
    /// token sizes) under every pattern and whatever the network does; only coordination differs.
    @Test func workloadIsTheSameUnderEveryPatternAndNetwork() {
        func work(_ pattern: PatternSpec, network: Distribution) -> (Int, Int, Int64, Int64) {
            let scenario = RichScenario.make(pattern: pattern, network: network)
            let run = EngineRun(scenario, pattern: pattern)
            run.expectConserved()
            #expect(run.summary.jobsFailed == 0 && run.summary.jobsInFlight == 0)
            let s = run.summary
            return (
                s.jobsArrived, s.llmCalls - s.coordinationCalls, run.ledger.total(.work).tokensIn,
                run.ledger.total(.work).tokensOut
            )
        }
        let reference = work(RichScenario.patterns[0], network: .constant(0))
        for pattern in RichScenario.patterns {
            for network in [Distribution.constant(0), .exponential(mean: 0.002), .constant(0.05)] {
                let other = work(pattern, network: network)
                #expect(other == reference, "\(pattern.name) \(network)")
            }
        }
    }
}

extension PatternSpec: CustomTestStringConvertible {
    /// The pattern's name (and a hub's dispatch rule), so parameterised test cases read well.
    public var testDescription: String {
        hubAndSpoke.map { "\(name) (\($0.dispatch.rawValue))" } ?? name
    }
}
