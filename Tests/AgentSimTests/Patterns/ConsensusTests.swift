import Testing

@testable import AgentSim

/// Scenarios built in code for the consensus and human-gate tests.
enum ConsensusFixtures {
    /// A role serving skill `s` with a constant latency of `latencySeconds`.
    static func role(
        _ name: String = "w", count: Int, accuracy: Double = 1, latency: Distribution = .constant(1),
        capacity: Int = 1, queue: QueueDiscipline = .shared, skills: [String] = ["s"]
    ) -> AgentRoleSpec {
        AgentRoleSpec(
            name: name, count: count, skills: skills, capacity: capacity, queue: queue, latency: latency,
            accuracy: accuracy)
    }

    /// Jobs of step `a`, then (when `fanout` is given) step `b` with that many copies; arrivals one
    /// every `gapSeconds` (constant) unless `poissonRate` is given.
    static func scenario(
        _ pattern: PatternSpec, roles: [AgentRoleSpec], jobs: Int, gapSeconds: Double = 10,
        poissonRate: Double? = nil, fanout: Distribution? = nil, network: Distribution = .constant(0.001),
        seed: UInt64 = 1
    ) -> Scenario {
        var steps = [StepSpec(name: "a", skill: "s")]
        if let fanout { steps.append(StepSpec(name: "b", skill: "s", after: ["a"], fanout: fanout)) }
        let arrivals: ArrivalProcess =
            poissonRate.map { .poisson(ratePerSecond: $0) } ?? .constant(ratePerSecond: 1 / gapSeconds)
        return Scenario(
            name: "t", seed: seed,
            workload: WorkloadSpec(arrivals: arrivals, jobs: jobs, job: JobTemplateSpec(steps: steps)),
            agents: roles, network: NetworkSpec(latency: network), pattern: pattern)
    }

    /// Runs replication 0 and checks job conservation, which must hold on every run.
    static func run(_ scenario: Scenario) -> RunSummary {
        let r = ScenarioRunner.run(scenario, replication: 0)
        #expect(r.jobsArrived == r.jobsCompleted + r.jobsFailed + r.jobsInFlight)
        #expect(r.jobsInFlight == 0)  // every test scenario runs until its last job ends
        return r
    }

    /// The failure reasons of replication 0 (the summary row carries only their total).
    static func failureReasons<P: PatternDefinition>(_ scenario: Scenario, _ pattern: P.Type) -> [String: Int]
    {
        let parameters = scenario.pattern.parameters
        let fleet = Fleet(scenario: scenario, excludedRoles: Set(P.coordinatingRoles(parameters)))
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: fleet) {
            P.makeCoordinator(parameters, &$0)
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        return engine.ctx.stats.failureReasons
    }

    /// P(Binomial(n, p) ≥ k), summed exactly.
    static func binomialTail(n: Int, p: Double, atLeast k: Int) -> Double {
        var total = 0.0
        for i in k...n where i >= 0 {
            var choose = 1.0
            for j in 0..<i { choose = choose * Double(n - j) / Double(j + 1) }
            total += choose * pow(p, i) * pow(1 - p, n - i)
        }
        return total
    }

    /// z-score tolerance of a proportion measured over `count` independent trials: z · √(P(1−P)/count).
    /// z = 4 puts a false failure (for a given seed) at about 6 in 100,000 per check.
    static func tolerance(_ expected: Double, count: Int, z: Double = 4) -> Double {
        z * (expected * (1 - expected) / Double(count)).squareRoot()
    }

    static func pow(_ x: Double, _ k: Int) -> Double {
        var r = 1.0
        for _ in 0..<Swift.max(0, k) { r *= x }
        return r
    }
}

@Suite struct ConsensusTests {
    typealias F = ConsensusFixtures

    static let oneRoundRules: [ConsensusRule] = [
        .majority, .weighted, .supermajority, .unanimity, .multiRound, .rankedChoice,
    ]

    /// With every output right, every voting rule decides in one round: each of the n voters of
    /// each decision does the work once and sends one vote. A job has D = 1 + K decisions (step a,
    /// then K copies of step b), so messages = llm calls = J · D · n, and no coordination calls.
    @Test(arguments: oneRoundRules, [1, 3, 5])
    func oneRoundCostsOneVoteMessagePerVoter(rule: ConsensusRule, voters: Int) {
        let jobs = 50
        let copies = 3
        let s = F.scenario(
            .consensus(ConsensusSpec(voters: voters, rule: rule)), roles: [F.role(count: 20)], jobs: jobs,
            fanout: .constant(Double(copies)))
        let r = F.run(s)
        let decisions = jobs * (1 + copies)
        #expect(r.jobsCompleted == jobs)
        #expect(r.messages == decisions * voters)
        #expect(r.llmCalls == decisions * voters)
        #expect(r.coordinationCalls == 0)
        #expect(r.accuracy == 1)
    }

    /// A `vote` call is one coordination call per vote cast: J · D · n of them, on top of the
    /// J · D · n work calls; messages stay J · D · n.
    @Test func voteCallsAreCoordinationCalls() {
        let jobs = 40
        let copies = 2
        let voters = 3
        let vote = CallSpec(tokensIn: .constant(300), tokensOut: .constant(5))
        let s = F.scenario(
            .consensus(ConsensusSpec(voters: voters, vote: vote)), roles: [F.role(count: 10)], jobs: jobs,
            fanout: .constant(Double(copies)))
        let r = F.run(s)
        let decisions = jobs * (1 + copies)
        #expect(r.coordinationCalls == decisions * voters)
        #expect(r.llmCalls == 2 * decisions * voters)
        #expect(r.messages == decisions * voters)
    }

    /// Two right agents and one wrong one (capacity 1 each, so every round uses all three): no
    /// round is unanimous (nor reaches 90%), so each job runs all R rounds and fails. Round 1 costs
    /// n votes; each later round n re-vote requests plus n votes: messages = J · n · (2R − 1),
    /// work calls = J · n · R.
    @Test(arguments: [ConsensusRule.unanimity, .supermajority], [1, 3])
    func disagreementRetriesEveryRoundThenFails(rule: ConsensusRule, rounds: Int) {
        let jobs = 30
        let n = 3
        let spec = ConsensusSpec(voters: n, rule: rule, supermajority: 0.9, maxRounds: rounds)
        let s = F.scenario(
            .consensus(spec), roles: [F.role("good", count: 2), F.role("bad", count: 1, accuracy: 0)],
            jobs: jobs)
        let r = F.run(s)
        #expect(r.jobsFailed == jobs)
        #expect(r.messages == jobs * n * (2 * rounds - 1))
        #expect(r.llmCalls == jobs * n * rounds)
        let what = rule == .unanimity ? "unanimity" : "supermajority"
        #expect(
            F.failureReasons(s, ConsensusPattern.self) == [
                "consensus: no \(what) after \(rounds) rounds": jobs
            ])
    }

    /// In rules that vote again, every work call after the first round was asked for by exactly one
    /// re-vote message, and every work call casts one vote: messages = 2 · calls − n · J (one
    /// decision per job, no deadline), whatever the random outcomes.
    @Test(arguments: [ConsensusRule.unanimity, .supermajority, .multiRound], [3, 4, 5])
    func revotesCostARequestAndAVote(rule: ConsensusRule, voters: Int) {
        let jobs = 1000
        let spec = ConsensusSpec(voters: voters, rule: rule, supermajority: 0.8, maxRounds: 4, timeout: .zero)
        let r = F.run(F.scenario(.consensus(spec), roles: [F.role(count: 10, accuracy: 0.7)], jobs: jobs))
        #expect(r.messages == 2 * r.llmCalls - voters * jobs)
        #expect(r.llmCalls > voters * jobs)  // some rounds did disagree
        if rule == .multiRound { #expect(r.jobsFailed == 0) }  // it falls back to the majority
    }

    /// Unanimity of n voters of accuracy p: a round agrees with probability u = pⁿ + (1−p)ⁿ, so a
    /// job fails after R rounds with probability (1 − u)^R, and a decided output is right with
    /// probability pⁿ / u. Tolerances: z = 4 binomial standard errors over jobs (failures) and over
    /// completed jobs (accuracy).
    @Test func unanimityFailsAndIsRightAtTheRatesTheoryGives() throws {
        let (jobs, n, p, rounds) = (10_000, 3, 0.7, 3)
        let spec = ConsensusSpec(voters: n, rule: .unanimity, maxRounds: rounds, timeout: .zero)
        let r = F.run(F.scenario(.consensus(spec), roles: [F.role(count: 3, accuracy: p)], jobs: jobs))
        let u = F.pow(p, n) + F.pow(1 - p, n)
        let failRate = F.pow(1 - u, rounds)
        let measuredFail = Double(r.jobsFailed) / Double(jobs)
        #expect(abs(measuredFail - failRate) < F.tolerance(failRate, count: jobs))
        let accuracy = F.pow(p, n) / u
        #expect(try abs(#require(r.accuracy) - accuracy) < F.tolerance(accuracy, count: r.jobsCompleted))
    }

    /// A decision's deadline decides with the votes in hand. One agent (capacity 1, 10 s per call)
    /// does all three voters' work one after another: by a 15 s deadline one vote is in, which
    /// decides (and the later two results are dropped unsent: one message per job); by a 5 s
    /// deadline none is, and the job fails. The work runs on and is paid for either way.
    @Test func aDeadlineDecidesWithTheVotesInHandOrFails() {
        let jobs = 20
        func scenario(_ timeoutSeconds: Int64) -> Scenario {
            F.scenario(
                .consensus(ConsensusSpec(voters: 3, timeout: .seconds(timeoutSeconds))),
                roles: [F.role(count: 1, latency: .constant(10))], jobs: jobs, gapSeconds: 100)
        }
        let late = F.run(scenario(15))
        #expect(late.jobsCompleted == jobs)
        #expect(late.messages == jobs)
        #expect(late.llmCalls == 3 * jobs)
        let early = F.run(scenario(5))
        #expect(early.jobsFailed == jobs)
        #expect(early.messages == 0)
        #expect(early.llmCalls == 3 * jobs)
        #expect(
            F.failureReasons(scenario(5), ConsensusPattern.self) == [
                "consensus: no vote before the timeout": jobs
            ])
    }

    /// Same scenario and seed: the same summary, for every rule; another seed: other numbers.
    @Test(arguments: ConsensusRule.allCases)
    func deterministicPerSeed(rule: ConsensusRule) {
        func scenario(seed: UInt64) -> Scenario {
            F.scenario(
                .consensus(ConsensusSpec(voters: 4, rule: rule, timeout: .seconds(5))),
                roles: [
                    F.role("a", count: 4, accuracy: 0.8, latency: .exponential(mean: 1)),
                    F.role("b", count: 3, accuracy: 0.65, latency: .exponential(mean: 1.5)),
                ],
                jobs: 300, poissonRate: 0.4, fanout: .uniformInt(min: 1, max: 3),
                network: .exponential(mean: 0.01),
                seed: seed)
        }
        let first = F.run(scenario(seed: 5))
        #expect(F.run(scenario(seed: 5)) == first)
        let other = F.run(scenario(seed: 6))
        #expect(other.latencyMeanSeconds != first.latencyMeanSeconds)
        #expect(other.llmCalls != first.llmCalls || other.accuracy != first.accuracy)
    }
}
