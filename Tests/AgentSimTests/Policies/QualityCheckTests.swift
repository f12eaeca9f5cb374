import Testing

@testable import AgentSim

/// Checks that catch wrong outputs: grounding after every work result, and reviewer steps.
@Suite struct QualityCheckTests {
    static func scenario(accuracy: Double, extraSteps: String = "", rest: String = "") throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "q", "seed": 11,
                 "workload": {"arrivals": {"process": "poisson", "rate": "1/s"}, "jobs": 20000,
                   "job": {"steps": [{"name": "make", "skill": "make"}\(extraSteps)]}},
                 "agents": {"maker": {"count": 8, "skills": ["make"], "latency": "100ms", "accuracy": \(accuracy)},
                            "checker": {"count": 8, "skills": ["review"], "latency": "100ms"}}\(rest)}
                """, file: "q.json", baseDirectory: "/tmp"
        ).scenario
    }

    /// Tolerance: the measured accuracy is a mean of n = 20,000 Bernoulli outcomes, so 5 standard
    /// errors, 5·√(P(1−P)/n) ≤ 0.018, bound it with a false-failure chance below 1e-6.
    static func tolerance(_ p: Double, _ n: Int) -> Double { 5 * (p * (1 - p) / Double(n)).squareRoot() }

    @Test(arguments: [(0.7, 0.8), (0.9, 0.5), (0.6, 1.0)])
    func groundingRedoesCaughtErrors(accuracy p: Double, catchRate c: Double) throws {
        let s = ScenarioRunner.run(
            try Self.scenario(
                accuracy: p,
                rest: #", "policies": {"grounding": {"catch": \#(c), "tokens_in": 10, "tokens_out": 1}}"#),
            replication: 0)
        let expected = p / (1 - (1 - p) * c)
        let measured = try #require(s.accuracy)
        #expect(abs(measured - expected) <= Self.tolerance(expected, 20000))
        // One check per work attempt, and one rework per caught error.
        #expect(s.coordinationCalls == s.llmCalls - s.coordinationCalls)
        #expect(s.reworks == s.llmCalls - s.coordinationCalls - s.jobsCompleted)
    }

    @Test(arguments: [(0.7, 0.6), (0.8, 0.9)])
    func aReviewerStepCatchesEarlierErrors(accuracy p: Double, catches q: Double) throws {
        let s = ScenarioRunner.run(
            try Self.scenario(
                accuracy: p,
                extraSteps: #", {"name": "review", "skill": "review", "after": ["make"], "catches": \#(q)}"#),
            replication: 0)
        let expected = p + (1 - p) * q
        let measured = try #require(s.accuracy)
        #expect(abs(measured - expected) <= Self.tolerance(expected, 20000))
    }

    @Test func withoutChecksAccuracyIsTheMakersAccuracy() throws {
        let s = ScenarioRunner.run(try Self.scenario(accuracy: 0.75), replication: 0)
        let measured = try #require(s.accuracy)
        #expect(abs(measured - 0.75) <= Self.tolerance(0.75, 20000))
        #expect(s.reworks == 0 && s.coordinationCalls == 0)
    }
}
