import Testing

@testable import AgentSim

/// The hub's least-loaded counter (`outstanding`) counts each dispatched task exactly once, from
/// dispatch until its result, its refusal or its job's end. Exact oracle: after a drained run (every
/// job ended) every worker's count is 0, and so is the table of tasks still counted — under work
/// timeouts with retries, 20% message loss, 10% duplicates, bounded worker queues that refuse, and
/// a job timeout that ends the jobs a lost message stranded. (Before the fix, a run like this left
/// about 970 per worker under timeouts and 86 under loss.) Debug builds also assert that no count
/// goes below 0 at any point of the run.
@Suite struct HubOutstandingTests {
    static func scenario(faults: String, dispatch: String = "least_loaded", jobs: Int = 2000) throws
        -> Scenario
    {
        try ScenarioLoader.load(
            json: """
                {"name": "hub-outstanding", "seed": 11,
                 "workload": {"arrivals": {"process": "poisson", "rate": "2/s"}, "jobs": \(jobs),
                   "job": {"steps": [{"name": "a", "skill": "w"},
                                     {"name": "b", "skill": "w", "after": ["a"], "fanout": {"dist": "uniform_int", "min": 1, "max": 3}}]}},
                 "agents": {"lead": {"skills": ["plan"], "capacity": 50, "latency": "10ms"},
                            "worker": {"count": 5, "skills": ["w"], "capacity": 2, "queue_capacity": 3,
                                       "latency": {"dist": "exponential", "mean": "1s"},
                                       "policies": {"timeout": "1.5s", "retry": {"max_attempts": 2, "backoff": "constant", "base": "100ms"}}}},
                 "network": {"latency": {"dist": "exponential", "mean": "20ms"}},
                 "pattern": {"type": "hub_and_spoke", "coordinator": "lead", "dispatch": "\(dispatch)"},
                 "policies": {"job_timeout": "1m"},
                 "faults": \(faults)}
                """, file: "hub-outstanding.json", baseDirectory: "/tmp"
        ).scenario
    }

    static let faultMixes = [
        #"[]"#,
        #"[{"at": "0s", "loss": 0.2}]"#,
        #"[{"at": "0s", "duplicate": 0.1}]"#,
        #"[{"at": "0s", "loss": 0.2}, {"at": "0s", "duplicate": 0.1}]"#,
    ]

    @Test(arguments: faultMixes)
    func everyWorkerIsBackToZeroAfterADrainedRun(faults: String) throws {
        let (hub, summary, violations) = LiveStateSupport.run(
            HubAndSpokePattern.self, try Self.scenario(faults: faults))
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(
            summary.jobsInFlight == 0 && summary.jobsArrived == 2000, "not drained: \(summary.jobsInFlight)")
        // The run exercised the paths it is about: timeouts, refusals and (with faults) failures.
        #expect(summary.timeouts > 0)
        #expect(summary.jobsFailed > 0)
        #expect(hub.load.outstanding.allSatisfy { $0 == 0 }, "\(hub.load.outstanding)")
        #expect(hub.load.assigned.isEmpty, "\(hub.load.assigned.count) jobs still counted")
        #expect(hub.liveStateCount == 0)
    }
}
