@testable import AgentSim

/// Tiny checked runs for the invariant tests.
enum InvariantTestSupport {
    /// Two steps (`a`, then `b`), one agent with 1 s constant service, a job every 2 s.
    static func scenario(jobs: Int = 5, extra: String = "") throws -> Scenario {
        var scenario = try ScenarioLoader.load(
            json: """
                {"name": "inv", "seed": 7,
                 "workload": {"arrivals": {"process": "constant", "rate": 0.5}, "jobs": \(jobs),
                   "job": {"steps": [{"name": "a", "skill": "s"}, {"name": "b", "skill": "s", "after": ["a"]}]}},
                 "agents": {"w": {"skills": ["s"], "latency": "1s"}}\(extra)}
                """, file: "inv.json", baseDirectory: "/tmp"
        ).scenario
        scenario.checkInvariants = true
        return scenario
    }

    /// Runs `coordinator` on `scenario` with checking on and returns the violations.
    static func violations<C: Coordinator>(_ scenario: Scenario, _ coordinator: C) -> [Violation] {
        var checked = scenario
        checked.checkInvariants = true
        var engine = Engine(
            scenario: checked, seed: checked.seed, fleet: Fleet(scenario: checked), coordinator: coordinator)
        engine.run(until: .zero + checked.limits.until, maxEvents: checked.limits.maxEvents)
        return engine.ctx.violations
    }
}

/// Submits every ready task and completes it when it finishes: the correct baseline the wrong
/// coordinators of the tests depart from.
struct Baseline: Coordinator {
    var name: String { "baseline" }
    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        ctx.submit(task, to: ctx.pool(of: task))
    }
    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        ctx.completeTask(result.task, by: result.agent)
    }
}
