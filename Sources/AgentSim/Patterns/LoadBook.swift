/// A coordinator's own view of each worker's load: the tasks it gave each worker and has not yet
/// seen end (hub-and-spoke's and hierarchical's least-loaded choice).
///
/// Each task counts exactly once, from ``assign(_:to:)`` until the first of ``release(_:)`` (its
/// result, its refusal) and ``end(_:)`` (its job ended, however: a task that failed for good, a
/// message lost, a job timeout). Releasing a task that no longer counts does nothing, so a
/// duplicate, a retransmission or a late event cannot release it twice; and ending the job releases
/// every task of it still out, so a lost report cannot leave it counted forever.
struct LoadBook {
    /// A dispatched task of a job (step and copy) and the worker it counts against.
    struct Assignment {
        var step: UInt16
        var copy: UInt16
        var worker: AgentID
    }

    /// Per agent: tasks counted against it.
    private(set) var outstanding: [Int32]
    /// Per job: its tasks that count, and their workers.
    private(set) var assigned: [JobID: [Assignment]] = [:]

    /// An empty book for `agentCount` agents.
    init(agentCount: Int) { outstanding = Array(repeating: 0, count: agentCount) }

    /// Tasks counted against `agent`.
    subscript(agent: AgentID) -> Int32 { outstanding[Int(agent.index)] }

    /// `task` counts against `worker` from now on.
    mutating func assign(_ task: TaskRef, to worker: AgentID) {
        outstanding[Int(worker.index)] += 1
        assigned[task.job, default: []].append(Assignment(step: task.step, copy: task.copy, worker: worker))
    }

    /// `task` stops counting. - Returns: the worker it counted against, or `nil` if it no longer
    /// counted.
    @discardableResult
    mutating func release(_ task: TaskRef) -> AgentID? {
        guard var tasks = assigned[task.job],
            let i = tasks.firstIndex(where: { $0.step == task.step && $0.copy == task.copy })
        else { return nil }
        let worker = tasks.remove(at: i).worker
        assigned[task.job] = tasks.isEmpty ? nil : tasks
        unload(worker)
        return worker
    }

    /// `job` ended: every task of it still counted stops counting. - Returns: their workers, in
    /// assignment order.
    @discardableResult
    mutating func end(_ job: JobID) -> [AgentID] {
        guard let tasks = assigned.removeValue(forKey: job) else { return [] }
        for t in tasks { unload(t.worker) }
        return tasks.map(\.worker)
    }

    private mutating func unload(_ worker: AgentID) {
        outstanding[Int(worker.index)] -= 1
        assert(
            outstanding[Int(worker.index)] >= 0, "worker \(worker.index) released more often than assigned")
    }

    /// Table entries plus counted tasks: 0 when no job has a task out.
    var liveStateCount: Int {
        assigned.values.reduce(0) { $0 + $1.count } + outstanding.reduce(0) { $0 + Int($1.magnitude) }
    }
}
