/// Waiting in a coordinator's own queue: a coordinator that keeps tasks back (work stealing,
/// priority scheduling) says so, and its tasks' waits count like waits in agents' queues.
extension CoordinationContext {
    /// `task` now waits in the coordinator's own queue.
    ///
    /// From now until the task's work is submitted (``submit(_:to:from:)`` or
    /// ``submit(_:toAgent:from:)``), it counts in timeseries.csv's `queued`; when its work starts
    /// service, the whole wait (the coordinator's queue, then the agent's) counts once in
    /// `wait_mean_s`. Saying it again for a waiting task changes nothing. A waiting task whose job
    /// ends stops waiting.
    /// - Complexity: O(1) on average.
    public mutating func taskWaiting(_ task: TaskRef) {
        if coordinatorWaits[task] == nil { coordinatorWaits[task] = now.nanos }
    }

    /// `task` no longer waits, and its wait is not counted (the coordinator dropped it without
    /// submitting it). Submitting the task's work ends the wait by itself; this is for the rest.
    public mutating func taskStoppedWaiting(_ task: TaskRef) { coordinatorWaits[task] = nil }

    /// Tasks waiting in the coordinator's queue now.
    public var coordinatorQueueLength: Int { coordinatorWaits.count }

    /// When `task` started waiting in the coordinator's queue, ending its wait; `nil` when it was
    /// not waiting (always, for patterns that never call ``taskWaiting(_:)``).
    mutating func endCoordinatorWait(_ task: TaskRef) -> Int64? {
        coordinatorWaits.isEmpty ? nil : coordinatorWaits.removeValue(forKey: task)
    }

    /// Forgets the waiting tasks of the job in slot `slot` (it ended; its id will be reused).
    /// - Complexity: O(waiting tasks).
    mutating func forgetCoordinatorWaits(slot: Int) {
        coordinatorWaits = coordinatorWaits.filter { Int($0.key.job.index) != slot }
    }
}
