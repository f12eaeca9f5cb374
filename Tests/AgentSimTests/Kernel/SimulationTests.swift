import Testing

@testable import AgentSim

/// Records every event it handles, and optionally schedules follow-ups.
private struct Recorder {
    var seen: [(time: Int64, tag: Int32)] = []
    /// For an event with tag t ≥ 0, schedule the follow-up tag −(t+1) after `delay` (once).
    var followUpDelay: SimDuration?

    mutating func handle(_ event: Int32, in sim: inout Simulation<Int32>) {
        seen.append((sim.now.nanos, event))
        if let delay = followUpDelay, event >= 0 { sim.schedule(-(event + 1), after: delay) }
    }

    /// Handles events until none are left, the way a run loop (the engine's) drives the kernel.
    mutating func drain(_ sim: inout Simulation<Int32>) {
        while let event = sim.nextEvent() { handle(event, in: &sim) }
    }
}

/// A tiny deterministic generator so these tests do not depend on the Random module.
private struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}

@Suite struct SimulationTests {
    @Test func eventsRunInTimeThenScheduleOrder() {
        var sim = Simulation<Int32>()
        sim.schedule(1, at: SimTime(nanos: 50))
        sim.schedule(2, at: SimTime(nanos: 10))
        sim.schedule(3, at: SimTime(nanos: 50))
        sim.schedule(4, at: SimTime(nanos: 10))
        var recorder = Recorder()
        recorder.drain(&sim)
        #expect(sim.pendingCount == 0)
        #expect(recorder.seen.map(\.tag) == [2, 4, 1, 3])
        #expect(recorder.seen.map(\.time) == [10, 10, 50, 50])
    }

    /// The heap against a sorted reference on many random schedules, with follow-ups scheduled from
    /// handlers (exercising the replace-the-root path) and ties (exercising the seq order).
    @Test(arguments: [1, 2, 3, 4, 5, 63, 64, 65, 1000, 20000])
    func matchesASortedReference(size: Int) {
        var lcg = LCG(state: UInt64(size))
        var sim = Simulation<Int32>()
        var expected: [(time: Int64, seq: Int, tag: Int32)] = []
        for i in 0..<size {
            let t = Int64(lcg.next() % 1000)  // many ties on purpose
            sim.schedule(Int32(i), at: SimTime(nanos: t))
            expected.append((t, i, Int32(i)))
        }
        var recorder = Recorder(followUpDelay: SimDuration(nanos: 7))
        recorder.drain(&sim)
        // Reference: every original event, then its follow-up at +7 (scheduled when it ran).
        #expect(recorder.seen.count == 2 * size)
        let originals = recorder.seen.filter { $0.tag >= 0 }.map(\.tag)
        let sortedExpected = expected.sorted { ($0.time, $0.seq) < ($1.time, $1.seq) }.map(\.tag)
        #expect(originals == sortedExpected, "originals out of (time, seq) order")
        let monotonic = zip(recorder.seen, recorder.seen.dropFirst()).allSatisfy { $0.time <= $1.time }
        #expect(monotonic, "clock went backwards")
        let followUpsOnTime = recorder.seen.filter { $0.tag < 0 }.allSatisfy { event in
            event.time == expected[Int(-event.tag - 1)].time + 7
        }
        #expect(followUpsOnTime)
    }

    @Test func cancelledEventsAreSkipped() {
        var sim = Simulation<Int32>()
        sim.schedule(1, at: SimTime(nanos: 5))
        let doomed = sim.schedule(2, at: SimTime(nanos: 6))
        sim.schedule(3, at: SimTime(nanos: 7))
        sim.cancel(doomed)
        var recorder = Recorder()
        recorder.drain(&sim)
        #expect(recorder.seen.map(\.tag) == [1, 3])
        #expect(sim.eventsExecuted == 2)
    }

    /// `nextEvent(until:)` hands out only events due by `until` and leaves the clock at the last one;
    /// `advance(to:)` then moves it forward, never back (how a run stops at its time limit).
    @Test func nextEventStopsAtUntilAndAdvanceMovesTheClockForwardOnly() {
        var sim = Simulation<Int32>()
        sim.schedule(1, at: SimTime(nanos: 5))
        sim.schedule(2, at: SimTime(nanos: 500))
        #expect(sim.nextEvent(until: SimTime(nanos: 100)) == 1)
        #expect(sim.nextEvent(until: SimTime(nanos: 100)) == nil)
        #expect(sim.now == SimTime(nanos: 5))
        #expect(sim.pendingCount == 1)
        sim.advance(to: SimTime(nanos: 100))
        #expect(sim.now == SimTime(nanos: 100))
        sim.advance(to: SimTime(nanos: 50))
        #expect(sim.now == SimTime(nanos: 100))
        #expect(sim.nextEvent() == 2)
        #expect(sim.now == SimTime(nanos: 500))
        #expect(sim.nextEvent() == nil)
        #expect(sim.eventsExecuted == 2)
    }

    /// The event being handled is no longer pending: after four events are taken, six of ten remain.
    @Test func pendingCountExcludesTheEventBeingHandled() {
        var sim = Simulation<Int32>()
        for i in 0..<10 { sim.schedule(Int32(i), at: SimTime(nanos: Int64(i))) }
        for i in 0..<4 { #expect(sim.nextEvent() == Int32(i)) }
        #expect(sim.pendingCount == 6)
        #expect(sim.eventsExecuted == 4)
    }

    @Test func growsPastItsInitialCapacity() {
        var sim = Simulation<Int32>()
        for i in (0..<5000).reversed() { sim.schedule(Int32(i), at: SimTime(nanos: Int64(i))) }
        var recorder = Recorder()
        recorder.drain(&sim)
        #expect(recorder.seen.map(\.tag) == (0..<5000).map { Int32($0) })
    }
}
