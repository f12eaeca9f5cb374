import Testing

@testable import AgentSim

@Suite struct HumanGateTests {
    typealias F = ConsensusFixtures

    /// Workers `w` (skill `s`) and human reviewers `human` (no model, so reviews cost nothing).
    static func roles(
        workers: Int = 10, accuracy: Double = 1, reviewers: Int = 2,
        reviewLatency: Distribution = .constant(300)
    ) -> [AgentRoleSpec] {
        [
            F.role(count: workers, accuracy: accuracy),
            F.role("human", count: reviewers, latency: reviewLatency, skills: ["approve"]),
        ]
    }

    static func gate(
        _ gateProbability: Double = 1, approval: Double = 1, catchRate: Double = 0.9, maxReworks: Int = 2
    ) -> PatternSpec {
        .humanGate(
            HumanGateSpec(
                reviewers: "human", gateProbability: gateProbability, approvalRate: approval,
                catchRate: catchRate, maxReworks: maxReworks))
    }

    /// Every copy gated, every output right and approved: per copy one work call, one review (a
    /// coordination call) and two messages (request, verdict). J jobs of C = 1 + K copies (step a,
    /// then K copies of step b): messages = 2·J·C, coordination calls = J·C, LLM calls = 2·J·C.
    @Test(arguments: [1, 3])
    func everyGatedCopyCostsOneReviewAndTwoMessages(copies: Int) {
        let jobs = 40
        let s = F.scenario(
            Self.gate(), roles: Self.roles(), jobs: jobs, gapSeconds: 2000, fanout: .constant(Double(copies)))
        let r = F.run(s)
        let perJob = 1 + copies
        #expect(r.jobsCompleted == jobs)
        #expect(r.messages == 2 * jobs * perJob)
        #expect(r.coordinationCalls == jobs * perJob)
        #expect(r.llmCalls == 2 * jobs * perJob)
        #expect(r.accuracy == 1)
    }

    /// Nothing gated: the pattern is a pipeline without handoff messages; no messages, no reviews.
    @Test func ungatedStepsRunAutonomously() {
        let jobs = 40
        let r = F.run(F.scenario(Self.gate(0), roles: Self.roles(), jobs: jobs, fanout: .constant(2)))
        #expect(r.jobsCompleted == jobs)
        #expect(r.messages == 0)
        #expect(r.coordinationCalls == 0)
        #expect(r.llmCalls == 3 * jobs)
    }

    /// Every output wrong and every review catches it: each job (one step, one copy) is done and
    /// reviewed 1 + R times, then fails: messages = 2(R+1)·J, reviews = (R+1)·J, LLM calls =
    /// 2(R+1)·J.
    @Test(arguments: [0, 2])
    func rejectionsReworkUpToTheLimitThenFail(maxReworks: Int) {
        let jobs = 25
        let s = F.scenario(
            Self.gate(catchRate: 1, maxReworks: maxReworks), roles: Self.roles(accuracy: 0), jobs: jobs,
            gapSeconds: 2000)
        let r = F.run(s)
        let attempts = maxReworks + 1
        #expect(r.jobsFailed == jobs)
        #expect(r.messages == 2 * attempts * jobs)
        #expect(r.coordinationCalls == attempts * jobs)
        #expect(r.llmCalls == 2 * attempts * jobs)
        #expect(
            F.failureReasons(s, HumanGatePattern.self) == [
                "human_gate: rejected after \(maxReworks) reworks": jobs
            ])
    }

    /// The gated share of copies matches `gate_probability`: with every output right and approved,
    /// reviews = gated copies. N = 3 copies × 4,000 jobs independent draws; tolerance z = 4 binomial
    /// standard errors, 4 · √(q(1−q)/N).
    @Test(arguments: [0.1, 0.5])
    func gatedShareMatchesTheGateProbability(q: Double) {
        let jobs = 4000
        let s = F.scenario(
            Self.gate(q), roles: Self.roles(reviewers: 20), jobs: jobs, gapSeconds: 100, fanout: .constant(2))
        let r = F.run(s)
        let copies = 3 * jobs
        let share = Double(r.coordinationCalls) / Double(copies)
        #expect(abs(share - q) < F.tolerance(q, count: copies))
        #expect(r.messages == 2 * r.coordinationCalls)
    }

    /// Reviews catch wrong outputs. Per attempt a right output (p) is approved with probability a
    /// and a wrong one slips through with probability 1 − c; rejected attempts are redone, so among
    /// decided copies P(right) = p·a / (p·a + (1−p)(1−c)), whatever the rework limit R; and a copy
    /// fails with probability q^(R+1), q = p(1−a) + (1−p)c. With p = 0.8, a = 0.95, c = 0.9: 0.9744
    /// (0.8 without a gate) and a failure rate of 0.0025 at R = 2. Tolerances: z = 4 binomial
    /// standard errors over the jobs measured.
    @Test func gatesRaiseAccuracy() throws {
        let (jobs, p, a, c, reworks) = (10_000, 0.8, 0.95, 0.9, 2)
        let gated = F.run(
            F.scenario(
                Self.gate(approval: a, catchRate: c, maxReworks: reworks),
                roles: Self.roles(accuracy: p, reviewers: 50), jobs: jobs, gapSeconds: 60))
        let ungated = F.run(
            F.scenario(
                Self.gate(0), roles: Self.roles(accuracy: p, reviewers: 50), jobs: jobs, gapSeconds: 60))
        let accuracy = p * a / (p * a + (1 - p) * (1 - c))
        let q = p * (1 - a) + (1 - p) * c
        let failRate = F.pow(q, reworks + 1)
        #expect(
            try abs(#require(gated.accuracy) - accuracy) < F.tolerance(accuracy, count: gated.jobsCompleted))
        #expect(try abs(#require(ungated.accuracy) - p) < F.tolerance(p, count: jobs))
        #expect(try #require(gated.accuracy) > #require(ungated.accuracy))
        let measuredFail = Double(gated.jobsFailed) / Double(jobs)
        #expect(abs(measuredFail - failRate) < F.tolerance(failRate, count: jobs))
    }

    /// The failure mode: the humans set the pace. One reviewer (exponential reviews, mean 60 s)
    /// gating every copy of one-second work: as load grows its utilisation rises to the offered
    /// load ρ = λ · 60 s and past 0.9, and the mean latency grows like the M/M/1 sojourn 60/(1−ρ)
    /// (~80 s → ~1,200 s) while the agents' own work stays 1 s.
    @Test func reviewersSaturateAndDominateLatency() {
        let jobs = 4000
        var previous: RunSummary?
        for rho in [0.25, 0.5, 0.75, 0.95] {
            let s = F.scenario(
                Self.gate(),
                roles: Self.roles(reviewers: 1, reviewLatency: .exponential(mean: 60)), jobs: jobs,
                poissonRate: rho / 60)
            let r = F.run(s)
            let utilization = r.coordinatorUtilization ?? 0
            // Busy time is the sum of the J review times (exponential, mean S): utilisation ≈ ΣS / T
            // with T ≈ J/λ, so its variance is J · 2S² / T² = 2ρ²/J: z = 4 standard errors is
            // 4ρ√(2/J). (The drain after the last arrival is a few S against T ≈ J·S/ρ.)
            if rho <= 0.75 {
                let tolerance = 4 * rho * (2 / Double(jobs)).squareRoot()
                #expect(abs(utilization - rho) < tolerance, "ρ = \(rho): \(utilization)")
            }
            #expect(r.latencyMeanSeconds > 60)  // at least one review per job
            if let previous {
                #expect(utilization > previous.coordinatorUtilization ?? 0)
                #expect(r.latencyMeanSeconds > previous.latencyMeanSeconds)
            }
            if rho == 0.95 {
                #expect(utilization > 0.9)
                #expect(r.latencyMeanSeconds > 5 * 80)
            }
            previous = r
        }
    }

    /// Same scenario and seed: the same summary; another seed: other numbers.
    @Test func deterministicPerSeed() {
        func scenario(seed: UInt64) -> Scenario {
            F.scenario(
                Self.gate(0.4, approval: 0.9),
                roles: Self.roles(
                    workers: 3, accuracy: 0.8, reviewers: 2, reviewLatency: .lognormal(median: 120, p99: 1800)
                ),
                jobs: 400, poissonRate: 1 / 120.0, fanout: .uniformInt(min: 1, max: 3),
                network: .exponential(mean: 0.01), seed: seed)
        }
        let first = F.run(scenario(seed: 3))
        #expect(F.run(scenario(seed: 3)) == first)
        let other = F.run(scenario(seed: 4))
        #expect(other.latencyMeanSeconds != first.latencyMeanSeconds)
        #expect(other.coordinationCalls != first.coordinationCalls)
    }

    /// `compare` runs the gate with the first role that serves no step as the reviewers, and skips
    /// scenarios without one.
    @Test func adaptsToScenariosWithAnIdleRole() {
        let withIdle = F.scenario(.pipeline(), roles: Self.roles(), jobs: 1)
        #expect(
            HumanGatePattern.adapt(to: withIdle)
                == .parameters(HumanGateSpec(reviewers: "human").parameters))
        let without = F.scenario(.pipeline(), roles: [F.role(count: 2)], jobs: 1)
        guard case .inapplicable(let reason) = HumanGatePattern.adapt(to: without) else {
            Issue.record("expected inapplicable")
            return
        }
        #expect(reason.contains("reviewers"))
    }
}
