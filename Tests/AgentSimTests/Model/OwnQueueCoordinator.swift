@testable import AgentSim

/// A coordinator with a FIFO queue of its own, as a work-stealing or priority scheduler keeps one:
/// a task goes to an idle agent of its pool at once, else it waits here until an agent finishes.
///
/// On one agent this is exactly the pipeline's M/M/1 (same service order, so the same draws of
/// the agent's stream), except that the waiting happens in the coordinator, not in the agent's
/// queue: what ``CoordinationContext/taskWaiting(_:)`` exists to make visible.
struct OwnQueueCoordinator: Coordinator {
    /// How the coordinator reports its queue.
    enum Reporting: Sendable {
        /// ``CoordinationContext/taskWaiting(_:)`` for every task it holds back.
        case waits
        /// Nothing: its waits are invisible.
        case nothing
        /// Says a task waits, then takes it back at once (``CoordinationContext/taskStoppedWaiting(_:)``).
        case retracted
    }

    let reporting: Reporting
    /// The planted regression: look only at the pool's first agent, leaving the others idle.
    let ignoreLoad: Bool
    var queue: [TaskRef] = []
    var head = 0
    /// The longest the queue got: the metric it reports.
    var longest = 0

    init(reporting: Reporting = .waits, ignoreLoad: Bool = false) {
        self.reporting = reporting
        self.ignoreLoad = ignoreLoad
    }

    var name: String { "own_queue" }

    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        var members = ctx.members(of: ctx.pool(of: task))
        if ignoreLoad { members = [members[0]] }
        if head == queue.count, let idle = members.first(where: { ctx.load(of: $0) == 0 }) {
            ctx.submit(task, toAgent: idle)
            return
        }
        switch reporting {
        case .waits: ctx.taskWaiting(task)
        case .nothing: break
        case .retracted:
            ctx.taskWaiting(task)
            ctx.taskStoppedWaiting(task)
        }
        queue.append(task)
        longest = max(longest, queue.count - head)
    }

    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
        guard head < queue.count else { return }
        let next = queue[head]
        head += 1
        ctx.submit(next, toAgent: result.agent)
    }

    func reportedMetrics(_ ctx: borrowing CoordinationContext) -> [CustomMetric] {
        [CustomMetric("own_queue_max", Double(longest), better: .lowerIsBetter)]
    }

    /// One replication of `scenario` under this coordinator.
    static func run(
        _ scenario: Scenario, replication: Int = 0, reporting: Reporting = .waits, ignoreLoad: Bool = false
    ) -> RunResult {
        Gate.replication { _ in OwnQueueCoordinator(reporting: reporting, ignoreLoad: ignoreLoad) }(
            scenario, replication)
    }
}
