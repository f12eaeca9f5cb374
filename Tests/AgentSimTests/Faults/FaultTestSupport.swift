@testable import AgentSim

/// A coordinator that sends each job's task as a message from a sender to the worker, and submits
/// it when the message arrives: even jobs from `a[0]`, odd jobs from `c[0]`. It records every
/// delivery, so network faults show exactly.
struct Relay: Coordinator {
    /// One delivery: the job's arrival number and when the message arrived.
    struct Delivery: Equatable {
        var job: UInt64
        var at: SimTime
        var redelivered = false
    }

    let a: AgentID
    let c: AgentID
    let worker: AgentID
    var deliveries: [Delivery] = []

    init(_ ctx: inout CoordinationContext) {
        a = ctx.members(of: ctx.pool(forRole: "a")!)[0]
        c = ctx.members(of: ctx.pool(forRole: "c")!)[0]
        worker = ctx.members(of: ctx.pool(forRole: "b")!)[0]
    }

    var name: String { "relay" }

    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        let sender = ctx.serialNumber(of: task.job) % 2 == 0 ? a : c
        ctx.send(Message(from: sender, to: worker, tag: 1, task: task))
    }

    mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        deliveries.append(
            Delivery(
                job: ctx.serialNumber(of: message.task.job), at: ctx.now, redelivered: message.redelivered))
        if message.tag == 1 { ctx.submit(message.task, toAgent: worker) }
    }

    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent, correct: result.correct)
    }
}

enum FaultTestSupport {
    /// Roles a, b (the worker, 1 s per task) and c; network latency 1 s; a job every 2 s from 2 s;
    /// `retransmit`, if given, is the network's `retransmit` object.
    static func relayScenario(
        jobs: Int = 10, faults: String, extra: String = "", retransmit: String? = nil
    ) throws -> Scenario {
        try ScenarioLoader.load(
            json: """
                {"name": "relay", "seed": 3,
                 "workload": {"arrivals": {"process": "constant", "rate": 0.5}, "jobs": \(jobs),
                   "job": {"steps": [{"name": "s", "skill": "s"}]}},
                 "agents": {"a": {"skills": ["x"], "latency": "1s"}, "b": {"skills": ["s"], "latency": "1s", "capacity": 100},
                            "c": {"skills": ["y"], "latency": "1s"}},
                 "network": {"latency": "1s"\(retransmit.map { #", "retransmit": "# + $0 } ?? "")},
                 "faults": \(faults)\(extra)}
                """, file: "relay.json", baseDirectory: "/tmp"
        ).scenario
    }

    /// Runs the relay on `scenario` (checked) and returns it with the run's summary.
    static func runRelay(_ scenario: Scenario) -> (relay: Relay, summary: RunSummary, violations: [Violation])
    {
        var checked = scenario
        checked.checkInvariants = true
        var engine = Engine(scenario: checked, seed: checked.seed, fleet: Fleet(scenario: checked)) {
            Relay(&$0)
        }
        engine.run(until: .zero + checked.limits.until, maxEvents: checked.limits.maxEvents)
        let summary = engine.summary(
            scenario: checked.name, replication: 0, seed: checked.seed, coordinatorRole: nil)
        return (engine.coordinator, summary, engine.ctx.violations)
    }
}
