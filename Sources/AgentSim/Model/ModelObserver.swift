import AgentSimKernel

/// What the model tells its observers: one typed stream of the moments an invariant checker, a
/// tracer or a sampler may want to see (ARCHITECTURE.md §2, "Observers").
///
/// The engine publishes an event only while some observer is installed (one stored flag,
/// ``CoordinationContext/observing``, per site), at the same points, in the same order as the
/// checks and trace hooks it replaced. An event carries what identifies the moment; an observer
/// reads anything else from the context it is handed, which it never changes.
enum ModelEvent {
    /// Kernel event `event` is about to be handled now.
    case eventStarts(EngineEvent)
    /// The event being handled, and every notice it caused, is done.
    case eventEnded
    /// The call in slot `slot` is about to finish (its record is still in the table).
    case callFinishing(slot: UInt32)
    /// A job was admitted now.
    case jobAdmitted(JobID)
    /// A job ended now: completed, failed or dead-lettered.
    case jobEnded(JobID, JobEnd)
    /// A coordinator ended a job that had already ended (`how`: completed, failed).
    case jobEndedTwice(JobID, how: String)
    /// Step `step` of a job was made ready now.
    case stepReady(JobID, step: Int)
    /// Work on a task finished and is reported to the coordinator.
    case taskFinished(TaskRef)
    /// A checked run's `completeTask` on a task (before its copies are counted).
    case taskCompleted(TaskRef, by: AgentID)
    /// A checked run's `completeTask` on a step copy that was already completed as often as it has
    /// copies: the engine ignores it.
    case taskCompletedTooOften(TaskRef, by: AgentID)
    /// A checked run's `release` of an agent that holds nothing: the engine ignores it.
    case releasedUnheld(AgentID)
    /// A delegation `depth` levels deep was recorded.
    case delegated(depth: Int)
    /// A call for a task starts on agent `agent` now.
    case callStarted(TaskRef, agent: Int)
    /// A call ended now and was booked under `cause`.
    case callBooked(CallRecord, cause: CostCause)
    /// A message was put in flight in message slot `slot` now.
    case messageSent(Message, slot: UInt32)
    /// A message arrives now; it was in flight in `slot` (`nil`: sent now, no flight).
    case messageDelivered(Message, slot: UInt32?)
    /// A message was lost now (a network fault dropped it or a partition cut it).
    case messageLost(Message)
    /// Fault `code / 2` starts (even code) or ends (odd) now.
    case faultToggled(code: UInt32)
    /// The run stopped for `reason`.
    case runStopped(StopReason)
}

/// How a job ended, as ``ModelEvent/jobEnded(_:_:)`` reports it.
enum JobEnd {
    case completed
    /// Failed, for the reason the coordinator gave.
    case failed(String)
    case deadLettered
}

/// An observer of one run: it reads the model's events and state and never changes the run (no
/// scheduling, no random draws, no state the run reads). The invariant checker (Invariants/) and
/// the trace recorder (Trace/) are the two; the layer that creates a run installs them
/// (``CoordinationContext/addObserver(_:)``).
protocol ModelObserver: AnyObject {
    /// `event` happened now in `context`.
    ///
    /// `context` is `inout` only so that it is passed by reference: a `borrowing` parameter
    /// taken from the engine's `inout` context copies the whole context (about 2 KB) at every call
    /// (Swift 6.3). An observer reads it and never writes it.
    func observe(_ event: ModelEvent, in context: inout CoordinationContext)
    /// The invariant violations this observer saw, in order (none for an observer that does not
    /// check).
    var violations: [Violation] { get }
}

extension ModelObserver {
    var violations: [Violation] { [] }
}

extension CoordinationContext {
    /// Installs `observer`: from now on it hears every ``ModelEvent``, after the observers installed
    /// before it.
    mutating func addObserver(_ observer: any ModelObserver) {
        observers.append(observer)
        observing = true
    }

    /// Removes the observers `match` picks.
    mutating func removeObservers(where match: (any ModelObserver) -> Bool) {
        observers.removeAll(where: match)
        observing = !observers.isEmpty
    }

    /// Hands `event` to every observer, in installation order. Callers test ``observing`` first,
    /// so a run nobody observes pays one flag test per site.
    /// Mutating only so that the context is passed by reference (see
    /// ``ModelObserver/observe(_:in:)``).
    @inline(never)
    mutating func notify(_ event: ModelEvent) {
        for observer in observers { observer.observe(event, in: &self) }
    }

    /// The violations the observers saw so far (the invariant checker's, at most 100 plus the
    /// stuck-job records of a liveness check).
    public var violations: [Violation] {
        observers.count == 1 ? observers[0].violations : observers.flatMap(\.violations)
    }

    /// `ROLE[k]` for an agent, `nil` for ``AgentID/none``.
    func agentName(_ agent: AgentID) -> String? {
        guard agent != .none, Int(agent.index) < fleet.agentCount else { return nil }
        let role = fleet.role(of: agent)
        return "\(role.name)[\(Int(agent.index) - role.firstAgent)]"
    }
}
