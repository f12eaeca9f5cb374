import Testing

@testable import AgentSim

@Suite struct BulkheadTests {
    static func at(_ ms: Int64) -> SimTime { SimTime(nanos: ms * 1_000_000) }

    static func drain(_ b: inout Bulkhead, at t: SimTime) -> [Bulkhead.WaiterEvent] {
        var events: [Bulkhead.WaiterEvent] = []
        while let e = b.poll(at: t) { events.append(e) }
        return events
    }

    @Test func defaultsAreResilience4js() {
        let b = Bulkhead()
        #expect(b.maxConcurrentCalls == 25 && b.maxWait == .zero)
    }

    @Test func withoutWaitingAFullBulkheadRejects() {
        var b = Bulkhead(maxConcurrentCalls: 2)
        #expect(b.tryAcquire(1, at: .zero) == .admitted)
        #expect(b.tryAcquire(2, at: .zero) == .admitted)
        #expect(b.tryAcquire(3, at: .zero) == .rejected)
        b.release(at: Self.at(1))
        #expect(b.tryAcquire(4, at: Self.at(1)) == .admitted)
        #expect(b.rejectedCalls == 1 && b.inUse == 2)
    }

    @Test func waitersTimeOutAtExactlyMaxWait() {
        var b = Bulkhead(maxConcurrentCalls: 1, maxWait: .seconds(5))
        #expect(b.tryAcquire(1, at: .zero) == .admitted)
        #expect(b.tryAcquire(2, at: Self.at(1_000)) == .queued(deadline: Self.at(6_000)))
        #expect(b.nextDeadline == Self.at(6_000))
        #expect(Self.drain(&b, at: SimTime(nanos: Self.at(6_000).nanos - 1)).isEmpty)
        #expect(Self.drain(&b, at: Self.at(6_000)) == [.timedOut(2)])
        #expect(b.waiting == 0 && b.timedOutCalls == 1 && b.nextDeadline == nil)
    }

    @Test func aSlotFreedJustBeforeTheDeadlineIsTheWaiters() {
        var b = Bulkhead(maxConcurrentCalls: 1, maxWait: .seconds(5))
        _ = b.tryAcquire(1, at: .zero)
        _ = b.tryAcquire(2, at: Self.at(1_000))
        let justBefore = SimTime(nanos: Self.at(6_000).nanos - 1)
        b.release(at: justBefore)
        #expect(Self.drain(&b, at: justBefore) == [.granted(2)])
        #expect(b.inUse == 1)
    }

    @Test func aSlotFreedAtTheDeadlineComesTooLate() {
        var b = Bulkhead(maxConcurrentCalls: 1, maxWait: .seconds(5))
        _ = b.tryAcquire(1, at: .zero)
        _ = b.tryAcquire(2, at: Self.at(1_000))
        _ = b.tryAcquire(3, at: Self.at(2_000))
        b.release(at: Self.at(6_000))
        #expect(Self.drain(&b, at: Self.at(6_000)) == [.timedOut(2), .granted(3)])
    }

    @Test func waitersAreServedInArrivalOrderAndNewcomersQueueBehindThem() {
        var b = Bulkhead(maxConcurrentCalls: 2, maxWait: .seconds(60))
        _ = b.tryAcquire(1, at: .zero)
        _ = b.tryAcquire(2, at: .zero)
        for id: UInt64 in 3...5 { _ = b.tryAcquire(id, at: Self.at(Int64(id))) }
        b.release(at: Self.at(10))
        // A newcomer after the release but before the poll must not jump the queue.
        #expect(b.tryAcquire(6, at: Self.at(10)) == .queued(deadline: Self.at(60_010)))
        #expect(Self.drain(&b, at: Self.at(10)) == [.granted(3)])
        b.release(at: Self.at(20))
        b.release(at: Self.at(20))
        #expect(Self.drain(&b, at: Self.at(20)) == [.granted(4), .granted(5)])
        b.release(at: Self.at(30))
        #expect(Self.drain(&b, at: Self.at(30)) == [.granted(6)])
    }

    @Test func theQueueHasACapacityWhenAskedFor() {
        var b = Bulkhead(maxConcurrentCalls: 1, maxWait: .seconds(1), maxWaiters: 2)
        _ = b.tryAcquire(1, at: .zero)
        #expect(b.tryAcquire(2, at: .zero) != .rejected)
        #expect(b.tryAcquire(3, at: .zero) != .rejected)
        #expect(b.tryAcquire(4, at: .zero) == .rejected)
    }

    /// Random arrivals, call lengths and polls against a model of the slots: never more than the
    /// maximum in flight, every waiter granted or timed out exactly once, and never after its
    /// deadline nor before it without a slot.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func neverMoreThanMaxConcurrentUnderRandomLoad(seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        let maxWait: Int64 = 300
        var b = Bulkhead(maxConcurrentCalls: 3, maxWait: .milliseconds(maxWait))
        var ends: [Int64] = []  // end times of calls holding a slot
        var deadlines: [UInt64: Int64] = [:]
        var settled = 0
        var queued = 0
        var t: Int64 = 0
        for id in UInt64(0)..<5_000 {
            t += rng.next(in: 0...60)
            // Calls that ended by t release, in time order, each followed by polling.
            while let first = ends.min(), first <= t {
                ends.remove(at: ends.firstIndex(of: first)!)
                b.release(at: Self.at(first))
                for e in Self.drain(&b, at: Self.at(first)) {
                    settled += 1
                    switch e {
                    case .granted(let w):
                        #expect(first < deadlines[w]!)
                        ends.append(first + rng.next(in: 1...500))
                    case .timedOut(let w): #expect(first >= deadlines[w]!)
                    }
                    deadlines[e.id] = nil
                }
            }
            for e in Self.drain(&b, at: Self.at(t)) {
                settled += 1
                if case .granted = e { Issue.record("a slot freed without a release") }
                #expect(t >= deadlines[e.id]!)
                deadlines[e.id] = nil
            }
            switch b.tryAcquire(id, at: Self.at(t)) {
            case .admitted: ends.append(t + rng.next(in: 1...500))
            case .queued(let deadline):
                queued += 1
                deadlines[id] = deadline.nanos / 1_000_000
                #expect(deadline == Self.at(t + maxWait))
            case .rejected: Issue.record("rejected with an unbounded queue")
            }
            #expect(b.inUse == ends.count && b.inUse <= 3)
        }
        #expect(settled + b.waiting == queued && queued > 100 && b.timedOutCalls > 0)
    }
}

extension Bulkhead.WaiterEvent {
    fileprivate var id: UInt64 {
        switch self {
        case .granted(let id), .timedOut(let id): return id
        }
    }
}
