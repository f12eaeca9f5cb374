import Foundation
import Testing

@testable import AgentSim

/// The handoff pattern: exact handoff counts and depths on deterministic tables, the depth limit
/// on ping-pong, cost per job against depth, misroute statistics, the routing table's errors,
/// determinism and conservation.
@Suite struct HandoffTests {
    /// Prices of the one model: USD per million input and output tokens.
    static let inputPerMTokUSD = 3.0
    static let outputPerMTokUSD = 15.0

    /// Roles `r0` ... `r(n-1)`, role k with skill `sk`, one agent each (constant 1 s), and a job of
    /// the given steps; `routes` from entry `r0`.
    static func desk(
        roles: Int, steps: [StepSpec], routes: String, maxDepth: Int = 10, jobs: Int = 10,
        handoff: CallSpec? = HandoffSpec.defaultHandoff,
        arrivals: ArrivalProcess = .constant(ratePerSecond: 0.01)
    ) -> Scenario {
        Scenario(
            name: "desk", seed: 9,
            workload: WorkloadSpec(arrivals: arrivals, jobs: jobs, job: JobTemplateSpec(steps: steps)),
            models: [
                ModelSpec(name: "m", inputPerMTokUSD: inputPerMTokUSD, outputPerMTokUSD: outputPerMTokUSD)
            ],
            agents: (0..<roles).map {
                AgentRoleSpec(
                    name: "r\($0)", skills: ["s\($0)"], model: "m", capacity: 4, latency: .constant(1),
                    tokensIn: .constant(500), tokensOut: .constant(100))
            },
            network: NetworkSpec(latency: .constant(0.005)),
            pattern: .handoff(HandoffSpec(entry: "r0", routes: routes, handoff: handoff, maxDepth: maxDepth)))
    }

    static func step(_ name: String, skill: String, after: [String] = [], fanout: Int = 1) -> StepSpec {
        StepSpec(name: name, skill: skill, after: after, fanout: .constant(Double(fanout)))
    }

    /// Runs one replication and returns its summary and its failure reasons.
    static func run(_ scenario: Scenario, seed: UInt64? = nil) -> (RunSummary, [String: Int]) {
        let fleet = Fleet(scenario: scenario)
        var engine = Engine(scenario: scenario, seed: seed ?? scenario.seed, fleet: fleet) {
            HandoffPattern.makeCoordinator(scenario.pattern.parameters, &$0)
        }
        engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        let summary = engine.summary(
            scenario: scenario.name, replication: 0, seed: seed ?? scenario.seed, coordinatorRole: nil)
        return (summary, engine.ctx.stats.failureReasons)
    }

    static func conserved(_ s: RunSummary) -> Bool {
        s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight
    }

    /// Steps a → b → c served by r0, r1, r2; entry r0. With the chain table r0 → r1 → r2, a copy
    /// of b takes 1 handoff and a copy of c takes 2 (r0 → r1 → r2): per job k_b + 2 k_c messages
    /// and as many handoff calls; the deepest delegation is 2. A row for step c alone
    /// (`r0/c>r2:1`), or no table at all (straight to the role with the skill), makes c take 1.
    @Test(arguments: [(1, 1), (2, 3), (3, 1)])
    func handoffsFollowADeterministicTable(fanouts: (Int, Int)) throws {
        let (kb, kc) = fanouts
        let jobs = 10
        let steps = [
            Self.step("a", skill: "s0"), Self.step("b", skill: "s1", after: ["a"], fanout: kb),
            Self.step("c", skill: "s2", after: ["b"], fanout: kc),
        ]
        let cases: [(routes: String, hopsC: Int)] = [
            ("r0>r1:1; r1>r2:1", 2), ("r0/c>r2:1; r0>r1:1", 1), ("", 1),
        ]
        for (routes, hopsC) in cases {
            let scenario = Self.desk(roles: 3, steps: steps, routes: routes, jobs: jobs)
            _ = try scenario.validate()
            let (s, _) = Self.run(scenario)
            let handoffs = jobs * (kb * 1 + kc * hopsC)
            #expect(s.jobsCompleted == jobs, "\(routes)")
            #expect(s.messages == handoffs, "\(routes)")
            #expect(s.coordinationCalls == handoffs, "\(routes)")
            #expect(s.llmCalls == handoffs + jobs * (1 + kb + kc), "\(routes)")
            #expect(s.delegationDepthMax == hopsC, "\(routes)")
        }
    }

    /// Ping-pong (r0 ⇄ r1) and a longer cycle (r0 → r1 → r3 → r0) for a step only r2 can do:
    /// every job is handed off exactly max_depth times, then fails for that reason.
    @Test(arguments: [1, 2, 5, 10])
    func cyclesFailAtExactlyMaxDepth(maxDepth: Int) {
        let jobs = 6
        for routes in ["r0>r1:1; r1>r0:1", "r0>r1:1; r1>r3:1; r3>r0:1"] {
            let scenario = Self.desk(
                roles: 4, steps: [Self.step("x", skill: "s2")], routes: routes, maxDepth: maxDepth, jobs: jobs
            )
            let (s, reasons) = Self.run(scenario)
            #expect(s.jobsFailed == jobs)
            #expect(s.jobsCompleted == 0)
            #expect(reasons == [Handoff.depthExceeded: jobs])
            #expect(s.messages == jobs * maxDepth)
            #expect(s.coordinationCalls == jobs * maxDepth)
            #expect(s.llmCalls == jobs * maxDepth, "no work is done")
            #expect(s.delegationDepthMax == maxDepth)
            #expect(Self.conserved(s))
        }
    }

    /// A job whose one step sits h handoffs down a chain r0 → r1 → ... → rh costs its work plus
    /// h handoff calls of 1,000 tokens in and 30 out; latency grows by h × (1 s + 5 ms).
    @Test func costPerJobGrowsWithDepth() {
        let call = (1000 * Self.inputPerMTokUSD + 30 * Self.outputPerMTokUSD) / 1e6
        let work = (500 * Self.inputPerMTokUSD + 100 * Self.outputPerMTokUSD) / 1e6
        let routes = "r0>r1:1; r1>r2:1; r2>r3:1; r3>r4:1"
        var previous = -1.0
        for depth in 0...4 {
            let scenario = Self.desk(
                roles: 5, steps: [Self.step("x", skill: "s\(depth)")], routes: routes, jobs: 5)
            let (s, _) = Self.run(scenario)
            #expect(s.delegationDepthMax == depth)
            #expect(abs(s.costPerCompletedJobUSD - (work + Double(depth) * call)) < 1e-12)
            #expect(abs(s.coordinationCostUSD - 5 * Double(depth) * call) < 1e-12)
            #expect(abs(s.latencyMeanSeconds - (1 + Double(depth) * 1.005)) < 1e-9)
            #expect(s.costPerCompletedJobUSD > previous)
            previous = s.costPerCompletedJobUSD
        }
    }

    /// Misroutes with probabilities: the mean number of handoffs per copy against its expectation.
    ///
    /// 1. r0 (no skill) sends to r1 (the skill) with p = 0.7, else to r2, which sends back to r0:
    ///    handoffs = 1 + 2F, F ~ Geometric (failures before a success of probability p), so the
    ///    mean is 1 + 2q/p and the variance 4q/p² (q = 1 − p).
    /// 2. r1 (the skill) keeps its step with stay = 0.75, else hands it to r2, which hands it back:
    ///    handoffs = 2F with success probability 0.75: mean 2q/p, variance 4q/p².
    ///
    /// With N copies the sample mean's standard deviation is σ/√N; the tolerance is 5σ/√N
    /// (a false failure about once in 1.7 million runs). max_depth 60 truncates F at ≥ 29, which
    /// has probability q^29 < 1e-15: negligible.
    @Test(arguments: [
        ("r0>r1:0.7,r2:0.3; r2>r0:1", "r0", 0.7, 1.0), ("r1>stay:0.75,r2:1; r2>r1:1", "r1", 0.75, 0.0),
    ])
    func misroutesMatchTheirGeometricExpectation(routes: String, entry: String, p: Double, base: Double) {
        let jobs = 4000
        var scenario = Self.desk(
            roles: 3, steps: [Self.step("x", skill: "s1")], routes: routes, maxDepth: 60, jobs: jobs,
            arrivals: .poisson(ratePerSecond: 0.5))
        scenario.pattern = .handoff(HandoffSpec(entry: entry, routes: routes, maxDepth: 60))
        let (s, _) = Self.run(scenario)
        let q = 1 - p
        let mean = base + 2 * q / p
        let sd = (4 * q / (p * p)).squareRoot()
        let tolerance = 5 * sd / Double(jobs).squareRoot()
        #expect(s.jobsCompleted == jobs)
        #expect(
            abs(s.messagesPerJob - mean) < tolerance,
            "mean \(s.messagesPerJob), expected \(mean) ± \(tolerance)")
        #expect(s.coordinationCalls == s.messages)
    }

    static let exampleURL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/handoff-desk.json")

    @Test func determinismAndConservationOnTheExample() throws {
        let (scenario, _) = try ScenarioLoader.load(path: Self.exampleURL.path)
        let a = ScenarioRunner.run(scenario, replication: 0)
        let b = ScenarioRunner.run(scenario, replication: 0)
        let c = ScenarioRunner.run(scenario, replication: 1)
        #expect(a == b)
        #expect(a.messages != c.messages)
        #expect(a.latencyMeanSeconds != c.latencyMeanSeconds)
        #expect(Self.conserved(a) && Self.conserved(c))
        #expect(a.delegationDepthMax == 6, "some tickets bounce until max_depth")
        #expect(a.jobsFailed > 0)
    }

    /// Tighter depth limits fail more tickets of the example; a looser one completes more but
    /// pays for deeper bounces.
    @Test func theExampleTradesFailuresForDepth() throws {
        var failed: [Int] = []
        for depth in [2, 4, 8] {
            let (scenario, _) = try ScenarioLoader.load(
                path: Self.exampleURL.path, overrides: ["pattern.max_depth=\(depth)"])
            failed.append(ScenarioRunner.run(scenario, replication: 0).jobsFailed)
        }
        #expect(failed[0] > failed[1] && failed[1] > failed[2])
    }

    /// A ticket that fails while another of its steps waits in a queue must not be lost: every
    /// run of the example ends with no job in flight, whatever the depth limit and seed. (The
    /// core frees the slot of a job that ended with a call still queued twice; ``JobDrain``
    /// waits for the job's calls before failing it.)
    @Test(arguments: [2, 4, 6, 8])
    func everyJobEndsWhenTheRunIsExhausted(maxDepth: Int) throws {
        let (scenario, _) = try ScenarioLoader.load(
            path: Self.exampleURL.path, overrides: ["pattern.max_depth=\(maxDepth)"])
        for replication in 0..<3 {
            let s = ScenarioRunner.run(scenario, replication: replication)
            #expect(s.jobsInFlight == 0)
            #expect(s.jobsCompleted + s.jobsFailed == s.jobsArrived)
        }
    }

    @Test func adaptation() throws {
        let steps = [Self.step("a", skill: "s1")]
        var foreign = Self.desk(roles: 2, steps: steps, routes: "")
        foreign.pattern = .pipeline()
        #expect(HandoffPattern.adapt(to: foreign) == .parameters(HandoffSpec(entry: "r0").parameters))
        // Adapted, the first role hands every copy straight to the role with the skill.
        foreign.pattern = .handoff(HandoffSpec(entry: "r0"))
        let (s, _) = Self.run(foreign)
        #expect(s.messages == 10 && s.coordinationCalls == 10 && s.delegationDepthMax == 1)

        let bad = Self.desk(roles: 2, steps: steps, routes: "r0>r7:1")
        guard case .inapplicable(let reason) = HandoffPattern.adapt(to: bad) else {
            Issue.record("a bad table should make the pattern inapplicable")
            return
        }
        #expect(reason.hasPrefix("routes: unknown role \"r7\""))
    }

    /// A table that cannot run fails every job with the parser's message (no load-time hook).
    @Test func aBadTableFailsEveryJobWithItsReason() {
        let scenario = Self.desk(roles: 2, steps: [Self.step("a", skill: "s1")], routes: "r0>r1:0.5", jobs: 3)
        let (s, reasons) = Self.run(scenario)
        #expect(s.jobsFailed == 3)
        #expect(reasons == ["handoff routes: the targets of \"r0>r1:0.5\" sum to 0.5, not 1": 3])
    }

    @Test func parsesATable() throws {
        let table = try HandoffRoutes(
            parsing: " triage/refund > billing:0.8, tech:0.2 ;tech>stay:0.95,triage:0.5,billing:0.5; ",
            roles: ["triage", "tech", "billing"], steps: ["classify", "refund"])
        #expect(table.rows.count == 2)
        #expect(table.row(role: "triage", step: "refund")?.targets.map(\.role) == ["billing", "tech"])
        #expect(table.row(role: "triage", step: "classify") == nil)
        #expect(table.row(role: "tech", step: "refund")?.stay == 0.95)
        #expect(try HandoffRoutes(parsing: "", roles: ["a"], steps: []).rows.isEmpty)
    }

    @Test(arguments: [
        ("a>bb:1", "routes: unknown role \"bb\" in \"a>bb:1\" (known: a, b); did you mean \"b\"?"),
        ("a/z>b:1", "routes: unknown step \"z\" in \"a/z>b:1\" (known: x)"),
        ("a>b", "routes: \"b\" in \"a>b\" is not TARGET:P with P a probability from 0 to 1"),
        ("a>b:1.5", "routes: \"b:1.5\" in \"a>b:1.5\" is not TARGET:P with P a probability from 0 to 1"),
        ("a b:1", "routes: \"a b:1\" is not HOLDER>TARGET:P,... (one \">\" per row)"),
        ("a>b:0.6,a:0.3", "routes: the targets of \"a>b:0.6,a:0.3\" sum to 0.8999999999999999, not 1"),
        ("a>b:1;a>a:1", "routes: two rows for \"a\""),
        ("a>b:0.5,b:0.5", "routes: \"b\" twice in \"a>b:0.5,b:0.5\""),
        ("a>stay:0.5,stay:0.5", "routes: \"stay\" twice in \"a>stay:0.5,stay:0.5\""),
        (
            "a>stay:0.9",
            "routes: \"a>stay:0.9\" lets a holder hand off (stay < 1) but names no role to hand off to"
        ),
    ])
    func rejectsABadTable(text: String, message: String) {
        #expect(throws: HandoffRoutes.Problem(message: message)) {
            try HandoffRoutes(parsing: text, roles: ["a", "b"], steps: ["x"])
        }
    }

    @Test func decodesFromJSON() throws {
        let json = ScenarioFixtures.scenario(
            rest:
                #", "pattern": {"type": "handoff", "entry": "w", "routes": "w>w:1", "max_depth": 3, "handoff": null}"#
        )
        let s = try decodeScenario(json)
        #expect(s.pattern == .handoff(HandoffSpec(entry: "w", routes: "w>w:1", handoff: nil, maxDepth: 3)))
        let zero = ScenarioFixtures.scenario(
            rest: #", "pattern": {"type": "handoff", "entry": "w", "max_depth": 0}"#)
        #expect(decodingError(zero)?.path == "pattern.max_depth")
    }
}
