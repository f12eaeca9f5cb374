import Testing

@testable import AgentSim

/// Hallucination bursts, and the partition observer (which the network layer itself never lets
/// fail: it is broken here by delivering around the layer, as a buggy network would).
@Suite struct QualityAndPartitionCheckTests {
    @Test func aHallucinationBurstMakesExactlyTheOutputsOfItsWindowWrong() throws {
        // Work ends at 4, 6, 8, ..., 22 s; the burst covers [5 s, 11 s): the outputs of 6, 8 and
        // 10 s are wrong, the other seven right.
        let scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "5s", "for": "6s", "role": "b", "accuracy": 0}]"#)
        let run = FaultTestSupport.runRelay(scenario)
        #expect(run.summary.jobsCompleted == 10)
        #expect(run.summary.accuracy == 0.7)
        #expect(run.summary.faultsInjected == 1)
    }

    @Test func aHallucinationBurstNeedsARole() throws {
        #expect(throws: ScenarioError.self) {
            try FaultTestSupport.relayScenario(faults: #"[{"at": "5s", "accuracy": 0}]"#)
        }
    }

    @Test func aDeliveryAcrossAnActivePartitionIsReported() throws {
        var scenario = try FaultTestSupport.relayScenario(
            faults: #"[{"at": "100s", "partition": [["a"], ["b"]]}]"#)
        scenario.checkInvariants = true
        var engine = Engine(scenario: scenario, seed: 3, fleet: Fleet(scenario: scenario)) { Relay(&$0) }
        engine.ctx.applyLayerFault(0, starting: true)
        let checking = engine.ctx.invariantObserver
        let observer = try #require(checking)
        let across = Message(
            from: engine.coordinator.a, to: engine.coordinator.worker, tag: 1,
            task: TaskRef(job: JobID(index: 0), step: 0, copy: 0))
        observer.checker.checkDelivery(across, sentNanos: 0, &engine.ctx)
        let alongside = Message(
            from: engine.coordinator.c, to: engine.coordinator.worker, tag: 1,
            task: TaskRef(job: JobID(index: 0), step: 0, copy: 0))
        observer.checker.checkDelivery(alongside, sentNanos: 0, &engine.ctx)
        #expect(engine.ctx.violations.map(\.invariant) == [.noDeliveryAcrossPartition])
        #expect(engine.ctx.violations.first?.agent == "a[0]")
    }

    @Test func aMessageDeliveredBeforeItWasSentIsReported() throws {
        var scenario = try FaultTestSupport.relayScenario(faults: "[]")
        scenario.checkInvariants = true
        var engine = Engine(scenario: scenario, seed: 3, fleet: Fleet(scenario: scenario)) { Relay(&$0) }
        let message = Message(
            from: engine.coordinator.a, to: engine.coordinator.worker, tag: 1,
            task: TaskRef(job: JobID(index: 0), step: 0, copy: 0))
        let checking = engine.ctx.invariantObserver
        let observer = try #require(checking)
        observer.checker.checkDelivery(message, sentNanos: 5, &engine.ctx)
        #expect(engine.ctx.violations.map(\.invariant) == [.causality])
    }
}
