/// A pattern's state per task copy, grouped by job so that the job's end frees all of it at once.
///
/// A plain `[TaskRef: Value]` keeps an entry for every copy whose job ended before the pattern
/// removed it (a sibling failed, a message was lost, a timeout), until the same copy of a later job
/// in the same slot happens to overwrite it; grouped by job, ``end(_:)`` frees them in O(copies of
/// the job). Lookups hash twice instead of once.
struct TaskStateByJob<Value> {
    /// Per job: its copies' state.
    private var byJob: [JobID: [TaskRef: Value]] = [:]

    /// The state of `task`; setting `nil` removes it.
    subscript(task: TaskRef) -> Value? {
        get { byJob[task.job]?[task] }
        set {
            if let newValue {
                byJob[task.job, default: [:]][task] = newValue
            } else if var states = byJob[task.job], states.removeValue(forKey: task) != nil {
                byJob[task.job] = states.isEmpty ? nil : states
            }
        }
    }

    /// The state of `task`, or `fallback` when it has none.
    subscript(task: TaskRef, default fallback: Value) -> Value { self[task] ?? fallback }

    /// Calls `body` with the state of every copy of `job`, in task order (step, then copy), so
    /// that what it does is deterministic.
    func forEach(of job: JobID, _ body: (Value) -> Void) {
        guard let states = byJob[job] else { return }
        for task in states.keys.sorted(by: { ($0.step, $0.copy) < ($1.step, $1.copy) }) {
            body(states[task]!)
        }
    }

    /// `job` ended: forgets every copy of it.
    mutating func end(_ job: JobID) { byJob.removeValue(forKey: job) }

    /// Copies with state, over every job.
    var count: Int { byJob.values.reduce(0) { $0 + $1.count } }

    /// Whether no copy has state.
    var isEmpty: Bool { byJob.isEmpty }
}
