import Testing

@testable import AgentSim

@Suite struct StigmergyTests {
    /// Runs with the pick trace on.
    static func traced(_ scenario: Scenario) -> (summary: RunSummary, coordinator: Stigmergy) {
        let fleet = Fleet(scenario: scenario)
        let spec = StigmergySpec(parameters: scenario.pattern.parameters)
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: fleet) {
            var coordinator = Stigmergy(spec: spec, ctx: &$0)
            coordinator.pickTrace = []
            return coordinator
        }
        engine.run(until: .never, maxEvents: 10_000_000)
        let s = engine.summary(
            scenario: scenario.name, replication: 0, seed: scenario.seed, coordinatorRole: nil)
        #expect(s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight)
        return (s, engine.coordinator)
    }

    /// No messages and no coordination calls; per job, reads = read_cost · C and writes =
    /// write_cost · (C + R + Σ_s K_s·D_s): a claim per task, a deposit per first step and one per
    /// copy per step after it.
    @Test(arguments: 0..<3, [(1, 1), (2, 3)])
    func environmentReadsAndWritesFollowTheFormula(shape: Int, costs: (read: Int, write: Int)) {
        let steps = EventDrivenTests.shapes[shape]
        let jobs = 20
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps),
            pattern: .stigmergy(StigmergySpec(readCost: costs.read, writeCost: costs.write)), jobs: jobs)
        let (s, marks) = SwarmBench.run(scenario, StigmergyPattern.self)
        let k = SwarmBench.copies(steps)
        let after = SwarmBench.dependents(steps)
        let tasks = k.reduce(0, +)
        let roots = steps.filter { $0.after.isEmpty }.count
        let deposits = roots + zip(k, after).map { $0 * $1 }.reduce(0, +)
        #expect(s.jobsCompleted == jobs)
        #expect(s.messages == 0)
        #expect(s.coordinationCalls == 0)
        #expect(s.llmCalls == jobs * tasks)
        #expect(marks.counters.picks == jobs * tasks)
        #expect(marks.counters.deposits == jobs * deposits)
        #expect(marks.counters.reads == jobs * costs.read * tasks)
        #expect(marks.counters.writes == jobs * costs.write * (tasks + deposits))
    }

    /// One agent, busy 10 s per task; a job of x and y (3 copies), then joinX after x and joinY after
    /// y. Without evaporation the marks are 1 for x and the y copies (first come, first served),
    /// then joinX gets 1 deposit and joinY 3: joinY jumps the queue. With evaporation 0.1/s, joinX's
    /// fresh deposit at 10 s (key ln 1 + 0.1·10 = 1) outranks the y copies' (ln 1 + 0 = 0).
    @Test(arguments: [
        (0.0, ["x", "y", "y", "y", "joinY", "joinX"]), (0.1, ["x", "joinX", "y", "y", "y", "joinY"]),
    ])
    func theAgentFollowsTheStrongestMark(evaporation: Double, order: [String]) {
        let steps = [
            StepSpec(name: "x", skill: "s"), StepSpec(name: "y", skill: "s", fanout: .constant(3)),
            StepSpec(name: "joinX", skill: "s", after: ["x"]),
            StepSpec(name: "joinY", skill: "s", after: ["y"]),
        ]
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: 1, latencySeconds: 10),
            pattern: .stigmergy(StigmergySpec(evaporation: evaporation)), jobs: 1)
        let (s, marks) = Self.traced(scenario)
        #expect(s.jobsCompleted == 1)
        #expect(marks.pickTrace!.map { steps[Int($0.step)].name } == order)
    }

    /// Jobs arrive at 1, 2, 3 and 4 s for one agent busy 10 s each. Equal deposits: without
    /// evaporation, first come first served; with any evaporation, the freshest mark wins, so the
    /// agent serves the newest waiting job first.
    @Test(
        arguments: [(0.0, [0, 1, 2, 3]), (0.01, [0, 3, 2, 1]), (5.0, [0, 3, 2, 1])] as [(Double, [UInt64])])
    func evaporationServesTheNewestFirst(evaporation: Double, serials: [UInt64]) {
        let steps = [StepSpec(name: "a", skill: "s")]
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: 1, latencySeconds: 10),
            pattern: .stigmergy(StigmergySpec(evaporation: evaporation)), jobs: 4)
        let (s, marks) = Self.traced(scenario)
        #expect(marks.pickTrace!.map(\.serial) == serials)
        // Served back to back from 1 s: completions at 11, 21, 31, 41 s; the last job served waited
        // 37 s (FIFO: the one that arrived at 4 s) or 39 s (newest first: the one that arrived at 2 s).
        #expect(s.latencyMaxSeconds == (evaporation == 0 ? 37 : 39))
    }

    /// When a task enters, the free agent idle longest takes it.
    @Test func theAgentIdleLongestLooksFirst() {
        let steps = [StepSpec(name: "a", skill: "s")]
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: 2, latencySeconds: 10),
            pattern: .stigmergy(), jobs: 3, ratePerSecond: 0.05)
        let (_, marks) = Self.traced(scenario)
        // Jobs at 20, 40 and 60 s, 10 s each. 20 s: both idle since the start, agent 0 (lower
        // index); 40 s: agent 1 (never worked); 60 s: agent 0 (idle since 30 s) before agent 1
        // (since 50 s).
        #expect(marks.pickTrace!.map(\.agent.index) == [0, 1, 0])
    }

    /// With no evaporation and equal marks, picking is first come, first served: an M/M/1 run gives
    /// exactly the pipeline's latencies (the same service draws in the same order).
    @Test func withoutEvaporationItIsFirstComeFirstServed() {
        let steps = [StepSpec(name: "a", skill: "s")]
        var scenario = SwarmBench.scenario(
            steps: steps, agents: [AgentRoleSpec(name: "w", skills: ["s"], latency: .exponential(mean: 1))],
            pattern: .stigmergy(StigmergySpec(evaporation: 0)), jobs: 2000, network: .constant(0))
        scenario.workload.arrivals = .poisson(ratePerSecond: 0.9)
        let marks = SwarmBench.run(scenario, StigmergyPattern.self).summary
        scenario.pattern = .pipeline()
        let fifo = ScenarioRunner.run(scenario, replication: 0)
        #expect(marks.latencyMeanSeconds == fifo.latencyMeanSeconds)
        #expect(marks.latencyP99Seconds == fifo.latencyP99Seconds)
        #expect(marks.latencyMaxSeconds == fifo.latencyMaxSeconds)
    }

    @Test func determinism() throws {
        let scenario = try SwarmBench.example(
            "stigmergy-swarm.json", ["workload.jobs=300", "workload.warmup=0s"])
        let first = SwarmBench.run(scenario, StigmergyPattern.self)
        let again = SwarmBench.run(scenario, StigmergyPattern.self)
        let other = SwarmBench.run(scenario, StigmergyPattern.self, seed: 99)
        #expect(first.summary == again.summary)
        #expect(first.coordinator.counters == again.coordinator.counters)
        #expect(first.summary.latencyMeanSeconds != other.summary.latencyMeanSeconds)
    }

    /// The known failure mode on the example (utilisation about 0.86): evaporation lets fresh trails
    /// win, so old jobs starve. The work and the throughput are the same, but the tail is far longer.
    @Test func evaporationStarvesOldJobs() throws {
        let fifo = ScenarioRunner.run(
            try SwarmBench.example("stigmergy-swarm.json", ["pattern.evaporation=0"]), replication: 0)
        let fading = ScenarioRunner.run(try SwarmBench.example("stigmergy-swarm.json"), replication: 0)
        #expect(fifo.jobsCompleted == fifo.jobsArrived && fading.jobsCompleted == fading.jobsArrived)
        #expect(fading.llmCalls == fifo.llmCalls)
        #expect(fading.messages == 0 && fading.coordinationCalls == 0)
        #expect(fading.latencyP99Seconds > 2 * fifo.latencyP99Seconds)
        #expect(fading.latencyMaxSeconds > 3 * fifo.latencyMaxSeconds)
    }

    @Test func asTheLastStageOfAHybrid() {
        let steps = EventDrivenTests.shapes[0]
        var scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps), pattern: .pipeline(), jobs: 30)
        scenario.pattern = .hybrid([
            StageAssignment(steps: ["a"], pattern: .pipeline()),
            StageAssignment(steps: ["*"], pattern: .stigmergy()),
        ])
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.jobsCompleted == 30)
        #expect(s.messages == 0)  // a is the pipeline's first step; the rest goes by marks
    }

    @Test func anAgentWhoseTaskFailedLooksForWorkAgain() throws {
        // One ant, 10 s a task; jobs at 5 s and 10 s. An error burst over [10 s, 20 s) fails job 0's
        // call when it ends at 15 s. The ant must then pick job 1 (waiting since 10 s): it runs
        // 15-25 s and completes. Before, nothing woke the ant and job 1 waited forever.
        var scenario = try ScenarioLoader.load(
            json: """
                {"name": "idle-after-failure", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": "12/min"}, "jobs": 2,
                   "job": {"steps": [{"name": "a", "skill": "s"}]}},
                 "agents": {"ant": {"skills": ["s"], "latency": "10s"}},
                 "pattern": {"type": "stigmergy"},
                 "faults": [{"at": "10s", "for": "10s", "role": "ant", "error_rate": 1}]}
                """, file: "idle.json", baseDirectory: "/tmp"
        ).scenario
        scenario.checkInvariants = true
        let r = ScenarioRunner.detailedRun(scenario, replication: 0)
        #expect(r.violations == [])
        #expect(r.summary.jobsFailed == 1 && r.summary.jobsCompleted == 1)
        #expect(r.summary.latencyMaxSeconds == 15)  // job 1: 10 s to 25 s
    }
}
