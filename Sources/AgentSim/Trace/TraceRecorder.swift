/// Records what happens to the first jobs of one run after warm-up, for a Chrome trace-event file.
///
/// An observer, like the invariant checker: it reads the run's state and never changes it. The
/// engine holds it as an optional (``CoordinationContext/trace``); when tracing is off it is `nil`
/// and every hook is one `nil` test. It keeps only the first ``jobLimit`` jobs that arrive at or
/// after the warm-up, and the calls and messages that touch them, so its size does not grow with
/// the run's length.
public final class TraceRecorder {
    /// How many jobs are traced.
    public let jobLimit: Int
    /// Whether tracing starts at the warm-up's end (else at the first job).
    public let afterWarmup: Bool
    /// The arrival number of the first traced job, once one has arrived.
    private(set) var firstSerial: UInt64?
    /// LLM calls of traced jobs, in the order they ended.
    var calls: [TraceCall] = []
    /// Messages of traced jobs that arrived, in delivery order.
    var flows: [TraceFlow] = []
    /// Job arrivals and ends, faults and lost messages, in time order.
    var instants: [TraceInstant] = []
    /// Jobs in flight and queued calls, sampled at every traced job's arrival and end and every
    /// traced call's end.
    var counters: [TraceCounter] = []
    /// Per message slot in flight: when its message was sent.
    var sentAt: [Int64] = []
    /// Traced jobs that arrived and have not ended.
    var open = 0
    /// Traced jobs that arrived.
    var admitted = 0

    /// A recorder of the first `jobLimit` jobs after warm-up (`afterWarmup` false: from the first).
    /// - Parameter jobLimit: At least 1.
    public init(jobLimit: Int, afterWarmup: Bool = true) {
        precondition(jobLimit >= 1, "a trace needs at least one job")
        self.jobLimit = jobLimit
        self.afterWarmup = afterWarmup
    }

    /// Whether the job with arrival number `serial` is traced.
    /// - Complexity: O(1).
    public func traces(_ serial: UInt64) -> Bool {
        guard let first = firstSerial else { return false }
        return serial >= first && serial - first < UInt64(jobLimit)
    }

    /// Whether the run is inside the traced window: after the first traced arrival and before the
    /// last traced job ended.
    var inWindow: Bool { firstSerial != nil && (open > 0 || admitted < jobLimit) }

    /// A job with arrival number `serial` arrived at `nanos`; the first one at or after `warmupNanos`
    /// opens the trace. Returns whether it is traced.
    func arrived(serial: UInt64, at nanos: Int64, warmupNanos: Int64) -> Bool {
        if firstSerial == nil && (nanos >= warmupNanos || !afterWarmup) { firstSerial = serial }
        guard traces(serial) else { return false }
        admitted += 1
        open += 1
        instants.append(TraceInstant(kind: .arrival, nanos: nanos, serial: serial, agent: nil, detail: ""))
        return true
    }

    /// A traced job ended at `nanos` (`kind`: completed, failed or dead-lettered).
    func ended(serial: UInt64, at nanos: Int64, kind: TraceInstant.Kind, detail: String) {
        open -= 1
        instants.append(TraceInstant(kind: kind, nanos: nanos, serial: serial, agent: nil, detail: detail))
    }

    /// Remembers when the message in slot `slot` was sent.
    func sent(slot: UInt32, at nanos: Int64) {
        let i = Int(slot)
        if sentAt.count <= i { sentAt += Array(repeating: 0, count: i + 1 - sentAt.count) }
        sentAt[i] = nanos
    }
}

/// One LLM call, from its start on an agent to its end (done, failed, cancelled or lost in a crash).
struct TraceCall: Sendable, Hashable {
    /// The job's arrival number.
    var serial: UInt64
    /// The agent's index in the fleet.
    var agent: Int
    /// Start and end in virtual nanoseconds.
    var startNanos: Int64
    var endNanos: Int64
    /// The step's name for work; `coordination #TAG` (and the step it is about) otherwise.
    var name: String
    /// How the ledger booked it.
    var cause: CostCause
    var tokensIn: Int64
    var tokensOut: Int64
    var costUSD: Double
}

/// A message between agents that arrived.
struct TraceFlow: Sendable, Hashable {
    var serial: UInt64
    /// Sender and receiver (`nil`: outside the fleet, or a pool).
    var from: Int?
    var to: Int?
    var sentNanos: Int64
    var deliveredNanos: Int64
    /// The coordinator's tag.
    var tag: UInt32
}

/// A point in time: a job's arrival or end, a fault starting or ending, a message lost.
struct TraceInstant: Sendable, Hashable {
    /// What happened.
    enum Kind: String, Sendable, Hashable {
        case arrival = "job arrived"
        case completed = "job completed"
        case failed = "job failed"
        case deadLettered = "job dead-lettered"
        case faultStart = "fault starts"
        case faultEnd = "fault ends"
        case messageLost = "message lost"
    }
    var kind: Kind
    var nanos: Int64
    /// The job's arrival number (`nil` for faults).
    var serial: UInt64?
    /// The agent it happened on, if one.
    var agent: Int?
    /// More: a failure's reason, a fault's kind and targets.
    var detail: String
}

/// The run's load at one moment.
struct TraceCounter: Sendable, Hashable {
    var nanos: Int64
    var jobsInFlight: Int
    /// Queued calls per pool (in fleet order), then in all agents' own queues.
    var queued: [Int]
}
