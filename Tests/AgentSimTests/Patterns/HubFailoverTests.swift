import Testing

@testable import AgentSim

/// Coordinator failover: the only coordinator crashes for good at 10 s; a backup takes over after
/// the 5 s detection delay, replaying the dead coordinator's calls from a persistent queue or
/// failing their jobs.
@Suite struct HubFailoverTests {
    static func scenario(backup: Bool, state: String) throws -> Scenario {
        let failover = backup ? #", "backup": "spare", "detection": "5s", "state": "\#(state)""# : ""
        return try ScenarioLoader.load(
            json: """
                {"name": "fo", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "0.5/s"}, "jobs": 30,
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"lead": {"skills": ["lead"], "capacity": 4, "latency": "500ms"},
                            "spare": {"skills": ["spare"], "capacity": 4, "latency": "500ms"},
                            "w": {"count": 4, "skills": ["s"], "latency": "1s"}},
                 "pattern": {"type": "hub_and_spoke", "coordinator": "lead"\(failover)},
                 "faults": [{"at": "10s", "crash": "lead"}],
                 "run": {"until": "10m"}}
                """, file: "fo.json", baseDirectory: "/tmp"
        ).scenario
    }

    @Test func withoutABackupJobsHangOnTheDeadCoordinator() throws {
        let s = ScenarioRunner.run(try Self.scenario(backup: false, state: "lost"), replication: 0)
        #expect(s.jobsCompleted < 30)
        #expect(s.jobsInFlight == 30 - s.jobsCompleted)
    }

    @Test func aPersistentQueueLetsTheBackupFinishEveryJob() throws {
        let s = ScenarioRunner.run(try Self.scenario(backup: true, state: "persistent"), replication: 0)
        #expect(s.jobsCompleted == 30)
        #expect(s.jobsFailed == 0)
        // Jobs caught by the crash wait for the detection delay: the slowest takes more than 5 s.
        #expect(s.latencyMaxSeconds > 5)
    }

    @Test func withLostStateTheJobsTheDeadCoordinatorOwedFail() throws {
        let s = ScenarioRunner.run(try Self.scenario(backup: true, state: "lost"), replication: 0)
        #expect(s.jobsFailed > 0)
        #expect(s.jobsCompleted + s.jobsFailed == 30)
        #expect(s.jobsInFlight == 0)
    }
}
