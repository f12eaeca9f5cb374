import AgentSimKernel
import AgentSimPolicies

/// The run loop's kernel events: plain data, 8 bytes.
public enum EngineEvent: BitwiseCopyable, Sendable {
    /// The next job arrives.
    case arrival
    /// The call in this slot of the call table finished.
    case callDone(UInt32)
    /// The message in this slot of the message table arrives.
    case delivery(UInt32)
    /// The coordinator timer in this slot fires.
    case timer(UInt32)
    /// The attempt in this slot of the attempt table times out.
    case attemptTimeout(UInt32)
    /// The attempt in this slot (a retry) is due to be submitted.
    case retry(UInt32)
    /// The job in this slot reaches its deadline (if it is still the same job and still running).
    case jobTimeout(UInt32)
    /// A scheduled fault starts (2i) or ends (2i + 1).
    case fault(UInt32)
    /// Time to record a row of the time series.
    case sample
    /// A waiter's deadline on this bulkhead edge.
    case bulkhead(UInt32)
    /// The lost message in this slot of the resend table is sent again (`network.retransmit`).
    case resend(UInt32)
}

/// Something the coordinator must hear about, queued while an event is handled.
///
/// Notices are handled depth first: everything a notice causes is handled before the next older
/// notice. So all consequences of a finished call (handoffs, holds) are settled before the agent's
/// slot is released, exactly as if the coordinator had been called recursively.
@usableFromInline
enum Notice {
    case jobArrived(JobID)
    case taskReady(TaskRef, from: AgentID)
    case taskFinished(TaskResult)
    case coordinationFinished(CoordinationCall)
    case delivered(Message)
    case stepsDone(JobID, by: AgentID)
    case rejected(TaskRef)
    case timerFired(tag: UInt32, task: TaskRef)
    case taskFailed(TaskRef, TaskFailure)
    case coordinationFailed(CoordinationCall, TaskFailure)
    /// The slot an agent kept while its finished call was being handled can now be reused.
    case releaseFinishing(AgentID)
    /// The job ended (``Coordinator/jobEnded(_:_:)``).
    case jobEnded(JobID)
}

/// A call waiting in a queue, or in service.
@usableFromInline
struct CallRequest: BitwiseCopyable {
    var task: TaskRef
    /// The coordinator's label for a coordination call; unused for work.
    var tag: UInt32
    var isWork: Bool
    /// For coordination calls, the sizes the coordinator asked for; work sizes are drawn at start.
    var tokensIn: Int64
    var tokensOut: Int64
    var enqueuedAt: Int64
    /// Global FIFO order across every queue.
    var order: UInt64
    /// The work attempt this call serves (``CoordinationContext/noAttempt`` for coordination calls).
    var attempt: UInt32
    /// The ledger cause of a coordination call (``CostCause/coordination`` or ``CostCause/loop``).
    var cause: CostCause = .coordination
    /// For a grounding check, its slot in ``CoordinationContext/checks``.
    var check: UInt32 = CoordinationContext.noAttempt
}

/// A call in service.
@usableFromInline
struct CallRecord: BitwiseCopyable {
    var request: CallRequest
    var agent: UInt32
    /// When service started (for slow-call detection and cancellation).
    var startedAt: Int64
    /// Its completion event, cancelled when the call is cancelled or its agent crashes.
    var completion: EventID
}

/// A handoff waiting for room in a full queue while its sender holds a slot (backpressure).
@usableFromInline
struct BlockedHandoff: BitwiseCopyable {
    var request: CallRequest
    var holder: AgentID
}

/// A pending coordinator timer.
@usableFromInline
struct TimerRecord: BitwiseCopyable {
    var tag: UInt32
    var task: TaskRef
}

/// What happened to a submitted task or call.
public enum SubmitResult: Sendable, Hashable {
    /// An agent started it at once.
    case started
    /// It waits in a queue.
    case queued
    /// The queue was full; nothing was queued.
    case rejected
    /// The queue was full; the task waits for room while the sender holds its slot.
    case blocked
}

/// Why a task's work finally failed, after its retries.
public enum TaskFailure: Sendable, Hashable, CustomStringConvertible {
    /// The last attempt failed with an error.
    case error
    /// The last attempt timed out.
    case timeout
    /// A rate limit answered 429 and no retry was left.
    case rateLimited
    /// The callee's circuit breaker was open and there was no fallback.
    case breakerOpen
    /// The caller→callee bulkhead was full and the wait ran out.
    case bulkheadFull
    /// A retry found its destination's queue full.
    case queueFull

    /// The reason as failure reasons write it (`task failed: timeout`, ...).
    public var description: String {
        switch self {
        case .error: "error"
        case .timeout: "timeout"
        case .rateLimited: "rate limited (429)"
        case .breakerOpen: "circuit breaker open"
        case .bulkheadFull: "bulkhead full"
        case .queueFull: "queue full"
        }
    }
}

/// Where a work attempt goes.
enum Destination: Hashable {
    case pool(Int)
    case agent(Int)
}

/// One attempt at a task's work (or at a coordination call whose role has a timeout): submitted,
/// queued, in service, and then done, or abandoned at its timeout (a non-cancellable abandoned attempt lives on until its call ends, so its cost is booked
/// as abandoned).
struct AttemptRecord {
    enum State { case waiting, queued, running, abandoned, done }
    var task: TaskRef
    /// 1 for the first attempt.
    var number: Int
    var destination: Destination
    /// The role whose policies apply (the destination's).
    var role: Int
    var state: State
    var timeout: EventID?
    /// The retry delays of this task's chain of attempts (decorrelated jitter remembers the last).
    var backoff: Backoff?
    /// The call serving the attempt while it runs (``CoordinationContext/noAttempt`` otherwise).
    var call: UInt32 = CoordinationContext.noAttempt
    /// The role that asked (the `from` of the submission; role count for "any caller").
    var caller = Int.max
    /// The bulkhead edge whose slot the attempt holds (-1: none).
    var edge = -1
    /// For an attempt at a coordination call, what the call asks for; `nil` for work.
    var coordination: CoordinationAsk?
}

/// A coordination call's label, cause and sizes: what each of its attempts asks for again.
struct CoordinationAsk {
    /// The tag, already in the coordinator's tag space.
    var tag: UInt32
    var cause: CostCause
    var tokensIn: Int64
    var tokensOut: Int64
}
