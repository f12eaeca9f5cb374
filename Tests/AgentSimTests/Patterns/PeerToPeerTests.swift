import Foundation
import Testing

@testable import AgentSim

/// Peer-to-peer: exact message and call counts against closed formulas, the quadratic growth of
/// state sync, determinism and conservation.
@Suite struct PeerToPeerTests {
    /// A chain of `steps` steps of skill `work`, each fanning out into `fanout` copies, served by `n`
    /// identical peers with a constant service time; jobs arrive one a second and the network takes
    /// a constant millisecond, so every count is exact.
    static func mesh(
        peers n: Int, steps: Int = 3, fanout: Int = 1, jobs: Int = 20, sync: StateSync = .everyStep,
        negotiate: CallSpec? = PeerToPeerSpec.defaultNegotiate
    ) -> Scenario {
        let chain = (0..<steps).map { i in
            StepSpec(
                name: "s\(i)", skill: "work", after: i == 0 ? [] : ["s\(i - 1)"],
                fanout: .constant(Double(fanout)))
        }
        return Scenario(
            name: "mesh",
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 1), jobs: jobs, job: JobTemplateSpec(steps: chain)),
            agents: [AgentRoleSpec(name: "peer", count: n, skills: ["work"], latency: .constant(0.1))],
            network: NetworkSpec(latency: .constant(0.001)),
            pattern: .peerToPeer(PeerToPeerSpec(sync: sync, negotiate: negotiate)))
    }

    /// Runs replication 0 and checks job conservation, which must hold on every run.
    static func run(_ scenario: Scenario, replication: Int = 0) -> RunSummary {
        let s = ScenarioRunner.run(scenario, replication: replication)
        #expect(s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight)
        return s
    }

    // MARK: - State sync

    /// One sync is n(n − 1) messages: the difference between syncing after every step copy and not
    /// syncing at all is jobs × copies per job × n(n − 1).
    @Test(arguments: [2, 3, 5, 8])
    func stateSyncIsAllToAll(n: Int) {
        let jobs = 20
        let steps = 3
        let fanout = 2
        let synced = Self.run(Self.mesh(peers: n, steps: steps, fanout: fanout, jobs: jobs, sync: .everyStep))
        let silent = Self.run(Self.mesh(peers: n, steps: steps, fanout: fanout, jobs: jobs, sync: .none))
        #expect(synced.jobsCompleted == jobs && silent.jobsCompleted == jobs)
        let syncs = jobs * steps * fanout
        #expect(synced.messages - silent.messages == syncs * n * (n - 1))
    }

    /// With `every_job`, one sync per job.
    @Test(arguments: [2, 3, 5, 8])
    func syncEveryJobIsOncePerJob(n: Int) {
        let jobs = 20
        let steps = 3
        let perJob = Self.run(Self.mesh(peers: n, steps: steps, jobs: jobs, sync: .everyJob))
        let silent = Self.run(Self.mesh(peers: n, steps: steps, jobs: jobs, sync: .none))
        #expect(perJob.jobsCompleted == jobs)
        #expect(perJob.messages - silent.messages == jobs * n * (n - 1))
    }

    // MARK: - Negotiation

    /// Without sync, each copy costs 2e + 1 messages, e = n − 1 (every peer has the skill, and the
    /// owner asks every other); each copy costs one `negotiate` call.
    @Test(arguments: [2, 3, 5, 8])
    func negotiationIsTwoPerEligiblePeerPlusOne(n: Int) {
        let jobs = 20
        let copies = 3 * 2  // steps × fanout
        let s = Self.run(Self.mesh(peers: n, steps: 3, fanout: 2, jobs: jobs, sync: .none))
        let e = n - 1
        #expect(s.messages == jobs * copies * (2 * e + 1))
        #expect(s.coordinationCalls == jobs * copies)
        #expect(s.llmCalls == jobs * copies * 2)  // work + negotiate
    }

    /// A lone peer places every step on itself: no message, no call.
    @Test func aLonePeerNeedsNoMessages() {
        let s = Self.run(Self.mesh(peers: 1, jobs: 10))
        #expect(s.jobsCompleted == 10)
        #expect(s.messages == 0)
        #expect(s.coordinationCalls == 0)
    }

    /// `negotiate: null`: the same messages, no coordination calls.
    @Test func negotiationWithoutACall() {
        let s = Self.run(Self.mesh(peers: 4, steps: 2, jobs: 10, sync: .none, negotiate: nil))
        #expect(s.messages == 10 * 2 * (2 * 3 + 1))
        #expect(s.coordinationCalls == 0)
    }

    /// Eligible peers are the peers with the step's skill other than the owner. Roles x (3 agents,
    /// skill x) and y (4 agents, skill y); job j's first step (skill x) is owned by peer j mod 7,
    /// an x agent when j mod 7 < 3 (then e = 2), else a y agent (e = 3); the second step (skill y)
    /// is owned by the x agent that did the first: e = 4. One sync of 7 peers is 7 × 6.
    @Test func eligiblePeersAreThoseWithTheSkill() {
        let jobs = 30
        let scenario = Scenario(
            name: "two-skills",
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 1), jobs: jobs,
                job: JobTemplateSpec(steps: [
                    StepSpec(name: "a", skill: "x"), StepSpec(name: "b", skill: "y", after: ["a"]),
                ])),
            agents: [
                AgentRoleSpec(name: "x", count: 3, skills: ["x"], latency: .constant(0.1)),
                AgentRoleSpec(name: "y", count: 4, skills: ["y"], latency: .constant(0.1)),
            ],
            network: NetworkSpec(latency: .constant(0.001)), pattern: .peerToPeer(PeerToPeerSpec()))
        let s = Self.run(scenario)
        var expected = 0
        for j in 0..<jobs {
            let eFirst = j % 7 < 3 ? 2 : 3
            expected += (2 * eFirst + 1) + (2 * 4 + 1) + 2 * 7 * 6
        }
        #expect(s.jobsCompleted == jobs)
        #expect(s.messages == expected)
    }

    /// `peers` limits who negotiates and syncs. Peers: role a (3 agents, skill x) only; role b
    /// (2 agents, skills x and y) is not a peer. Step x: e = 2 (the other a agents); step y: no
    /// peer has the skill, one handoff to the pool; two syncs of 3 peers.
    @Test func peersLimitTheMesh() {
        let jobs = 12
        let scenario = Scenario(
            name: "subset",
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 1), jobs: jobs,
                job: JobTemplateSpec(steps: [
                    StepSpec(name: "first", skill: "x"),
                    StepSpec(name: "second", skill: "y", after: ["first"]),
                ])),
            agents: [
                AgentRoleSpec(name: "a", count: 3, skills: ["x"], latency: .constant(0.1)),
                AgentRoleSpec(name: "b", count: 2, skills: ["x", "y"], latency: .constant(0.1)),
            ],
            network: NetworkSpec(latency: .constant(0.001)),
            pattern: .peerToPeer(PeerToPeerSpec(peers: ["a"])))
        let s = Self.run(scenario)
        #expect(s.jobsCompleted == jobs)
        #expect(s.messages == jobs * ((2 * 2 + 1) + 1 + 2 * 3 * 2))
        #expect(s.coordinationCalls == jobs)  // only step x is negotiated
    }

    // MARK: - The failure mode: quadratic growth

    /// Messages per job with sync after every step copy, c copies per job and n peers:
    /// c(2(n − 1) + 1) + c·n(n − 1) = c(n² + n − 1), exactly; its second difference in n is 2c,
    /// so every peer added costs more than the one before.
    @Test func messagesPerJobGrowQuadratically() {
        let steps = 3
        var perJob: [Double] = []
        for n in 2...8 {
            let s = Self.run(Self.mesh(peers: n, steps: steps, jobs: 20))
            #expect(s.messagesPerJob == Double(steps * (n * n + n - 1)), "n = \(n)")
            perJob.append(s.messagesPerJob)
        }
        for k in 2..<perJob.count {
            #expect(perJob[k] - 2 * perJob[k - 1] + perJob[k - 2] == Double(2 * steps))
        }
    }

    /// The example scenario reproduces the growth: messages per job at 2, 4 and 8 peers follow
    /// c(n² + n − 1) with c = 4 copies per job (plan, two gathers, write).
    @Test func exampleScenarioGrowsQuadratically() throws {
        for n in [2, 4, 8] {
            let (scenario, _) = try ScenarioLoader.load(
                path: Self.examplePath("peer-mesh.json"),
                overrides: ["agents.peer.count=\(n)", "workload.jobs=200"])
            let s = Self.run(scenario)
            #expect(s.messagesPerJob == Double(4 * (n * n + n - 1)), "n = \(n)")
        }
    }

    // MARK: - Herding

    /// Answers describe load at answer time, so negotiations that overlap choose the same peer: the
    /// k = 3 copies of a fan-out step, placed together while every peer is idle, all go to the
    /// lowest-index peer, which runs them one after another (capacity 1, 1 s each). Without a
    /// `negotiate` call, latency = 3 hops (ask, answer, handoff: 3 ms) + k × 1 s.
    @Test func overlappingNegotiationsHerdOntoOnePeer() {
        let k = 3
        var scenario = Self.mesh(peers: 5, steps: 1, fanout: k, jobs: 10, sync: .none, negotiate: nil)
        scenario.workload.arrivals = .constant(ratePerSecond: 1.0 / 60)
        scenario.agents[0].latency = .constant(1)
        let s = Self.run(scenario)
        #expect(abs(s.latencyMeanSeconds - (0.003 + Double(k))) < 1e-6)
    }

    // MARK: - Determinism

    /// Poisson arrivals, exponential service and a random network: the same seed gives the same
    /// summary; another seed gives other numbers.
    @Test func sameSeedSameSummary() {
        var scenario = Self.mesh(peers: 4, steps: 2, fanout: 2, jobs: 300)
        scenario.workload.arrivals = .poisson(ratePerSecond: 2)
        scenario.agents[0].latency = .exponential(mean: 0.5)
        scenario.agents[0].capacity = 2
        scenario.network = NetworkSpec(latency: .exponential(mean: 0.01))
        let a = Self.run(scenario)
        let b = Self.run(scenario)
        #expect(a == b)
        let c = Self.run(scenario, replication: 1)
        #expect(c.latencyMeanSeconds != a.latencyMeanSeconds)
        #expect(c.simTimeSeconds != a.simTimeSeconds)
        // Counts do not depend on timing: the same formula holds under every seed.
        #expect(a.messages == 300 * 4 * ((2 * 3 + 1) + 4 * 3))
        #expect(c.messages == a.messages)
    }

    // MARK: - Scenario files

    @Test func decodesWithDefaults() throws {
        let json = """
            {"name": "t", "workload": {"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10,
             "job": {"steps": [{"name": "a", "skill": "s"}]}},
             "agents": {"w": {"skills": ["s"], "latency": "1s", "count": 3}},
             "pattern": {"type": "peer_to_peer"}}
            """
        let scenario = try decodeScenario(json)
        #expect(scenario.pattern.peerToPeer == PeerToPeerSpec())
    }

    @Test func decodesEveryParameter() throws {
        let json = """
            {"name": "t", "workload": {"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10,
             "job": {"steps": [{"name": "a", "skill": "s"}]}},
             "agents": {"w": {"skills": ["s"], "latency": "1s", "count": 3}},
             "pattern": {"type": "peer_to_peer", "peers": ["w"], "sync": "every_job", "negotiate": null}}
            """
        let scenario = try decodeScenario(json)
        #expect(scenario.pattern.peerToPeer == PeerToPeerSpec(peers: ["w"], sync: .everyJob, negotiate: nil))
    }

    @Test func rejectsAnUnknownPeerRole() {
        let json = """
            {"name": "t", "workload": {"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10,
             "job": {"steps": [{"name": "a", "skill": "s"}]}},
             "agents": {"w": {"skills": ["s"], "latency": "1s"}},
             "pattern": {"type": "peer_to_peer", "peers": ["v"]}}
            """
        let error = decodingError(json)
        #expect(error?.path == "pattern.peers")
    }

    /// The path of an example scenario in the repository's `scenarios/` folder.
    static func examplePath(_ name: String, file: String = #filePath) -> String {
        URL(fileURLWithPath: file).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scenarios")
            .appendingPathComponent(name).path
    }
}
