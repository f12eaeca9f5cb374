import Foundation
import Testing

@testable import AgentSim

/// The hierarchical pattern: exact message and call counts per level and per escalation, the tree
/// it builds, latency per level, the executive as the bottleneck, determinism and conservation.
@Suite struct HierarchicalTests {
    /// Constant service times in seconds: executive, manager, worker; and the network's one way.
    static let executiveSeconds = 1.0
    static let managerSeconds = 0.5
    static let workerSeconds = 3.0
    static let networkSeconds = 0.01

    /// An org with an executive `ceo`, `managers` managers, and two specialised worker roles of
    /// two agents each: `alpha` (skill a) and `beta` (skill b). Jobs: step a (fan-out `fanoutA`),
    /// then step b (fan-out `fanoutB`), `jobs` of them, one every `gapSeconds`.
    static func org(
        levels: Int, span: Int, managers: Int, fanoutA: Int = 1, fanoutB: Int = 1, jobs: Int = 10,
        gapSeconds: Double = 100, executiveCapacity: Int = 100, onlyA: Bool = false
    ) -> Scenario {
        var steps = [StepSpec(name: "a", skill: "a", fanout: .constant(Double(fanoutA)))]
        if !onlyA {
            steps.append(StepSpec(name: "b", skill: "b", after: ["a"], fanout: .constant(Double(fanoutB))))
        }
        return Scenario(
            name: "org", seed: 3,
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 1 / gapSeconds), jobs: jobs,
                job: JobTemplateSpec(steps: steps)),
            agents: [
                AgentRoleSpec(
                    name: "ceo", skills: ["direct"], capacity: executiveCapacity,
                    latency: .constant(executiveSeconds)),
                AgentRoleSpec(
                    name: "mgr", count: managers, skills: ["manage"], capacity: 100,
                    latency: .constant(managerSeconds)),
                AgentRoleSpec(
                    name: "alpha", count: 2, skills: ["a"], capacity: 100, latency: .constant(workerSeconds)),
                AgentRoleSpec(
                    name: "beta", count: 2, skills: ["b"], capacity: 100, latency: .constant(workerSeconds)),
            ],
            network: NetworkSpec(latency: .constant(networkSeconds)),
            pattern: .hierarchical(
                HierarchicalSpec(executive: "ceo", manager: "mgr", span: span, levels: levels)))
    }

    static func conserved(_ s: RunSummary) -> Bool {
        s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight
    }

    /// Teams of span 2 split the workers into team 0 (the alphas) and team 1 (the betas); jobs
    /// alternate home teams, so even jobs escalate their b copies and odd jobs their a copies.
    /// Per step copy: 2(L+1) messages (L+1 down, L+1 up) and 2L manager calls; per escalated
    /// copy 4 more messages (up, decision, lateral there and back) and 3 more calls (escalate, the
    /// other team's delegate and aggregate); per job a plan and a synthesis.
    @Test(arguments: [1, 2, 3], [(1, 1), (2, 3), (4, 1)])
    func messagesAndCallsPerLevelAndEscalation(levels: Int, fanouts: (Int, Int)) throws {
        let (ka, kb) = fanouts
        let jobs = 9
        let managers = 2 + (levels - 1)  // 2 teams, then one manager per upper level
        let scenario = Self.org(
            levels: levels, span: 2, managers: managers, fanoutA: ka, fanoutB: kb, jobs: jobs)
        _ = try scenario.validate()
        let s = ScenarioRunner.run(scenario, replication: 0)

        let copies = jobs * (ka + kb)
        let escalated = (jobs + 1) / 2 * kb + jobs / 2 * ka
        #expect(s.jobsCompleted == jobs)
        #expect(s.messages == copies * 2 * (levels + 1) + 4 * escalated)
        #expect(s.coordinationCalls == jobs * 2 + copies * 2 * levels + 3 * escalated)
        #expect(s.llmCalls == s.coordinationCalls + copies)
        #expect(Self.conserved(s))
    }

    /// One team that has every skill (span 4): nothing escalates.
    @Test(arguments: [1, 2, 4])
    func aCrossFunctionalTeamNeverEscalates(levels: Int) throws {
        let jobs = 7
        let scenario = Self.org(levels: levels, span: 4, managers: levels, fanoutA: 2, fanoutB: 3, jobs: jobs)
        let s = ScenarioRunner.run(scenario, replication: 0)
        let copies = jobs * 5
        #expect(s.messages == copies * 2 * (levels + 1))
        #expect(s.coordinationCalls == jobs * 2 + copies * 2 * levels)
    }

    /// Without coordination calls the messages are unchanged and no call is made.
    @Test func callsCanBeTurnedOff() {
        var scenario = Self.org(levels: 2, span: 2, managers: 3, jobs: 6)
        scenario.pattern = .hierarchical(
            HierarchicalSpec(
                executive: "ceo", manager: "mgr", span: 2, levels: 2, plan: nil, delegate: nil,
                aggregate: nil,
                escalate: nil, synthesize: nil))
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.coordinationCalls == 0)
        #expect(s.messages == 6 * 2 * 2 * 3 + 4 * 6)  // every job escalates one of its two copies
    }

    /// Positions per level are ⌈positions below ÷ span⌉; the default span is the smallest whose
    /// tree the managers can staff, and with fewer managers than levels one position per level.
    @Test func treeShape() {
        let cases: [(workers: Int, managers: Int, span: Int, levels: Int, shape: [Int], chosen: Int)] = [
            (8, 7, 0, 3, [4, 2, 1], 2),
            (12, 3, 0, 1, [3], 4),
            (12, 3, 0, 2, [2, 1], 6),
            (5, 1, 0, 3, [1, 1, 1], 5),
            (10, 2, 3, 2, [4, 2], 3),  // an explicit span may need more positions than managers
            (6, 6, 1, 2, [6, 6], 1),
        ]
        for c in cases {
            let shape = HierarchyShape(
                workers: c.workers, managers: c.managers, span: c.span, levels: c.levels)
            #expect(shape.positionsPerLevel == c.shape, "\(c)")
            #expect(shape.span == c.chosen, "\(c)")
            #expect(shape.teams == (c.workers + shape.span - 1) / shape.span)
            #expect(
                HierarchyShape.positions(workers: c.workers, span: shape.span, levels: c.levels)
                    == c.shape.reduce(0, +))
        }
    }

    /// Every position has its own manager when the role has enough; each team's chain climbs by
    /// ⌊index ÷ span⌋; the top positions report to the executive.
    @Test func positionsAndChains() {
        let scenario = Self.org(levels: 2, span: 1, managers: 6, jobs: 1)
        let fleet = Fleet(scenario: scenario, excludedRoles: ["ceo", "mgr"])
        let engine = Engine(scenario: scenario, seed: 1, fleet: fleet) {
            HierarchicalPattern.makeCoordinator(scenario.pattern.parameters, &$0)
        }
        let h = engine.coordinator
        #expect(h.shape.positionsPerLevel == [4, 4])
        // 1 + 6 managers for 8 positions: positions 6 and 7 are staffed again by managers 0 and 1.
        #expect(h.positionManager.map(\.index) == [1, 2, 3, 4, 5, 6, 1, 2])
        #expect(h.positionParent == [-1, -1, -1, -1, 0, 1, 2, 3])
        #expect(h.teamChain == [4, 0, 5, 1, 6, 2, 7, 3])
    }

    /// With no queueing (jobs far apart) a one-step job takes exactly plan + down + work + up +
    /// synthesis: 2e + w + 2(L+1)d + 2Lm. Latency grows by 2(m + d) per level.
    @Test func latencyGrowsByTwoCallsAndTwoHopsPerLevel() {
        var previous = 0.0
        for levels in 1...4 {
            let scenario = Self.org(levels: levels, span: 4, managers: levels, jobs: 5, onlyA: true)
            let s = ScenarioRunner.run(scenario, replication: 0)
            let expected =
                2 * Self.executiveSeconds + Self.workerSeconds + Double(2 * (levels + 1))
                * Self.networkSeconds
                + Double(2 * levels) * Self.managerSeconds
            #expect(abs(s.latencyMeanSeconds - expected) < 1e-9, "levels \(levels)")
            #expect(s.latencyMeanSeconds > previous)
            previous = s.latencyMeanSeconds
        }
    }

    /// The failure mode at high load: one executive with one slot spends 2 s (plan + synthesis)
    /// per job, so it saturates at 0.5 jobs/s while managers and workers stay far from busy.
    /// Utilisation law, exact here (constant service, every job ends, no warm-up): the
    /// executive's utilisation is 2 s × the arrival rate measured over the run.
    @Test func theExecutiveIsTheBottleneckAtHighLoad() throws {
        var lastUtilization = 0.0
        for gap in [10.0, 5.0, 2.5, 1.25] {  // 0.1 ... 0.8 jobs/s offered
            let scenario = Self.org(
                levels: 1, span: 4, managers: 1, jobs: 400, gapSeconds: gap, executiveCapacity: 1, onlyA: true
            )
            let s = ScenarioRunner.run(scenario, replication: 0)
            let utilization = try #require(s.coordinatorUtilization)
            #expect(abs(utilization - 2 * Self.executiveSeconds * s.arrivalRatePerSecond) < 1e-9)
            #expect(utilization == s.maxRoleUtilization, "the executive is the busiest role")
            #expect(utilization > lastUtilization)
            lastUtilization = utilization
            #expect(s.throughputPerSecond <= 0.5 + 1e-12)
            #expect(Self.conserved(s))
        }
        // Offered 0.8 jobs/s, served at most 0.5: the executive is busy nearly all the time.
        #expect(lastUtilization > 0.99)
    }

    /// Full queues reject work (a worker role) or manager calls under overload; a job that fails
    /// while its other copies are still queued waits for them (``JobDrain``), so every job still
    /// ends, and the managers' count of copies in each worker's hands goes back to zero.
    @Test(arguments: [
        ("mgr", 2, "rejected: manager queue full"), ("alpha", 1, "rejected: queue full (skill:a)"),
    ])
    func rejectedJobsAllEnd(bounded: String, queue: Int, reason: String) {
        var scenario = Self.org(
            levels: 2, span: 2, managers: 3, fanoutA: 3, fanoutB: 2, jobs: 300, gapSeconds: 4)
        let r = scenario.agents.firstIndex { $0.name == bounded }!
        scenario.agents[r].capacity = 1
        scenario.agents[r].queueCapacity = queue
        let fleet = Fleet(scenario: scenario, excludedRoles: ["ceo", "mgr"])
        var engine = Engine(scenario: scenario, seed: scenario.seed, fleet: fleet) {
            HierarchicalPattern.makeCoordinator(scenario.pattern.parameters, &$0)
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let s = engine.summary(scenario: "org", replication: 0, seed: scenario.seed, coordinatorRole: "ceo")
        #expect(s.jobsFailed > 0)
        #expect(s.jobsCompleted > 0)
        #expect(s.jobsInFlight == 0)
        #expect(Self.conserved(s))
        #expect(Array(engine.ctx.stats.failureReasons.keys) == [reason])
        #expect(engine.coordinator.load.outstanding.allSatisfy { $0 == 0 })
        #expect(engine.coordinator.teamOutstanding.allSatisfy { $0 == 0 })
    }

    static let exampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/hierarchy-org.json")

    @Test func determinismAndConservationOnTheExample() throws {
        let (scenario, _) = try ScenarioLoader.load(path: Self.exampleURL.path)
        let a = ScenarioRunner.run(scenario, replication: 0)
        let b = ScenarioRunner.run(scenario, replication: 0)
        let c = ScenarioRunner.run(scenario, replication: 1)
        #expect(a == b)
        #expect(a.latencyMeanSeconds != c.latencyMeanSeconds)
        #expect(a.messages != c.messages)  // fan-outs differ, so copies and messages differ
        for s in [a, c] {
            #expect(Self.conserved(s))
            #expect(s.jobsInFlight == 0)
        }
    }

    /// More levels on the example, with one team of all twelve workers (no escalations): more
    /// messages and calls per job and a longer latency.
    @Test func theExampleShowsTheCostOfLevels() throws {
        var previous: RunSummary?
        for levels in 1...3 {
            let (scenario, _) = try ScenarioLoader.load(
                path: Self.exampleURL.path, overrides: ["pattern.levels=\(levels)", "pattern.span=12"])
            let s = ScenarioRunner.run(scenario, replication: 0)
            if let p = previous {
                #expect(s.messagesPerJob > p.messagesPerJob)
                #expect(s.coordinationCalls > p.coordinationCalls)
                #expect(s.latencyP50Seconds > p.latencyP50Seconds)
            }
            previous = s
        }
    }

    @Test func adaptation() throws {
        let withTwoIdleRoles = Self.org(levels: 1, span: 2, managers: 2)
        var foreign = withTwoIdleRoles
        foreign.pattern = .pipeline()
        guard case .parameters(let p) = HierarchicalPattern.adapt(to: foreign) else {
            Issue.record("expected parameters")
            return
        }
        #expect(HierarchicalSpec(parameters: p) == HierarchicalSpec(executive: "ceo", manager: "mgr"))
        foreign.agents.remove(at: 1)
        #expect(
            HierarchicalPattern.adapt(to: foreign)
                == .inapplicable(
                    "needs two roles that serve no step: an executive and managers"))
    }

    /// Parameters that cannot run fail every job with the reason (there is no load-time hook).
    @Test func badParametersFailEveryJobWithTheReason() {
        var scenario = Self.org(levels: 1, span: 2, managers: 2, jobs: 4)
        scenario.pattern = .hierarchical(
            HierarchicalSpec(executive: "ceo", manager: "mgr", levels: HierarchicalSpec.maxLevels + 1))
        #expect(
            HierarchicalPattern.adapt(to: scenario)
                == .inapplicable(
                    "hierarchical: levels must be from 1 to 64, found 65"))
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.jobsFailed == 4)
        #expect(s.messages == 0)
    }

    @Test func decodesFromJSON() throws {
        let json = ScenarioFixtures.scenario(
            agents:
                #"{"boss": {"skills": ["direct"], "latency": 1}, "lead": {"count": 2, "skills": ["manage"], "latency": 1}, "w": {"skills": ["s"], "latency": "1s"}}"#,
            rest:
                #", "pattern": {"type": "hierarchical", "executive": "boss", "manager": "lead", "levels": 2, "delegate": null}"#
        )
        let s = try decodeScenario(json)
        #expect(
            s.pattern
                == .hierarchical(
                    HierarchicalSpec(executive: "boss", manager: "lead", span: 0, levels: 2, delegate: nil)))
        let bad = ScenarioFixtures.scenario(
            agents:
                #"{"boss": {"skills": ["direct"], "latency": 1}, "w": {"skills": ["s"], "latency": "1s"}}"#,
            rest: #", "pattern": {"type": "hierarchical", "executive": "boss", "manager": "leads"}"#)
        #expect(decodingError(bad)?.path == "pattern.manager")
    }
}
