import Testing

@testable import AgentSim

/// Whether the decided outputs are right as often as each rule's model says. Every tolerance is z = 4
/// binomial standard errors of the measured proportion, √(P(1−P)/N) over the N decisions measured
/// (one decision per job here), so a check fails by chance with probability about 6 × 10⁻⁵.
@Suite struct ConsensusQualityTests {
    typealias F = ConsensusFixtures

    static let jobs = 10_000

    /// One decision per job, each by `spec`, on `roles`; every voter idle when a job arrives.
    static func run(_ spec: ConsensusSpec, _ roles: [AgentRoleSpec], jobs: Int = jobs) -> RunSummary {
        var spec = spec
        spec.timeout = .zero
        return F.run(F.scenario(.consensus(spec), roles: roles, jobs: jobs))
    }

    /// Condorcet's jury theorem: the majority of n independent voters of accuracy p is right with
    /// probability P(Binomial(n, p) > n/2) (odd n: no ties). It rises with n for p > 1/2 and falls
    /// for p < 1/2. The trend is asserted between neighbouring n, whose theoretical gaps are at least
    /// 0.0077 (p = 0.9, n = 5 → 9), 8 standard errors of a difference at N = 10,000.
    @Test(arguments: [0.4, 0.6, 0.7, 0.9])
    func majorityReproducesCondorcet(p: Double) throws {
        var measured: [Double] = []
        for n in [1, 3, 5, 9] {
            let r = Self.run(ConsensusSpec(voters: n), [F.role(count: 9, accuracy: p)])
            let theory = F.binomialTail(n: n, p: p, atLeast: n / 2 + 1)
            let accuracy = try #require(r.accuracy)
            #expect(
                abs(accuracy - theory) < F.tolerance(theory, count: Self.jobs),
                "n = \(n), p = \(p): measured \(accuracy), theory \(theory)")
            measured.append(accuracy)
        }
        for i in 1..<measured.count {
            if p > 0.5 {
                #expect(measured[i] > measured[i - 1])
            } else {
                #expect(measured[i] < measured[i - 1])
            }
        }
    }

    /// Weighted voting by log(p/(1−p)): one expert (0.95, weight 2.94) outweighs two peers (0.6,
    /// weight 0.41 each), so the group is right as often as the expert, 0.95; plain majority is right
    /// with 0.95 · (1 − 0.4²) + 0.05 · 0.6² = 0.816.
    @Test func weightedVotingFollowsTheExpert() throws {
        let roles = [F.role("expert", count: 1, accuracy: 0.95), F.role("peer", count: 2, accuracy: 0.6)]
        let weighted = try #require(Self.run(ConsensusSpec(voters: 3, rule: .weighted), roles).accuracy)
        let majority = try #require(Self.run(ConsensusSpec(voters: 3), roles).accuracy)
        #expect(abs(weighted - 0.95) < F.tolerance(0.95, count: Self.jobs))
        #expect(abs(majority - 0.816) < F.tolerance(0.816, count: Self.jobs))
        #expect(weighted > majority)
    }

    /// Delegation: the four peers (0.7) delegate to the expert (0.9), who alone works and votes with
    /// weight 5: right with probability 0.9, for 1 work call and 5 messages (4 delegations + 1 vote)
    /// per decision, delegation depth 1. Majority of the same five: 0.9 · P(≥2 of 4 peers) + 0.1 ·
    /// P(≥3 of 4) = 0.8898, for 5 work calls. With equal accuracies no one delegates.
    @Test func delegationConcentratesTheVoteOnTheBestAgent() throws {
        let jobs = Self.jobs
        let roles = [F.role("expert", count: 1, accuracy: 0.9), F.role("peer", count: 4, accuracy: 0.7)]
        let delegated = Self.run(ConsensusSpec(voters: 5, rule: .delegation), roles)
        #expect(delegated.llmCalls == jobs)
        #expect(delegated.messages == 5 * jobs)
        #expect(delegated.delegationDepthMax == 1)
        #expect(try abs(#require(delegated.accuracy) - 0.9) < F.tolerance(0.9, count: jobs))
        let majorityTheory =
            0.9 * F.binomialTail(n: 4, p: 0.7, atLeast: 2) + 0.1 * F.binomialTail(n: 4, p: 0.7, atLeast: 3)
        let majority = Self.run(ConsensusSpec(voters: 5), roles)
        #expect(majority.llmCalls == 5 * jobs)
        #expect(
            try abs(#require(majority.accuracy) - majorityTheory) < F.tolerance(majorityTheory, count: jobs))
        let peers = Self.run(ConsensusSpec(voters: 3, rule: .delegation), [F.role(count: 3, accuracy: 0.7)])
        #expect(peers.llmCalls == 3 * jobs)
        #expect(peers.delegationDepthMax == 0)
    }

    /// Instant runoff, three voters of accuracy p, W wrong outputs, random lower preferences: two or
    /// three right first preferences win outright; with one, the two wrong ballots agree with
    /// probability 1/W (and win); otherwise three outputs tie at one vote, one is eliminated at
    /// random, and the right output wins only if a wrong one goes and its ballot transfers to the
    /// right one: 2/3 · 1/2. So P(right) = P(B ≥ 2) + P(B = 1) · (1 − 1/W) / 3, B ~ Binomial(3, p);
    /// with W = 1 it is the majority rule.
    @Test(arguments: [1, 5])
    func rankedChoiceGainsWhenWrongAnswersSplit(wrongAnswers: Int) throws {
        let p = 0.6
        let spec = ConsensusSpec(voters: 3, rule: .rankedChoice, wrongAnswers: wrongAnswers)
        let r = Self.run(spec, [F.role(count: 3, accuracy: p)])
        let oneRight = 3 * p * (1 - p) * (1 - p)
        let theory =
            F.binomialTail(n: 3, p: p, atLeast: 2) + oneRight * (1 - 1 / Double(wrongAnswers)) / 3
        #expect(try abs(#require(r.accuracy) - theory) < F.tolerance(theory, count: Self.jobs))
    }

    /// The failure mode, consensus paying for accuracy: on ten agents (exponential service, mean 1 s)
    /// at 1 job/s, 1 → 3 → 5 voters multiply the work calls (exactly n per job) and the latency
    /// (the slowest of n calls, and queues at utilisation n/10) for a gain in accuracy
    /// (0.7 → 0.784 → 0.837).
    @Test func moreVotersBuyAccuracyWithCallsAndLatency() throws {
        let jobs = 5000
        var previous: RunSummary?
        for n in [1, 3, 5] {
            let s = F.scenario(
                .consensus(ConsensusSpec(voters: n)),
                roles: [F.role(count: 10, accuracy: 0.7, latency: .exponential(mean: 1))], jobs: jobs,
                poissonRate: 1)
            let r = F.run(s)
            #expect(r.llmCalls == n * jobs)
            if let previous {
                #expect(try #require(r.accuracy) > #require(previous.accuracy))
                #expect(r.latencyMeanSeconds > previous.latencyMeanSeconds)
            }
            previous = r
        }
    }
}
