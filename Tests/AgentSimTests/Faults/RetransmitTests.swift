import Testing

@testable import AgentSim

/// `network.retransmit` on the relay of ``NetworkFaultTests``, whose timings are exact: jobs arrive
/// at 2, 4, ..., 20 s (job #k at 2k + 2 s), even jobs send from `a`, odd ones from `c`, each message
/// takes 1 s and the work 1 s. A lost message is resent RTO after its send, the RTO doubling from
/// `after` on every loss.
@Suite struct RetransmitTests {
    /// Job #`job`'s message delivered at `ms` milliseconds.
    static func at(_ job: UInt64, _ ms: Int64) -> Relay.Delivery {
        Relay.Delivery(job: job, at: .zero + .milliseconds(ms))
    }

    /// Whether every job slot is free exactly once at the end of a run in which every job ended and
    /// nothing is left in flight: no resend held a slot too few or too many times.
    static func slotsBalance(_ scenario: Scenario) -> Bool {
        var checked = scenario
        checked.checkInvariants = true
        var engine = Engine(scenario: checked, seed: checked.seed, fleet: Fleet(scenario: checked)) {
            Relay(&$0)
        }
        engine.run(until: .zero + checked.limits.until, maxEvents: checked.limits.maxEvents)
        let free = engine.ctx.freeJobSlots
        return engine.ctx.jobs.allSatisfy { $0.refs == 0 && !$0.active }
            && Set(free).count == free.count && free.count == engine.ctx.jobs.count
    }

    @Test func lostMessagesAreResentWhenTheirTimeoutExpiresWithTheTimeoutDoubling() throws {
        // Everything sent in [5 s, 11 s) is lost. #2: sent 6 s, lost; resent 8 s (RTO 2 s), lost;
        // resent 12 s (RTO 4 s), arrives 13 s. #3: 8 s, 10 s lost; 14 s, arrives 15 s. #4: 10 s lost;
        // 12 s, arrives 13 s. At 12 s #2's resend (scheduled at 8 s) runs before #5's arrival
        // (scheduled at 10 s), which runs before #4's resend (scheduled later at 10 s).
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#, retransmit: #"{"after": "2s"}"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(
            run.relay.deliveries == [
                Self.at(0, 3000), Self.at(1, 5000), Self.at(2, 13000), Self.at(5, 13000), Self.at(4, 13000),
                Self.at(3, 15000), Self.at(6, 15000), Self.at(7, 17000), Self.at(8, 19000), Self.at(9, 21000),
            ])
        #expect(run.summary.jobsCompleted == 10 && run.summary.jobsInFlight == 0)
        #expect(run.summary.latencyMaxSeconds == 8)  // #2 and #3: arrived 6 / 8 s, done 14 / 16 s
        #expect(run.summary.messagesLost == 5 && run.summary.messagesRetransmitted == 5)
        #expect(run.summary.messages == 15)  // the network carried every resend
        #expect(run.violations == [])
    }

    @Test func aPartitionThatHealsIsCrossedByTheFirstResendAfterTheHeal() throws {
        // a | b over [5 s, 15 s). #2: sent 6 s, resent 8 s and 12 s, all lost; RTO 8 s → resent
        // 20 s, five seconds after the heal, arrives 21 s. #4: 10 s, 12 s lost; 16 s → 17 s.
        // #6: 14 s lost; 16 s → 17 s. The odd jobs, sent from c, cross no partition.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "10s", "partition": [["a"], ["b"]]}]"#,
            retransmit: #"{"after": "2s", "multiplier": 2, "max_delay": "1m"}"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(
            run.relay.deliveries == [
                Self.at(0, 3000), Self.at(1, 5000), Self.at(3, 9000), Self.at(5, 13000), Self.at(4, 17000),
                Self.at(7, 17000), Self.at(6, 17000), Self.at(8, 19000), Self.at(2, 21000), Self.at(9, 21000),
            ])
        #expect(run.summary.messagesLost == 6 && run.summary.messagesRetransmitted == 6)
        #expect(run.summary.messages == 16)
        #expect(run.summary.latencyMaxSeconds == 16)  // #2: arrived 6 s, done 22 s
        #expect(run.violations == [])
    }

    @Test func maxDelayCapsTheTimeout() throws {
        // The same partition with the RTO capped at 3 s: #2 is resent at 8, 11, 14 (lost) and 17 s.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "10s", "partition": [["a"], ["b"]]}]"#,
            retransmit: #"{"after": "2s", "max_delay": "3s"}"#)
        let run = FaultTestSupport.runRelay(scenario)
        let second = run.relay.deliveries.filter { $0.job == 2 }
        #expect(second == [Self.at(2, 18000)])
        #expect(run.violations == [])
    }

    @Test func aCopyCutOffInFlightIsResentItsTimeoutAfterItsSend() throws {
        // #0 leaves a at 2 s; a partition over [2.5 s, 3.5 s) cuts it off at 3 s. With a 2 s RTO it
        // is resent at 4 s and arrives at 5 s.
        let partition = #"[{"at": "2500ms", "for": "1s", "partition": [["a"], ["b"]]}]"#
        let late = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(faults: partition, retransmit: #"{"after": "2s"}"#))
        #expect(late.relay.deliveries.first == Self.at(1, 5000))
        #expect(late.relay.deliveries.filter { $0.job == 0 } == [Self.at(0, 5000)])
        // With an 800 ms RTO the loss is noticed only after the timeout (at 3 s): the resend goes at
        // once, is cut off again (the partition lasts to 3.5 s), and goes again 1.6 s later: 4.6 s,
        // arriving at 5.6 s.
        let early = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(faults: partition, retransmit: #"{"after": "800ms"}"#))
        #expect(early.relay.deliveries.filter { $0.job == 0 } == [Self.at(0, 5600)])
        #expect(early.summary.messagesLost == 2 && early.summary.messagesRetransmitted == 2)
        #expect(late.violations == [] && early.violations == [])
        // A second partition over [4.5 s, 5.5 s) cuts off the resend of 4 s too: it was the second
        // send, so the third waits the doubled RTO, 4 s: sent 8 s, arriving 9 s.
        let twice = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(
                faults:
                    #"[{"at": "2500ms", "for": "1s", "partition": [["a"], ["b"]]}, {"at": "4500ms", "for": "1s", "partition": [["a"], ["b"]]}]"#,
                retransmit: #"{"after": "2s"}"#))
        #expect(twice.relay.deliveries.filter { $0.job == 0 } == [Self.at(0, 9000)])
        #expect(twice.summary.messagesLost == 2 && twice.summary.messagesRetransmitted == 2)
    }

    @Test func aMessageOutOfAttemptsIsLostForGood() throws {
        // Two sends at most: #2 (6 s, 8 s) and #3 (8 s, 10 s) lose both; #4 (10 s) gets through on
        // its second send (12 s), after #5's first.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#,
            retransmit: #"{"after": "2s", "max_attempts": 2}"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.map(\.job) == [0, 1, 5, 4, 6, 7, 8, 9])
        #expect(run.summary.jobsCompleted == 8 && run.summary.jobsInFlight == 2)
        #expect(run.summary.messagesLost == 5 && run.summary.messagesRetransmitted == 3)
        #expect(run.summary.messages == 13)
        #expect(run.violations.map(\.invariant) == [.liveness, .liveness])
        #expect(run.violations.map(\.job) == [2, 3])
        // One send in all: no resend, exactly the run without retransmission.
        let once = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(
                faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#, retransmit: #"{"max_attempts": 1}"#))
        let off = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#))
        #expect(once.relay.deliveries == off.relay.deliveries && once.summary == off.summary)
        #expect(off.summary.messagesLost == 3 && off.summary.messagesRetransmitted == 0)
    }

    @Test func aLostNetworkDuplicateIsNotResentAndAResendIsNotARedelivery() throws {
        // Every message sent before 3.8 s is duplicated; #0's two copies (sent 2 s) are both cut off
        // at 3 s. The sender sent one message, so one resend (4 s, not duplicated) arrives at 5 s,
        // unmarked: the first copy never arrived.
        let scenario = try FaultTestSupport.relayScenario(
            faults:
                #"[{"at": "0s", "for": "3800ms", "duplicate": 1}, {"at": "2500ms", "for": "1s", "partition": [["a"], ["b"]]}]"#,
            retransmit: #"{"after": "2s"}"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.relay.deliveries.filter { $0.job == 0 } == [Self.at(0, 5000)])
        #expect(run.summary.messagesLost == 2 && run.summary.messagesRetransmitted == 1)
        #expect(run.violations == [])
    }

    @Test func aResendForAJobThatEndedIsDiscardedAndKeepsTheJobSlot() throws {
        // Jobs time out 5 s after arriving. #2's resend (arriving 13 s) and #3's (15 s) come after
        // their jobs failed (11 s, 13 s): the coordinator never hears of them, and no later job that
        // reuses a slot receives them. #4's resend arrives at 13 s, in time.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#,
            extra: #", "policies": {"job_timeout": "5s"}"#,
            retransmit: #"{"after": "2s"}"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(
            run.relay.deliveries == [
                Self.at(0, 3000), Self.at(1, 5000), Self.at(5, 13000), Self.at(4, 13000), Self.at(6, 15000),
                Self.at(7, 17000), Self.at(8, 19000), Self.at(9, 21000),
            ])
        #expect(run.summary.jobsCompleted == 8 && run.summary.jobsFailed == 2)
        #expect(run.summary.messagesRetransmitted == 5)
        #expect(run.violations == [])
        #expect(Self.slotsBalance(scenario))
        // Resends lost at send and in flight, with and without the job ending first.
        for faults in [
            #"[{"at": "5s", "for": "10s", "partition": [["a"], ["b"]]}]"#,
            #"[{"at": "2500ms", "for": "1s", "partition": [["a"], ["b"]]}, {"at": "4500ms", "for": "1s", "partition": [["a"], ["b"]]}]"#,
        ] {
            for extra in ["", #", "policies": {"job_timeout": "3s"}"#] {
                #expect(
                    Self.slotsBalance(
                        try FaultTestSupport.relayScenario(
                            faults: faults, extra: extra, retransmit: #"{"after": "2s"}"#)))
            }
        }
    }

    @Test func withoutLossTheRunIsByteIdenticalToTheRunWithout() throws {
        // Duplication, spikes and reordering lose nothing: retransmission changes no byte.
        let faults =
            #"[{"at": "0s", "for": "30s", "duplicate": 0.5}, {"at": "5s", "for": "20s", "latency_spike": "2s"},"#
            + #" {"at": "3s", "reorder": "10s"}]"#
        let on = FaultTestSupport.runRelay(
            try FaultTestSupport.relayScenario(jobs: 60, faults: faults, retransmit: "{}"))
        let off = FaultTestSupport.runRelay(try FaultTestSupport.relayScenario(jobs: 60, faults: faults))
        #expect(on.relay.deliveries == off.relay.deliveries)
        #expect(SummaryCSV.text(for: [on.summary]) == SummaryCSV.text(for: [off.summary]))
        #expect(on.summary.messagesLost == 0 && on.summary.messagesRetransmitted == 0)
        #expect(on.summary.messages == 60 && on.relay.deliveries.count > 60)
        // A three-stage pipeline under the same faults, every file it writes.
        let json = """
            {"name": "net", "seed": 5,
             "workload": {"arrivals": {"process": "poisson", "rate": 0.5}, "jobs": 200,
               "job": {"steps": [{"name": "a", "skill": "a"}, {"name": "b", "skill": "b", "after": ["a"]},
                                 {"name": "c", "skill": "c", "after": ["b"]}]}},
             "agents": {"a": {"skills": ["a"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2},
                        "b": {"skills": ["b"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2},
                        "c": {"skills": ["c"], "latency": {"dist": "exponential", "mean": "1s"}, "count": 2}},
             "network": {"latency": {"dist": "exponential", "mean": "200ms"}RETRANSMIT},
             "pattern": {"type": "pipeline"}, "faults": FAULTS}
            """.replacingOccurrences(of: "FAULTS", with: faults)
        func run(_ retransmit: String) throws -> RunResult {
            let scenario = try ScenarioLoader.load(
                json: json.replacingOccurrences(of: "RETRANSMIT", with: retransmit), file: "net.json",
                baseDirectory: "/tmp"
            ).scenario
            return ScenarioRunner.detailedRun(scenario, replication: 0)
        }
        let pipelineOn = try run(#", "retransmit": {"after": "1s"}"#)
        let pipelineOff = try run("")
        #expect(pipelineOn.summary.messages > 300)
        #expect(ChaosCSV.outputBytes(pipelineOn) == ChaosCSV.outputBytes(pipelineOff))
    }

    @Test func resendsMoveNoOtherDraw() throws {
        // Exponential network latency: the k-th message's latency is the k-th draw of "network".
        // Resends draw theirs from "faults:network", so every job whose first send got through
        // arrives exactly when it does without retransmission, and the lost ones arrive too.
        func run(_ retransmit: String?) throws -> (relay: Relay, summary: RunSummary, violations: [Violation])
        {
            var scenario = try FaultTestSupport.relayScenario(
                faults: #"[{"at": "5s", "for": "6s", "loss": 1}]"#, retransmit: retransmit)
            scenario.network.latency = .exponential(mean: 1)
            return FaultTestSupport.runRelay(scenario)
        }
        let on = try run(#"{"after": "2s"}"#)
        let off = try run(nil)
        #expect(off.relay.deliveries.map(\.job).sorted() == [0, 1, 5, 6, 7, 8, 9])
        #expect(on.relay.deliveries.map(\.job).sorted() == Array(0...9))
        #expect(on.relay.deliveries.filter { ![2, 3, 4].contains($0.job) } == off.relay.deliveries)
        #expect(on.summary.messagesRetransmitted > 0 && on.violations == [])
    }

    @Test func timeoutsGrowByTheMultiplierUpToTheCap() {
        let doubling = RetransmitSpec(
            after: .seconds(2), maxAttempts: 15, multiplier: 2, maxDelay: .seconds(5))
        #expect(
            (1...5).map { doubling.timeout(ofSend: $0) } == [2, 4, 5, 5, 5].map { SimDuration.seconds($0) })
        #expect(doubling.timeout(ofSend: 1_000_000) == .seconds(5))
        let constant = RetransmitSpec(after: .milliseconds(300), multiplier: 1)
        #expect(constant.timeout(ofSend: 1000) == .milliseconds(300))
        let slow = RetransmitSpec(after: .seconds(1), multiplier: 1.5)
        #expect(
            (1...4).map { slow.timeout(ofSend: $0) }
                == [1000, 1500, 2250, 3375].map { SimDuration.milliseconds($0) })
        // The defaults are TCP's: 1 s, doubled, capped at 60 s, 15 sends.
        let tcp = RetransmitSpec()
        #expect(
            (1...8).map { tcp.timeout(ofSend: $0).nanos / 1_000_000_000 } == [1, 2, 4, 8, 16, 32, 60, 60])
        #expect(tcp.maxAttempts == 15)
    }
}
