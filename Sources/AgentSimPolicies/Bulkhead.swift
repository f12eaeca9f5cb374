import AgentSimKernel

/// A bulkhead: at most `maxConcurrentCalls` calls in flight at once, later callers waiting in FIFO
/// order for at most `maxWait` (resilience4j's semaphore `Bulkhead` with fair call handling).
///
/// Pure bookkeeping, driven by the caller:
/// - ``tryAcquire(_:at:)`` admits a call, queues it with a deadline, or rejects it (no wait allowed,
///   or the queue is full);
/// - ``release(at:)`` frees a slot when a call ends;
/// - ``poll(at:)`` reports what happened to waiters, one at a time: a waiter whose deadline has come
///   has timed out; otherwise the oldest waiter gets a free slot. Call it in a loop after every
///   release and at every deadline returned by `tryAcquire` (or ``nextDeadline``), until `nil`.
///
/// **Timing.** A waiter queued at t₀ waits over [t₀, t₀ + maxWait): a slot freed before its deadline
/// is its (in arrival order), and at t₀ + maxWait exactly it has timed out, even if a slot frees at
/// that same instant. With `maxWait` zero nobody waits: a full bulkhead rejects at once.
///
/// Because every waiter waits the same `maxWait` and times never go backwards, the queue is also in
/// deadline order, so expiry only ever looks at its front.
///
/// Defaults are resilience4j's `BulkheadConfig`: 25 concurrent calls, no wait. The waiting queue is
/// unbounded unless `maxWaiters` says otherwise (its length is bounded in practice by arrivals
/// within `maxWait`).
///
/// Keep one bulkhead per caller→callee edge.
public struct Bulkhead: Sendable {
    /// What ``tryAcquire(_:at:)`` decided.
    public enum Admission: Sendable, Hashable {
        /// The call holds a slot now.
        case admitted
        /// The call waits; it learns its fate from ``Bulkhead/poll(at:)`` by `deadline` at the latest.
        case queued(deadline: SimTime)
        /// The bulkhead is full and the call may not wait (or the queue is full).
        case rejected
    }

    /// What happened to a waiter, reported by ``Bulkhead/poll(at:)``.
    public enum WaiterEvent: Sendable, Hashable {
        /// The waiter now holds a slot.
        case granted(UInt64)
        /// The waiter waited `maxWait` without a slot and gives up.
        case timedOut(UInt64)
    }

    /// The most calls in flight at once.
    public let maxConcurrentCalls: Int
    /// The longest a call waits for a slot.
    public let maxWait: SimDuration
    /// The most calls waiting at once; beyond it, calls are rejected.
    public let maxWaiters: Int

    /// Calls holding a slot now.
    public private(set) var inUse = 0
    /// Calls rejected so far.
    public private(set) var rejectedCalls = 0
    /// Waiters that timed out so far.
    public private(set) var timedOutCalls = 0

    private var waiterIDs: [UInt64] = []
    private var deadlines: [SimTime] = []
    private var head = 0
    private var lastTime = SimTime.zero

    /// Creates an empty bulkhead.
    /// - Parameters:
    ///   - maxConcurrentCalls: Slots; default 25. Must be positive.
    ///   - maxWait: The longest wait for a slot; default zero (no waiting).
    ///   - maxWaiters: The queue's capacity; default unbounded.
    public init(maxConcurrentCalls: Int = 25, maxWait: SimDuration = .zero, maxWaiters: Int = .max) {
        precondition(maxConcurrentCalls >= 1, "a bulkhead needs at least one slot")
        precondition(maxWait.nanos >= 0 && maxWaiters >= 0, "maxWait and maxWaiters must not be negative")
        self.maxConcurrentCalls = maxConcurrentCalls
        self.maxWait = maxWait
        self.maxWaiters = maxWaiters
    }

    /// Calls waiting now (those past their deadline included, until polled).
    public var waiting: Int { waiterIDs.count - head }

    /// The deadline of the oldest waiter, if any: the next time ``poll(at:)`` may time one out.
    public var nextDeadline: SimTime? { head < deadlines.count ? deadlines[head] : nil }

    /// Asks for a slot for call `id` at `t`.
    ///
    /// A free slot goes to a newcomer only when nobody waits (FIFO fairness); otherwise it queues.
    /// - Parameters:
    ///   - id: The caller's identifier for the call, reported back by ``poll(at:)``.
    ///   - t: The time; never earlier than a time given before.
    /// - Returns: Admitted, queued with its deadline, or rejected.
    /// - Complexity: amortised O(1).
    public mutating func tryAcquire(_ id: UInt64, at t: SimTime) -> Admission {
        advance(to: t)
        if inUse < maxConcurrentCalls && waiting == 0 {
            inUse += 1
            return .admitted
        }
        if maxWait.nanos == 0 || waiting >= maxWaiters {
            rejectedCalls += 1
            return .rejected
        }
        let deadline = t + maxWait
        waiterIDs.append(id)
        deadlines.append(deadline)
        return .queued(deadline: deadline)
    }

    /// Frees the slot of a call that ended at `t`; then ``poll(at:)`` hands it on.
    /// - Parameter t: The time; never earlier than a time given before.
    public mutating func release(at t: SimTime) {
        advance(to: t)
        precondition(inUse > 0, "bulkhead released more often than acquired")
        inUse -= 1
    }

    /// The next thing that happens to a waiter at `t`: the oldest waiter times out if its deadline
    /// has come, or else takes a free slot; `nil` when neither applies.
    /// - Parameter t: The time; never earlier than a time given before.
    /// - Returns: A granted or timed-out waiter, or `nil`.
    /// - Complexity: amortised O(1).
    public mutating func poll(at t: SimTime) -> WaiterEvent? {
        advance(to: t)
        guard head < waiterIDs.count else { return nil }
        let id = waiterIDs[head]
        if deadlines[head] <= t {
            popFront()
            timedOutCalls += 1
            return .timedOut(id)
        }
        if inUse < maxConcurrentCalls {
            popFront()
            inUse += 1
            return .granted(id)
        }
        return nil
    }

    private mutating func popFront() {
        head += 1
        if head == waiterIDs.count {
            waiterIDs.removeAll(keepingCapacity: true)
            deadlines.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= waiterIDs.count {  // compact: amortised O(1)
            waiterIDs.removeFirst(head)
            deadlines.removeFirst(head)
            head = 0
        }
    }

    private mutating func advance(to t: SimTime) {
        precondition(t >= lastTime, "bulkhead times must not go backwards")
        lastTime = t
    }
}
