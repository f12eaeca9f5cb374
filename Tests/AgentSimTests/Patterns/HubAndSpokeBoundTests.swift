import Testing

@testable import AgentSim

/// The supervisor bottleneck: one coordinator (count 1, capacity 1) spends a constant 50 ms on each
/// coordination call — a plan per job, a route per step result, a synthesis per job — so with two
/// steps it can finish at most 1/(4 × 0.05 s) = 5 jobs/s however many workers there are. Workers
/// take a constant 0.5 s per step, so w workers finish at most w/(2 × 0.5 s) = w jobs/s.
///
/// Every run offers λ = 10 jobs/s (above both limits) for 10,000 jobs and drains. Constant service
/// times make both limits hard upper bounds on the drained throughput N/T: the coordinator is busy
/// exactly 4N × 0.05 s and the workers 2N × 0.5 s in all, so T ≥ N/5 and T ≥ N/w. The bottleneck is
/// idle only at the edges: before the first arrival (≤ 1 s with probability 1 − e⁻¹⁰) and while
/// the first plans run (≤ 0.5 s: offered coordination work is twice its capacity from the start);
/// at the end workers finish within one 0.5 s task of each other (the hub sends each task to the
/// worker with fewest outstanding), then a route and a synthesis (0.1 s) remain, and for w ≤ 4 the
/// coordinator, at most 80% busy, has at most a few calls queued (≤ 1 s). That is 3 s of edge
/// idle in all, so the throughput must lie in [N/(N/min(w, 5) + 3 s), min(w, 5)]: within 0.15% at
/// the plateau. (Measured: 0.3–0.4 s.)
@Suite struct HubAndSpokeBoundTests {
    static let jobs = 10_000
    static let coordinationSeconds = 0.05
    static let workSeconds = 0.5
    static let steps = 2
    static let edgeIdleSeconds = 3.0

    static func scenario(workers: Int) -> Scenario {
        Scenario(
            name: "hub-bound", seed: 31,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 10), jobs: jobs,
                job: JobTemplateSpec(steps: (0..<steps).map { StepSpec(name: "step\($0)", skill: "work") })),
            agents: [
                AgentRoleSpec(name: "lead", skills: ["plan"], latency: .constant(coordinationSeconds)),
                AgentRoleSpec(
                    name: "worker", count: workers, skills: ["work"], latency: .constant(workSeconds)),
            ],
            pattern: .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead")))
    }

    /// The coordinator's limit, 1/(calls per job × seconds per call) = 5 jobs/s.
    static var coordinatorLimit: Double { 1 / (Double(1 + steps + 1) * coordinationSeconds) }

    static let workerCounts = [1, 2, 4, 8, 16]

    /// One drained run per worker count, run concurrently once and shared by the tests.
    static let runs = Task {
        await withTaskGroup(of: (Int, RunSummary).self) { group in
            for w in workerCounts {
                group.addTask { (w, ScenarioRunner.run(scenario(workers: w), replication: 0)) }
            }
            var out: [Int: RunSummary] = [:]
            for await (w, run) in group { out[w] = run }
            return out
        }
    }

    @Test(arguments: workerCounts)
    func throughputIsTheSmallerLimit(workers: Int) async {
        let run = await Self.runs.value[workers]!
        Oracle.expectConserved(run, drained: true)
        Oracle.expectLittleExact(run)
        let limit = min(Double(workers) / (Double(Self.steps) * Self.workSeconds), Self.coordinatorLimit)
        let n = Double(Self.jobs)
        let floor = n / (n / limit + Self.edgeIdleSeconds)
        #expect(run.throughputPerSecond <= limit * (1 + 1e-12), "\(run.throughputPerSecond) > \(limit)")
        #expect(run.throughputPerSecond >= floor, "\(run.throughputPerSecond) < \(floor)")

        // The coordinator is busy exactly calls × 50 ms, so its utilisation × T is that (to rounding),
        // and at the plateau (w ≥ 8) it is busy all but the edges.
        let busy = Double(run.coordinationCalls) * Self.coordinationSeconds
        let utilization = run.coordinatorUtilization ?? -1
        #expect(abs(utilization * run.simTimeSeconds - busy) <= 1e-9 * busy)
        if limit == Self.coordinatorLimit {
            #expect(
                utilization >= 1 - Self.edgeIdleSeconds / run.simTimeSeconds, "utilisation \(utilization)")
        }

        // Exact counts: plan + one route per step copy + synthesis; a dispatch and a result message
        // per step copy; LLM calls = work + coordination.
        #expect(run.coordinationCalls == Self.jobs * (1 + Self.steps + 1))
        #expect(run.messages == Self.jobs * 2 * Self.steps)
        #expect(run.llmCalls == Self.jobs * (Self.steps + 1 + Self.steps + 1))
    }

    /// The sweep's shape: throughput grows with workers until the coordinator's limit, then stays
    /// flat (8 and 16 workers within the two runs' edge allowances of each other), and the
    /// coordinator's utilisation climbs to the plateau.
    @Test func throughputGrowsThenFlattens() async {
        let runs = await Self.runs.value
        let throughput = Self.workerCounts.map { runs[$0]!.throughputPerSecond }
        #expect(
            throughput[0] < throughput[1] && throughput[1] < throughput[2] && throughput[2] < throughput[3])
        let plateauTolerance =
            2 * Self.coordinatorLimit * Self.edgeIdleSeconds / (Double(Self.jobs) / Self.coordinatorLimit)
        #expect(abs(throughput[4] - throughput[3]) <= plateauTolerance, "\(throughput)")
        let utilization = Self.workerCounts.map { runs[$0]!.coordinatorUtilization ?? -1 }
        #expect(
            zip(utilization, utilization.dropFirst()).allSatisfy { $0 <= $1 + plateauTolerance },
            "\(utilization)")
    }
}
