import Testing

@testable import AgentSim

/// Wraps a coordinator and records when each job arrived; forwards everything else unchanged.
private struct RecordingArrivals<Inner: Coordinator>: Coordinator {
    var inner: Inner
    var arrivals: [Int64] = []

    var name: String { inner.name }
    mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        arrivals.append(ctx.now.nanos)
        inner.jobArrived(job, &ctx)
    }
    mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        inner.taskReady(task, from: agent, &ctx)
    }
    mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        inner.taskFinished(result, &ctx)
    }
    mutating func coordinationFinished(_ call: CoordinationCall, _ ctx: inout CoordinationContext) {
        inner.coordinationFinished(call, &ctx)
    }
    mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        inner.messageDelivered(message, &ctx)
    }
    mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        inner.allStepsDone(job, by: agent, &ctx)
    }
    mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        inner.taskRejected(task, &ctx)
    }
    mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        inner.timerFired(tag: tag, task: task, &ctx)
    }
    mutating func discarded(_ event: DiscardedEvent, _ ctx: inout CoordinationContext) {
        inner.discarded(event, &ctx)
    }
}

@Suite struct PatternComparisonTests {
    /// A desk with a lead that serves no step (so hub-and-spoke applies) and two worker roles.
    static let desk = """
        {"name": "desk", "seed": 5,
         "workload": {"arrivals": {"process": "poisson", "rate": "20/min"}, "jobs": 300,
           "job": {"steps": [{"name": "triage", "skill": "triage", "tokens_out": {"dist": "uniform_int", "min": 10, "max": 90}},
                             {"name": "answer", "skill": "answer", "after": ["triage"], "fanout": {"dist": "uniform_int", "min": 1, "max": 3}}]}},
         "models": {"m": {"input_per_mtok": 3, "output_per_mtok": 15, "ttft": {"dist": "exponential", "mean": "0.5s"}, "tokens_per_s": 80}},
         "agents": {"lead": {"skills": ["plan"], "model": "m", "capacity": 4},
                    "triager": {"count": 2, "skills": ["triage"], "model": "m", "tokens_in": 500},
                    "answerer": {"count": 4, "skills": ["answer"], "model": "m", "tokens_in": 900, "tokens_out": 300}},
         "network": {"latency": "2ms"}}
        """

    static func scenario() throws -> Scenario {
        try ScenarioLoader.load(json: desk, file: "desk.json", baseDirectory: "/tmp").scenario
    }

    /// The arrival times one run of `scenario` sees, through the real engine and pattern.
    static func arrivals<P: PatternDefinition>(_ scenario: Scenario, _ pattern: P.Type) -> [Int64] {
        let parameters = scenario.pattern.parameters
        let fleet = Fleet(scenario: scenario, excludedRoles: Set(P.coordinatingRoles(parameters)))
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: fleet) {
            RecordingArrivals(inner: P.makeCoordinator(parameters, &$0))
        }
        engine.run(until: .never, maxEvents: 10_000_000)
        return engine.coordinator.arrivals
    }

    @Test func everyApplicablePatternSeesTheIdenticalArrivals() throws {
        let plan = PatternComparison(scenario: try Self.scenario(), patterns: PatternRegistry.names)
        #expect(plan.entries.count >= 2, "at least pipeline and hub-and-spoke apply to the desk")
        let reference = Self.arrivals(plan.entries[0].scenario, plan.entries[0].scenario.pattern.definition)
        #expect(reference.count == 300)
        for entry in plan.entries.dropFirst() {
            let seen = Self.arrivals(entry.scenario, entry.scenario.pattern.definition)
            #expect(seen == reference, "\(entry.pattern) saw different arrivals")
        }
    }

    @Test func hubAndSpokeIsAdaptedWithTheRoleThatServesNoStep() throws {
        let plan = PatternComparison(scenario: try Self.scenario(), patterns: ["hub_and_spoke"])
        #expect(plan.skipped.isEmpty)
        #expect(plan.entries.first?.scenario.pattern.hubAndSpoke?.coordinator == "lead")
    }

    @Test func aPatternThatCannotApplyIsSkippedWithAReason() throws {
        // A one-step job has no stages for a hybrid to compose.
        var scenario = try Self.scenario()
        scenario.workload.job.steps.removeLast()
        let plan = PatternComparison(scenario: scenario, patterns: ["pipeline", "hybrid"])
        #expect(plan.entries.map(\.pattern) == ["pipeline"])
        #expect(
            plan.skipped == [
                .init(
                    pattern: "hybrid",
                    reason:
                        "a one-step job has no stages to compose: pipeline and hub_and_spoke each cover it whole"
                )
            ])
    }

    @Test func derivedRolesLeaveEveryPatternOnTheIdenticalArrivals() throws {
        // Without the lead, four patterns run on derived roles, appended after the scenario's own:
        // the arrivals (common random numbers) must not move.
        var scenario = try Self.scenario()
        scenario.agents.removeAll { $0.name == "lead" }
        let plan = PatternComparison(scenario: scenario, patterns: PatternRegistry.all.map { $0.name })
        #expect(plan.skipped.isEmpty, "\(plan.skipped)")
        #expect(plan.entries.count == 12)
        let reference = Self.arrivals(plan.entries[0].scenario, plan.entries[0].scenario.pattern.definition)
        #expect(reference.count == 300)
        for entry in plan.entries.dropFirst() {
            #expect(Array(entry.scenario.agents.prefix(scenario.agents.count)) == scenario.agents)
            let seen = Self.arrivals(entry.scenario, entry.scenario.pattern.definition)
            #expect(seen == reference, "\(entry.pattern) saw different arrivals")
        }
    }

    @Test func theComparedWorkIsTheSameUnderEveryPattern() throws {
        // Same jobs and the same step sizes: the work calls' tokens are identical across patterns
        // once coordination calls are taken out (each pattern may add its own coordination).
        let plan = PatternComparison(scenario: try Self.scenario(), patterns: ["pipeline", "hub_and_spoke"])
        let runs = plan.entries.map { ScenarioRunner.run($0.scenario, replication: 0) }
        #expect(runs.allSatisfy { $0.jobsArrived == 300 && $0.jobsCompleted == 300 })
        let workCalls = runs.map { $0.llmCalls - $0.coordinationCalls }
        #expect(Set(workCalls).count == 1, "work calls differ: \(workCalls)")
    }
}
