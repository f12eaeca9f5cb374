import Testing

@testable import AgentSim

@Suite struct BlackboardTests {
    /// Steps a (fan-out 2, served by 3 "x" agents) → b (served by 2 "y" agents).
    static let steps = [
        StepSpec(name: "a", skill: "x", fanout: .constant(2)), StepSpec(name: "b", skill: "y", after: ["a"]),
    ]
    static let copies = [2, 1]
    static let team = [3, 2]

    static func agents(accuracy: Double = 1, latencySeconds: Double = 0.1) -> [AgentRoleSpec] {
        [
            AgentRoleSpec(
                name: "x", count: 3, skills: ["x"], latency: .constant(latencySeconds), accuracy: accuracy),
            AgentRoleSpec(
                name: "y", count: 2, skills: ["y"], latency: .constant(latencySeconds), accuracy: accuracy),
        ]
    }

    static func run(
        _ spec: BlackboardSpec, accuracy: Double = 1, jobs: Int = 10, ratePerSecond: Double = 0.2,
        network: Distribution = .constant(0.002)
    ) -> (summary: RunSummary, coordinator: Blackboard) {
        SwarmBench.run(
            SwarmBench.scenario(
                steps: steps, agents: agents(accuracy: accuracy), pattern: .blackboard(spec), jobs: jobs,
                ratePerSecond: ratePerSecond, network: network),
            BlackboardPattern.self)
    }

    /// Contributions per round: the whole team under parallel_merge, one otherwise.
    static func perRound(_ order: BoardOrder, team: Int) -> Int { order == .parallelMerge ? team : 1 }

    /// With every output right, `no_new_contributions` stops after round 2 (round 1 sets the answer,
    /// round 2 leaves it): per copy 2c contributions, 2c reads, 2c writes, no messages.
    @Test(arguments: BoardOrder.allCases)
    func readsAndWritesPerStepFollowTheFormula(order: BoardOrder) {
        let jobs = 10
        let (s, board) = Self.run(BlackboardSpec(order: order), jobs: jobs)
        let rounds = 2
        var contributions = 0
        for step in 0..<2 {
            contributions += Self.copies[step] * rounds * Self.perRound(order, team: Self.team[step])
        }
        #expect(s.jobsCompleted == jobs)
        #expect(board.counters.reads == jobs * contributions)
        #expect(board.counters.writes == jobs * contributions)
        #expect(board.counters.readCalls == jobs * contributions)
        #expect(board.counters.writeCalls == jobs * contributions)
        #expect(s.coordinationCalls == 2 * jobs * contributions)
        #expect(s.llmCalls == 3 * jobs * contributions)
        #expect(s.messages == 0)
        #expect(board.counters.rounds == jobs * rounds * 3)
        #expect(board.counters.tasks == jobs * 3)
        #expect(s.accuracy == 1)
    }

    /// Without read and write calls a contribution is its work call and its two board accesses.
    @Test func withoutReadAndWriteCallsAContributionIsOneWorkCall() {
        let (s, board) = Self.run(BlackboardSpec(read: nil, write: nil), jobs: 5)
        let contributions = 5 * 2 * (2 * 3 + 1 * 2)
        #expect(s.coordinationCalls == 0)
        #expect(s.llmCalls == contributions)
        #expect(board.counters.reads == contributions && board.counters.writes == contributions)
    }

    /// Deterministic termination: rounds per task for each rule, with outputs always right (p = 1)
    /// or always wrong (p = 0).
    @Test(arguments: [
        (BoardTermination.noNewContributions, 1.0, 2), (.noNewContributions, 0.0, 2),
        (.qualityThreshold, 1.0, 1), (.qualityThreshold, 0.0, 5),
        // Voters judge with their own accuracy: always-wrong voters call a wrong board right.
        (.vote, 1.0, 1), (.vote, 0.0, 1),
    ])
    func terminationRules(rule: BoardTermination, accuracy: Double, rounds: Int) {
        let jobs = 10
        let (s, board) = Self.run(
            BlackboardSpec(termination: rule, maxRounds: 5), accuracy: accuracy, jobs: jobs)
        #expect(s.jobsCompleted == jobs)
        #expect(board.counters.rounds == jobs * rounds * 3)
        #expect(board.counters.maxRounds == rounds)
        #expect(s.accuracy == accuracy)
        // Votes: one message per contributor of the step per round.
        let votes = rule == .vote ? rounds * (2 * 3 + 1 * 2) : 0
        #expect(s.messages == jobs * votes)
    }

    /// Under round_robin, with instant board accesses, every round is one read call, one work call
    /// and one write call of L each: 3L. A time box
    /// of T lets rounds start until T has passed, so a task takes ceil(T / 3L) rounds (at most
    /// max_rounds).
    @Test(arguments: [(0.5, 1), (3.0, 1), (3.5, 2), (7.0, 3), (100.0, 4)])
    func aTimeBoxStopsTheRounds(seconds: Double, rounds: Int) {
        let steps = [StepSpec(name: "a", skill: "x")]
        let spec = BlackboardSpec(
            order: .roundRobin, termination: .timeBox, maxRounds: 4, timeBox: SimDuration(seconds: seconds),
            accessTime: .constant(0))
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: 2, latencySeconds: 1),
            pattern: .blackboard(spec), jobs: 1, network: .constant(0))
        let (s, board) = SwarmBench.run(scenario, BlackboardPattern.self)
        #expect(board.counters.rounds == rounds)
        #expect(s.latencyMaxSeconds == Double(3 * rounds))
    }

    /// With random outputs the rounds never pass max_rounds, whatever the rule.
    @Test(arguments: BoardTermination.allCases)
    func maxRoundsIsAHardBound(rule: BoardTermination) {
        let jobs = 200
        let limit = 3
        let (s, board) = Self.run(
            BlackboardSpec(termination: rule, maxRounds: limit, timeBox: .seconds(1000), qualityThreshold: 1),
            accuracy: 0.5, jobs: jobs, ratePerSecond: 0.5, network: .exponential(mean: 0.002))
        #expect(s.jobsCompleted == jobs)
        #expect(board.counters.maxRounds <= limit)
        #expect(board.counters.rounds <= limit * jobs * 3)
        #expect(board.counters.tasks == jobs * 3)
    }

    /// Contention. One job, one step, n contributors in parallel; every board access takes a = 1 s,
    /// every call L = 0.1 s. With a board of capacity ≥ n a round is a read access, three calls and
    /// a write access: 2a + 3L. With capacity 1 and n ≥ 2 the board is never idle in a round (3L <
    /// a): n reads, then n writes, 2na. Two rounds (no_new_contributions).
    @Test(arguments: [1, 2, 4, 8])
    func latencyGrowsWithContributorsAtCapacityOne(contributors n: Int) {
        let steps = [StepSpec(name: "a", skill: "x")]
        let (a, l) = (1.0, 0.1)
        func latency(capacity: Int) -> Double {
            let spec = BlackboardSpec(boardCapacity: capacity, accessTime: .constant(a))
            let scenario = SwarmBench.scenario(
                steps: steps, agents: SwarmBench.workers(for: steps, count: n, latencySeconds: l),
                pattern: .blackboard(spec), jobs: 1, network: .constant(0))
            return SwarmBench.run(scenario, BlackboardPattern.self).summary.latencyMaxSeconds
        }
        let round = n == 1 ? 2 * a + 3 * l : 2 * Double(n) * a
        #expect(abs(latency(capacity: 1) - 2 * round) < 1e-9)
        #expect(abs(latency(capacity: n) - 2 * (2 * a + 3 * l)) < 1e-9)
    }

    /// Offered more accesses than one slot serves, the board is busy nearly all the time.
    @Test func aContendedBoardIsBusyNearlyAllTheTime() {
        // Per job: 2 rounds × (2 copies × 3 + 1 × 2) contributions × 2 accesses × 0.1 s = 3.2 s of
        // board time, offered every 2 s.
        let (s, board) = Self.run(BlackboardSpec(accessTime: .constant(0.1)), jobs: 100, ratePerSecond: 0.5)
        #expect(s.jobsCompleted == 100)
        let utilisation = board.counters.boardBusySeconds / s.simTimeSeconds
        #expect(utilisation > 0.95 && utilisation <= 1 + 1e-9)
        #expect(board.counters.boardWaitSeconds > 0)
    }

    /// Context grows with the board: a read's input is its own plus every token written on the job's
    /// board so far. One job, one step, n contributors, capacity 1 (each round's read accesses come
    /// before its write accesses), R = 2 rounds, constant sizes: reads take R·n·r_in + n²·w_out·R(R − 1)/2 tokens
    /// in, writes R·n·w_in; work calls here take none.
    @Test(arguments: [1, 3, 6])
    func readsPayForEverythingOnTheBoard(contributors n: Int) {
        let steps = [StepSpec(name: "a", skill: "x", tokensIn: .constant(0), tokensOut: .constant(0))]
        let (rIn, rOut, wIn, wOut) = (400, 50, 300, 150)
        let spec = BlackboardSpec(
            read: CallSpec(tokensIn: .constant(Double(rIn)), tokensOut: .constant(Double(rOut))),
            write: CallSpec(tokensIn: .constant(Double(wIn)), tokensOut: .constant(Double(wOut))))
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: n), pattern: .blackboard(spec),
            jobs: 1)
        let (s, _) = SwarmBench.run(scenario, BlackboardPattern.self)
        let r = 2
        #expect(s.tokensIn == r * n * rIn + n * n * wOut * r * (r - 1) / 2 + r * n * wIn)
        #expect(s.tokensOut == r * n * (rOut + wOut))
    }

    /// One round of n independent contributors of accuracy p: the board is right when a strict
    /// majority is, so the job's accuracy is P(Binomial(n, p) > n/2) (Condorcet). Its estimate over
    /// N jobs has standard deviation sqrt(q(1 − q)/N); five of them make a false failure about 1 in
    /// 1.7 million.
    @Test(arguments: [(1, 0.7), (3, 0.7), (5, 0.6)])
    func oneRoundIsAMajorityVote(contributors n: Int, accuracy p: Double) {
        let steps = [StepSpec(name: "a", skill: "x")]
        let jobs = 3000
        let scenario = SwarmBench.scenario(
            steps: steps, agents: SwarmBench.workers(for: steps, count: n, accuracy: p),
            pattern: .blackboard(BlackboardSpec(maxRounds: 1, read: nil, write: nil)), jobs: jobs,
            ratePerSecond: 2)
        let (s, _) = SwarmBench.run(scenario, BlackboardPattern.self)
        var q = 0.0
        for k in (n / 2 + 1)...n {
            q += Double(binomial(n, k)) * pow(p, k) * pow(1 - p, n - k)
        }
        let accuracy = try! #require(s.accuracy)
        #expect(abs(accuracy - q) <= 5 * (q * (1 - q) / Double(jobs)).squareRoot())
    }

    @Test func determinism() {
        let spec = BlackboardSpec(termination: .vote)
        let first = Self.run(spec, accuracy: 0.7, jobs: 100, network: .exponential(mean: 0.01))
        let again = Self.run(spec, accuracy: 0.7, jobs: 100, network: .exponential(mean: 0.01))
        #expect(first.summary == again.summary)
        #expect(first.coordinator.counters == again.coordinator.counters)
        let scenario = SwarmBench.scenario(
            steps: Self.steps, agents: Self.agents(accuracy: 0.7), pattern: .blackboard(spec), jobs: 100,
            ratePerSecond: 0.2, network: .exponential(mean: 0.01))
        let other = SwarmBench.run(scenario, BlackboardPattern.self, seed: 9)
        #expect(other.summary.latencyMeanSeconds != first.summary.latencyMeanSeconds)
    }

    /// The known failure mode on the example: at board capacity 1, more analysts make every
    /// question slower (they queue for the board) and dearer (each read carries the whole board).
    @Test func moreContributorsOnOneBoardAreSlowerAndDearer() throws {
        var previous: RunSummary?
        for count in [2, 4, 8] {
            let scenario = try SwarmBench.example(
                "blackboard-swarm.json",
                ["workload.jobs=200", "workload.warmup=0s", "agents.analyst.count=\(count)"])
            let s = ScenarioRunner.run(scenario, replication: 0)
            #expect(s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight)
            if let p = previous {
                #expect(s.latencyMeanSeconds > p.latencyMeanSeconds)
                #expect(s.coordinationCostUSD > p.coordinationCostUSD)
            }
            previous = s
        }
    }

    @Test func asTheMiddleStageOfAHybrid() {
        let steps = [
            StepSpec(name: "in", skill: "x"), StepSpec(name: "solve", skill: "x", after: ["in"]),
            StepSpec(name: "out", skill: "y", after: ["solve"]),
        ]
        var scenario = SwarmBench.scenario(
            steps: steps, agents: Self.agents(), pattern: .pipeline(), jobs: 20)
        scenario.pattern = .hybrid([
            StageAssignment(steps: ["solve"], pattern: .blackboard(BlackboardSpec())),
            StageAssignment(steps: ["*"], pattern: .pipeline()),
        ])
        let s = ScenarioRunner.run(scenario, replication: 0)
        #expect(s.jobsCompleted == 20)
        // The board takes solve without a message; the pipeline hands off into out (one message).
        // The board: 2 rounds × 3 contributors, a read and a write each.
        #expect(s.messages == 20 * 1)
        #expect(s.coordinationCalls == 20 * 2 * 3 * 2)
    }
}

private func binomial(_ n: Int, _ k: Int) -> Int {
    var result = 1
    for i in 0..<k { result = result * (n - i) / (i + 1) }
    return result
}

private func pow(_ x: Double, _ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<k { result *= x }
    return result
}
