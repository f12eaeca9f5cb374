import Testing

@testable import AgentSim

/// A liveness violation names every stuck job, where it was left and when the system went quiet,
/// on a planted bug whose stuck jobs are known exactly.
@Suite struct StuckJobTests {
    /// Sends job #n to `worker[n % 2]`. The planted bug: a task whose attempt timed out is dropped
    /// (neither retried nor failed), so its job never ends.
    struct DropsTimeouts: Coordinator {
        let workers: [AgentID]
        let plantedBug: Bool

        init(plantedBug: Bool, _ ctx: inout CoordinationContext) {
            workers = ctx.members(of: ctx.pool(forRole: "worker")!)
            self.plantedBug = plantedBug
        }

        var name: String { plantedBug ? "drops_timeouts" : "fails_timeouts" }

        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            ctx.submit(task, toAgent: workers[Int(ctx.serialNumber(of: task.job) % 2)])
        }

        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            ctx.completeTask(result.task, by: result.agent, correct: result.correct)
        }

        mutating func taskFailed(_ task: TaskRef, reason: TaskFailure, _ ctx: inout CoordinationContext) {
            if plantedBug && reason == .timeout { return }  // the planted bug
            ctx.failJob(task.job, reason: "task failed: \(reason)")
        }
    }

    /// Jobs arrive at 1, 2, ..., 10 s (#0 to #9); a call takes 1 s, the timeout is 5 s, and calls
    /// that start in [3.5 s, 6.5 s) wait 10 s more for their first token. So exactly the calls of
    /// #3, #4 and #5 (started at 4, 5 and 6 s, on worker[1], worker[0], worker[1]) time out, at 9,
    /// 10 and 11 s; every other job completes by 11 s. Nothing touches a job after 11 s, and the
    /// liveness deadline is the fault's end plus the default 30-minute drain: 1,806.5 s.
    static let json = """
        {"name": "drops", "seed": 3,
         "workload": {"arrivals": {"process": "constant", "rate": "1/s"}, "jobs": 10,
           "job": {"steps": [{"name": "answer", "skill": "s"}]}},
         "agents": {"worker": {"count": 2, "skills": ["s"], "latency": "1s", "capacity": 10}},
         "policies": {"timeout": "5s"},
         "faults": [{"at": "3.5s", "for": "3s", "role": "worker", "slow_first_token": "10s"}]}
        """

    static func run(plantedBug: Bool) throws -> ChaosRun {
        let scenario = try ScenarioLoader.load(json: json, file: "drops.json", baseDirectory: "/tmp").scenario
        return ChaosRunner.custom(scenario) { DropsTimeouts(plantedBug: plantedBug, &$0) }.run(seed: 3)
    }

    @Test func everyStuckJobIsNamedWithItsStepAgentAndLastEvent() throws {
        let run = try Self.run(plantedBug: true)
        let stuck = run.result.violations.filter { $0.invariant == .liveness }
        #expect(stuck.map(\.job) == [3, 4, 5])
        #expect(stuck.map(\.agent) == ["worker[1]", "worker[0]", "worker[1]"])
        #expect(stuck.map { $0.stuck?.step } == ["answer", "answer", "answer"])
        #expect(stuck.map { $0.stuck?.copy } == [0, 0, 0])
        #expect(stuck.map { $0.stuck?.lastEvent } == Array(repeating: "attempt timed out", count: 3))
        #expect(stuck.map { $0.stuck?.lastEventTime } == [9, 10, 11].map { SimTime.zero + .seconds($0) })
        #expect(stuck.allSatisfy { $0.stuck?.stuckJobs == 3 })
        #expect(run.stuckJobs == 3 && run.violationCount == 3)
        #expect(run.result.summary.jobsCompleted == 7)
    }

    @Test func theQuietTimeIsTheLastJobEventAndComesBeforeTheDeadline() throws {
        let run = try Self.run(plantedBug: true)
        let record = try #require(run.violation?.stuck)
        #expect(record.quietTime == .zero + .seconds(11))
        #expect(record.deadline == .zero + .milliseconds(1_806_500))
        #expect(record.quietTime < record.deadline!)
        #expect(run.violation?.time == record.deadline)
        #expect(run.violation?.detail.contains("quiet since 11.0s, deadline 1806.5s") == true)
    }

    @Test func theSummaryRowCountsEveryStuckJob() throws {
        let run = try Self.run(plantedBug: true)
        let table = CSVTable(parsing: ChaosCSV.summary([ChaosCSV.Row(run: run)]))
        #expect(table.header == ChaosCSV.columns && table.rows.count == 1)
        func cell(_ name: String) -> String { table.rows[0][table.header.firstIndex(of: name)!] }
        #expect(cell("violations") == "3")
        #expect(cell("stuck_jobs") == "3")
        #expect(cell("job") == "3")
        #expect(cell("agent") == "worker[1]")
        #expect(cell("step") == "answer")
        #expect(cell("copy") == "0")
        #expect(cell("last_event") == "attempt timed out")
        #expect(cell("last_event_time_s") == "9.0")
        #expect(cell("quiet_time_s") == "11.0")
        #expect(cell("liveness_deadline_s") == "1806.5")
    }

    @Test func failingTheTimedOutJobsLeavesNothingStuck() throws {
        let run = try Self.run(plantedBug: false)
        #expect(run.result.violations == [])
        #expect(run.stuckJobs == 0)
        #expect(run.result.summary.jobsFailed == 3 && run.result.summary.jobsCompleted == 7)
    }
}
