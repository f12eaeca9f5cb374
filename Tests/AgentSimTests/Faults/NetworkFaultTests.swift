import Testing

@testable import AgentSim

/// Each network fault on a tiny scenario whose effect is exact: jobs arrive at 2, 4, ..., 20 s;
/// each sends one message (1 s latency) and then takes 1 s of work, so a fault-free job takes 2 s.
@Suite struct NetworkFaultTests {
    @Test func withoutFaultsEveryMessageArrivesAfterOneSecond() throws {
        let run = FaultTestSupport.runRelay(try FaultTestSupport.relayScenario(faults: "[]"))
        let expected: [SimTime] = (1...10).map { k in SimTime.zero + SimDuration.seconds(Int64(2 * k + 1)) }
        #expect(run.relay.deliveries.map(\.at) == expected)
        #expect(run.summary.latencyMaxSeconds == 2 && run.summary.jobsCompleted == 10)
        #expect(run.violations == [])
    }

    @Test func lossProbabilityOneDropsEveryMessageOfTheWindow() throws {
        // Messages sent at 6, 8, 10 s fall in [5 s, 11 s): jobs #2, #3, #4 never get their task.
        let scenario = try FaultTestSupport.relayScenario(faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.map(\.job) == [0, 1, 5, 6, 7, 8, 9])
        #expect(run.summary.jobsCompleted == 7 && run.summary.jobsInFlight == 3)
        #expect(run.summary.messages == 10)  // lost messages were still sent
        #expect(run.summary.faultsInjected == 1)
        // The lost jobs can never end: one liveness violation each.
        #expect(run.violations.map(\.invariant) == [.liveness, .liveness, .liveness])
        #expect(run.violations.map(\.job) == [2, 3, 4])
    }

    @Test func lossDrawsComeFromTheirOwnStream() throws {
        // Half the messages lost, on a longer run: the other draws (arrivals, sizes) do not move,
        // so exactly the jobs whose message survived complete, each in exactly 2 s.
        let scenario = try FaultTestSupport.relayScenario(
            jobs: 200, faults: #"[{"at": "0s", "loss": 0.5}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        let delivered = run.relay.deliveries.count
        #expect(delivered > 70 && delivered < 130)  // Binomial(200, 0.5): ±4 sd
        #expect(run.summary.jobsCompleted == delivered && run.summary.latencyMaxSeconds == 2)
        #expect(FaultTestSupport.runRelay(scenario).relay.deliveries == run.relay.deliveries)  // replayable
    }

    @Test func duplicationProbabilityOneDeliversEveryMessageTwice() throws {
        let scenario = try FaultTestSupport.relayScenario(faults: #"[{"at": "0s", "duplicate": 1}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.count == 20)
        let twice: [UInt64] = (0..<10).flatMap { k in [UInt64(k), UInt64(k)] }
        #expect(run.relay.deliveries.map(\.job) == twice)
        #expect(run.relay.deliveries[0].at == run.relay.deliveries[1].at)
        // The second copy, and only it, says it is a redelivery.
        #expect(run.relay.deliveries.map(\.redelivered) == (0..<20).map { $0 % 2 == 1 })
        // The relay naively submits the task twice: the second call is paid for, and its result,
        // which arrives after the job completed, is discarded.
        #expect(run.summary.llmCalls == 20 && run.summary.jobsCompleted == 10)
        #expect(run.violations == [])
    }

    @Test func builtInPatternsIgnoreRedeliveredMessages() throws {
        // Every message of a three-stage pipeline duplicated: the idempotent handoff does each job's
        // work exactly once, so the run is the fault-free run apart from the duplicate count.
        let json = """
            {"name": "dup", "seed": 5,
             "workload": {"arrivals": {"process": "poisson", "rate": 0.5}, "jobs": 300,
               "job": {"steps": [{"name": "a", "skill": "a"}, {"name": "b", "skill": "b", "after": ["a"]},
                                 {"name": "c", "skill": "c", "after": ["b"]}]}},
             "agents": {"a": {"skills": ["a"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2, "queue_capacity": 2},
                        "b": {"skills": ["b"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2, "queue_capacity": 2},
                        "c": {"skills": ["c"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2, "queue_capacity": 2}},
             "network": {"latency": "200ms"},
             "pattern": {"type": "pipeline"}FAULTS}
            """
        func run(_ faults: String) throws -> (RunSummary, [Violation]) {
            var scenario = try ScenarioLoader.load(
                json: json.replacingOccurrences(of: "FAULTS", with: faults), file: "dup.json",
                baseDirectory: "/tmp"
            ).scenario
            scenario.checkInvariants = true
            let result = ScenarioRunner.detailedRun(scenario, replication: 0)
            return (result.summary, result.violations)
        }
        let (plain, _) = try run("")
        let (duplicated, violations) = try run(#", "faults": [{"at": "0s", "duplicate": 1}]"#)
        #expect(violations == [])
        #expect(duplicated.jobsCompleted == 300 && plain.jobsCompleted == 300)
        #expect(duplicated.llmCalls == plain.llmCalls && duplicated.messages == plain.messages)
        #expect(duplicated.latencyMeanSeconds == plain.latencyMeanSeconds)
    }

    @Test func aLatencySpikeDelaysExactlyTheMessagesSentInItsWindow() throws {
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "6s", "for": "4s", "latency_spike": "2500ms"}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        // Sent at 6 and 8 s: delivered at 9.5 and 11.5 s instead of 7 and 9 s.
        let byJob = run.relay.deliveries.sorted { $0.job < $1.job }.map(\.at)
        #expect(byJob[1] == .zero + .seconds(5))
        #expect(byJob[2] == .zero + .milliseconds(9_500))
        #expect(byJob[3] == .zero + .milliseconds(11_500))
        #expect(byJob[4] == .zero + .seconds(11))
        #expect(run.summary.latencyMaxSeconds == 4.5)
        #expect(run.summary.faultsInjected == 1)
    }

    @Test func reorderingAddsABoundedDelayThatLetsMessagesOvertake() throws {
        // Jobs every 2 s, reordering delay up to 30 s: every delay lies in [1 s, 31 s), and some
        // later message arrives before an earlier one.
        let scenario = try FaultTestSupport.relayScenario(
            jobs: 40, faults: #"[{"at": "0s", "reorder": "30s"}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.count == 40)
        for d in run.relay.deliveries {
            let sent = Int64(2 * (d.job + 1)) * 1_000_000_000
            let delay = d.at.nanos - sent
            #expect(delay >= 1_000_000_000 && delay < 31_000_000_000)
        }
        let order = run.relay.deliveries.map(\.job)
        #expect(order != order.sorted())
        #expect(run.violations == [])
    }

    @Test func aSymmetricPartitionDropsExactlyTheMessagesAcrossIt() throws {
        // a | b from 5 s to 15 s: the even jobs sent from a in the window (#2 at 6 s, #4 at 10 s,
        // #6 at 14 s) are lost; the odd jobs, sent from c, cross no partition.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "10s", "partition": [["a"], ["b"]]}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.map(\.job) == [0, 1, 3, 5, 7, 8, 9])
        #expect(run.violations.map(\.invariant) == [.liveness, .liveness, .liveness])
        #expect(run.violations.map(\.job) == [2, 4, 6])
    }

    @Test func aOneWayPartitionDropsOnlyItsDirection() throws {
        let forward = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "10s", "partition": [["a"], ["b"]], "one_way": true}]"#)
        #expect(FaultTestSupport.runRelay(forward).relay.deliveries.count == 7)
        let backward = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "10s", "partition": [["b"], ["a"]], "one_way": true}]"#)
        #expect(FaultTestSupport.runRelay(backward).relay.deliveries.count == 10)
    }

    @Test func aMessageInFlightWhenAPartitionStartsIsLost() throws {
        // Job #0's message leaves a at 2 s and would arrive at 3 s; the partition starts at 2.5 s
        // and heals at 3.5 s: the message is lost, every other one arrives.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "2500ms", "for": "1s", "partition": [["a"], ["b"]]}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.map(\.job) == Array(1...9))
    }

    @Test func partitionsNeedTwoDisjointGroupsOfKnownRoles() throws {
        #expect(throws: ScenarioError.self) {
            try FaultTestSupport.relayScenario(faults: #"[{"at": "1s", "partition": [["a"], ["a"]]}]"#)
        }
        #expect(throws: ScenarioError.self) {
            try FaultTestSupport.relayScenario(faults: #"[{"at": "1s", "partition": [["a"], ["zz"]]}]"#)
        }
        #expect(throws: ScenarioError.self) {
            try FaultTestSupport.relayScenario(faults: #"[{"at": "1s", "loss": 0.1, "crash": "a"}]"#)
        }
    }

    @Test func faultWindowsAreMarkedInTheTimeSeries() throws {
        var scenario = try FaultTestSupport.relayScenario(
            faults:
                #"[{"at": "5s", "for": "4s", "latency_spike": "1s"}, {"at": "6500ms", "for": "1s", "crash": "c"}]"#
        )
        scenario.timeseriesInterval = .seconds(2)
        let result = ScenarioRunner.detailedRun(scenario, replication: 0)
        // Intervals end at 2, 4, 6, ... s: (4, 6] sees the spike start, (6, 8] the spike and the
        // crash, (8, 10] the spike until it heals at 9 s.
        let marks = result.series.map(\.faultsActive)
        #expect(Array(marks.prefix(6)) == [0, 0, 1, 2, 1, 0])
        #expect(DetailCSV.series([result]).split(separator: "\n")[0].contains(",alerts,faults_active,"))
    }
}
