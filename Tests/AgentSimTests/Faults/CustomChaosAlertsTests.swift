import Testing

@testable import AgentSim

/// A custom coordinator's chaos campaign sees the alerts and failure reasons a built-in pattern's
/// does: both report through one recipe (``Engine/result(scenario:replication:seed:coordinatorRole:)``).
@Suite struct CustomChaosAlertsTests {
    /// Submits each ready task to its pool and completes it when its work finishes.
    struct Direct: Coordinator {
        var name: String { "direct" }

        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.submit(task, to: ctx.pool(of: task))
        }

        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            ctx.completeTask(result.task, by: result.agent, correct: result.correct)
        }
    }

    /// A job a second from 1 s (10 jobs); every call costs exactly $1 (1 output token at $10^6 per
    /// million) and takes 10 s; three agents. So calls start at 1, 2 and 3 s ($1, $2, $3 of a $3
    /// alert-only budget: 50% at 2 s, 100% at 3 s), and `max_in_flight` 3 rejects every arrival
    /// from 4 s to 10 s (the first job ends at 11 s): 7 rejections, one alert at 4 s.
    static let json = """
        {"name": "alerts", "seed": 5,
         "workload": {"arrivals": {"process": "constant", "rate": "1/s"}, "jobs": 10, "max_in_flight": 3,
           "job": {"steps": [{"name": "s", "skill": "s", "tokens_in": 0, "tokens_out": 1}]}},
         "models": {"m": {"input_per_mtok": 0, "output_per_mtok": 1000000}},
         "agents": {"w": {"count": 3, "skills": ["s"], "model": "m", "latency": "10s"}},
         "policies": {"budgets": [{"scope": "run", "usd": 3, "alerts": [0.5, 1.0], "hard_stop": false}]}}
        """

    static func scenario() throws -> Scenario {
        try ScenarioLoader.load(json: json, file: "alerts.json", baseDirectory: "/tmp").scenario
    }

    /// (scope, fraction, time in seconds) of each alert.
    static func alertKeys(_ run: ChaosRun) -> [String] {
        run.result.alerts.map { "\($0.scopeName) \($0.fraction) @\($0.time.seconds)" }
    }

    static let expectedAlerts = ["run 0.5 @2.0", "run 1.0 @3.0", "max_in_flight 1.0 @4.0"]

    @Test func aCustomCoordinatorsChaosRunReportsTheBuiltInAlerts() throws {
        let runner = ChaosRunner.custom(try Self.scenario()) { _ in Direct() }
        let run = runner.run(seed: 5)
        #expect(Self.alertKeys(run) == Self.expectedAlerts)
        #expect(run.result.summary.jobsRejected == 7)
        #expect(run.result.failureReasons == [FailureCount(reason: "rejected: max_in_flight", count: 7)])
        #expect(run.result.summary.jobsCompleted == 3)
        #expect(!run.failed)
    }

    @Test func theBuiltInPatternReportsTheSameAlertsOnTheSameScenario() throws {
        var scenario = try Self.scenario()
        scenario.pattern = PatternSpec(name: "pipeline")
        let builtIn = ChaosRunner.builtIn(scenario).run(seed: 5)
        let custom = ChaosRunner.custom(scenario) { _ in Direct() }.run(seed: 5)
        #expect(Self.alertKeys(builtIn) == Self.expectedAlerts)
        #expect(builtIn.result.alerts == custom.result.alerts)
        #expect(builtIn.result.failureReasons == custom.result.failureReasons)
    }

    @Test func theGateReplicationOfACustomCoordinatorReportsThemToo() throws {
        let replication = Gate.replication { _ in Direct() }
        let result = replication(try Self.scenario(), 0)
        let alerts = result.alerts.map { "\($0.scopeName) \($0.fraction) @\($0.time.seconds)" }
        #expect(alerts == Self.expectedAlerts)
        #expect(result.failureReasons.map(\.count) == [7])
    }
}
