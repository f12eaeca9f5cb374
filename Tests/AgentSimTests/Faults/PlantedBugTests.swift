import Testing

@testable import AgentSim

/// A user's coordinator with a deliberately planted bug, found, replayed and shrunk by chaos.
///
/// The dispatcher sends each task over the network and arms a watchdog that re-sends it when no
/// result comes back. The planted bug: it disarms the watchdog once the dispatch has arrived,
/// trusting the agent to answer. A worker that crashes mid-call never answers, and the job hangs.
@Suite struct PlantedBugTests {
    struct Dispatcher: Coordinator {
        let sender: AgentID
        let plantedBug: Bool
        /// Per task: the generation of its armed watchdog (0: disarmed) and the agent it went to.
        var armed: [TaskRef: (generation: UInt32, agent: AgentID, tries: Int)] = [:]
        var generation: UInt32 = 0

        init(plantedBug: Bool, _ ctx: inout CoordinationContext) {
            sender = ctx.members(of: ctx.pool(forRole: "dispatcher")!)[0]
            self.plantedBug = plantedBug
        }

        var name: String { plantedBug ? "dispatcher_with_bug" : "dispatcher" }

        mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
            dispatch(task, tries: 1, avoiding: .none, &ctx)
        }

        mutating func dispatch(
            _ task: TaskRef, tries: Int, avoiding: AgentID, _ ctx: inout CoordinationContext
        ) {
            let members = ctx.members(of: ctx.pool(of: task)).filter { $0 != avoiding }
            let worker = members.min { ctx.load(of: $0) < ctx.load(of: $1) }!
            generation = generation % 0xFF_FFFF + 1
            armed[task] = (generation, worker, tries)
            ctx.send(Message(from: sender, to: worker, tag: 1, task: task, payload: UInt64(generation)))
            ctx.setTimer(after: .seconds(120), tag: generation, task: task)
        }

        mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
            guard let watch = armed[message.task], UInt64(watch.generation) == message.payload else { return }
            if plantedBug { armed[message.task]!.generation = 0 }  // the planted bug
            armed[message.task]!.generation |= 1 << 31  // submitted: a duplicate dispatch no longer matches
            ctx.submit(message.task, toAgent: message.to)
        }

        mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
            guard armed.removeValue(forKey: result.task) != nil else { return }  // late or duplicate
            ctx.completeTask(result.task, by: result.agent, correct: result.correct)
        }

        mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
            guard let watch = armed[task], watch.generation & 0x7FFF_FFFF == tag else { return }
            if watch.tries < 3 {
                dispatch(task, tries: watch.tries + 1, avoiding: watch.agent, &ctx)
            } else {
                armed = armed.filter { $0.key.job != task.job }
                ctx.failJob(task.job, reason: "no answer after 3 dispatches")
            }
        }

        mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
            armed = armed.filter { $0.key.job != job }
            ctx.completeJob(job)
        }
    }

    static let scenarioJSON = """
        {"name": "planted", "seed": 1,
         "workload": {"arrivals": {"process": "poisson", "rate": "3/min"}, "jobs": 80,
           "job": {"steps": [{"name": "triage", "skill": "work"}, {"name": "answer", "skill": "work", "after": ["triage"]}]}},
         "agents": {"dispatcher": {"skills": ["plan"], "latency": "1s"},
                    "worker": {"count": 3, "skills": ["work"], "latency": {"dist": "exponential", "mean": "30s"}}},
         "network": {"latency": "10ms"},
         "chaos": {"horizon": "20m", "drain": "20m", "swarm": false,
                   "rates": {"crash": "1/4m", "loss": "1/4m", "duplicate": "1/4m", "slowdown": "1/4m"}}}
        """

    static func runner(plantedBug: Bool) throws -> ChaosRunner {
        let scenario = try ScenarioLoader.load(
            json: scenarioJSON, file: "planted.json", baseDirectory: "/tmp"
        ).scenario
        return ChaosRunner.custom(scenario, excludedRoles: ["dispatcher"]) {
            Dispatcher(plantedBug: plantedBug, &$0)
        }
    }

    /// Put a limit on everything: chaos must find the bug within this many seeds.
    static let seedBudget: UInt64 = 20

    static func firstFailure(_ runner: ChaosRunner) -> ChaosRun? {
        (1...seedBudget).lazy.map { runner.run(seed: $0) }.first { $0.failed }
    }

    @Test func chaosFindsThePlantedBugWithinTheSeedBudget() throws {
        let failing = try #require(Self.firstFailure(try Self.runner(plantedBug: true)))
        let v = try #require(failing.violation)
        #expect(v.invariant == .liveness)
        #expect(v.detail.contains("still in flight"))
    }

    @Test func theCorrectDispatcherSurvivesTheSameSeeds() throws {
        let runner = try Self.runner(plantedBug: false)
        for seed in 1...Self.seedBudget {
            let run = runner.run(seed: seed)
            #expect(run.result.violations == [], "seed \(seed)")
        }
    }

    @Test func replayingTheSeedReproducesTheViolationAtTheSameTime() throws {
        let runner = try Self.runner(plantedBug: true)
        let failing = try #require(Self.firstFailure(runner))
        let replay = runner.run(seed: failing.seed)
        #expect(replay.violation == failing.violation)
        #expect(replay.violation?.time == failing.violation?.time)
        #expect(replay.faults == failing.faults)
    }

    @Test func theShrunkScheduleIsNoLargerAndStillFails() throws {
        let runner = try Self.runner(plantedBug: true)
        let failing = try #require(Self.firstFailure(runner))
        let shrunk = try #require(runner.shrink(failing))
        #expect(shrunk.faults.count <= failing.faults.count)
        #expect(shrunk.isOneMinimal)
        #expect(shrunk.run.violation?.invariant == .liveness)
        #expect(runner.probe(seed: failing.seed, faults: shrunk.faults).violation == shrunk.run.violation)
        // What it takes is a crash of a worker (mid-call).
        #expect(
            shrunk.faults.contains {
                if case .agent(let f) = $0 { f.role == "worker" && f.kind == .crash } else { false }
            })
    }
}
