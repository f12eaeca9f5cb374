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
    /// The slot an agent kept while its finished call was being handled can now be reused.
    case releaseFinishing(AgentID)
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
}

/// A call in service.
@usableFromInline
struct CallRecord: BitwiseCopyable {
    var request: CallRequest
    var agent: UInt32
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
