import Testing

@testable import AgentSim

/// PBFT's normal case, once per step copy, on n = 3f+1 replicas.
@Suite struct ConsensusPBFTTests {
    typealias F = ConsensusFixtures

    /// Castro–Liskov messages per decision: request 1, pre-prepare n−1 (primary to backups),
    /// prepare (n−1)·(n−1) (each backup to every other replica), commit n·(n−1) (every replica to
    /// every other), reply n: 1 + (n−1) + (n−1)² + n(n−1) + n = 2n² − n + 1, i.e. 29, 92 and 191 for
    /// f = 1, 2, 3. Every replica executes the step: n work calls per decision. Two copies per job
    /// (one decision each) on a pool of exactly n agents.
    @Test(arguments: [1, 2, 3])
    func normalCaseMessagesPerDecision(f: Int) {
        let n = 3 * f + 1
        let perDecision = 1 + (n - 1) + (n - 1) * (n - 1) + n * (n - 1) + n
        #expect(perDecision == 2 * n * n - n + 1)
        #expect(perDecision == [1: 29, 2: 92, 3: 191][f])
        let (jobs, copies) = (20, 2)
        var s = F.scenario(
            .consensus(ConsensusSpec(rule: .pbft, f: f)), roles: [F.role(count: n)], jobs: jobs,
            gapSeconds: 20)
        s.workload.job.steps[0].fanout = .constant(Double(copies))
        let r = F.run(s)
        #expect(r.jobsCompleted == jobs)
        #expect(r.messages == jobs * copies * perDecision)
        #expect(r.llmCalls == jobs * copies * n)
        #expect(r.coordinationCalls == 0)
        #expect(r.accuracy == 1)
    }

    /// The client takes the first output with f+1 matching replies. Replies arrive in an order that
    /// has nothing to do with their correctness, so the right output gets there first exactly when
    /// at least f+1 of the first 2f+1 replies are right: P(Binomial(2f+1, p) ≥ f+1). Tolerance:
    /// z = 4 binomial standard errors over the jobs.
    @Test(arguments: [1, 2])
    func firstFPlusOneMatchingRepliesDecide(f: Int) throws {
        let (jobs, p) = (10_000, 0.8)
        let n = 3 * f + 1
        let s = F.scenario(
            .consensus(ConsensusSpec(rule: .pbft, timeout: .zero, f: f)),
            roles: [F.role(count: n, accuracy: p)], jobs: jobs)
        let r = F.run(s)
        let theory = F.binomialTail(n: 2 * f + 1, p: p, atLeast: f + 1)
        #expect(try abs(#require(r.accuracy) - theory) < F.tolerance(theory, count: jobs))
    }

    /// Without replies by the deadline the job fails (a view change is not modelled): here every
    /// replica takes 10 s and the deadline is 5 s. The protocol messages before execution are all
    /// sent (1 + (n−1) + (n−1)² + n(n−1) = 25 for f = 1); no reply is.
    @Test func aDeadlineWithoutAQuorumOfRepliesFailsTheJob() {
        let jobs = 10
        let s = F.scenario(
            .consensus(ConsensusSpec(rule: .pbft, timeout: .seconds(5))),
            roles: [F.role(count: 4, latency: .constant(10))], jobs: jobs, gapSeconds: 30)
        let r = F.run(s)
        #expect(r.jobsFailed == jobs)
        #expect(r.messages == jobs * 25)
        #expect(
            F.failureReasons(s, ConsensusPattern.self) == [
                "consensus: no f+1 matching pbft replies before the timeout": jobs
            ])
    }
}
