import Testing

@testable import AgentSim

/// Consensus frees every decision when its job ends. Exact oracle: after a drained run (every job
/// ended) the decision tables are empty — no task → slot entry, no open decision of any job, every
/// decision slot back on the free list — under every rule, with jobs that end while decisions are
/// open (bounded queues that refuse, work timeouts, a round deadline, lost and duplicated votes
/// and pbft messages, a job timeout). The run's invariants are checked too, so a late vote acted on
/// for an ended job (a job completed twice, a step over-completed) would fail it.
@Suite struct ConsensusStateTests {
    static func scenario(rule: ConsensusRule) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "consensus-state", "seed": 5,
                 "workload": {"arrivals": {"process": "poisson", "rate": "1/s"}, "jobs": 600,
                   "job": {"steps": [{"name": "a", "skill": "w"},
                                     {"name": "b", "skill": "w", "after": ["a"], "fanout": {"dist": "uniform_int", "min": 1, "max": 2}}]}},
                 "agents": {"worker": {"count": 6, "skills": ["w"], "capacity": 2, "queue_capacity": 4,
                                       "accuracy": 0.7,
                                       "latency": {"dist": "exponential", "mean": "0.5s"},
                                       "policies": {"timeout": "1.5s", "retry": {"max_attempts": 2, "backoff": "constant", "base": "100ms"}}}},
                 "network": {"latency": {"dist": "exponential", "mean": "20ms"}},
                 "pattern": {"type": "consensus", "rule": "\(rule.rawValue)", "voters": 3, "timeout": "4s"},
                 "policies": {"job_timeout": "1m"},
                 "faults": [{"at": "0s", "loss": 0.05}, {"at": "0s", "duplicate": 0.1}]}
                """, file: "consensus-state.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test(arguments: ConsensusRule.allCases)
    func theDecisionTablesAreEmptyAfterADrainedRun(rule: ConsensusRule) throws {
        let (consensus, summary, violations) = LiveStateSupport.run(
            ConsensusPattern.self, try Self.scenario(rule: rule))
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(
            summary.jobsInFlight == 0 && summary.jobsArrived == 600, "not drained: \(summary.jobsInFlight)")
        #expect(summary.jobsFailed > 0 && summary.jobsCompleted > 0, "the run must end jobs both ways")
        #expect(consensus.slotOfTask.isEmpty, "\(consensus.slotOfTask.count) task entries left")
        #expect(consensus.openOfJob.isEmpty, "\(consensus.openOfJob.count) jobs with open decisions")
        #expect(
            consensus.freeDecisions.count == consensus.decisions.count,
            "\(consensus.decisions.count - consensus.freeDecisions.count) decision slots not freed")
        #expect(Set(consensus.freeDecisions).count == consensus.freeDecisions.count, "a slot freed twice")
        #expect(consensus.liveStateCount == 0)
    }
}
