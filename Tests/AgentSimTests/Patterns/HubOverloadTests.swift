import Testing

@testable import AgentSim

/// The hub under sustained overload, FIFO against oldest-job-first, against a fluid model.
///
/// The coordinator (one agent, one slot) spends a constant 1 s on each of a job's K = 3 calls
/// (plan, the route of its one step, synthesis), so its capacity is c ÷ W = 1 ÷ 3 jobs/s; jobs arrive
/// every 1/λ s with λ = ρ ÷ 3 (ρ > 1: overloaded), 64 workers take 0.1 s per step, the network is
/// instant. Each run lasts T = 30,000 s with arrivals to the end and measures [w, T], w = 3,000 s.
///
/// **FIFO fluid model.** The coordinator's queue grows linearly, so the call served at time t was
/// queued at a·t for some a < 1 (the queue's delay is (1 − a)·t and dwarfs the 1 s calls). A job
/// arriving at s queues its plan at s, its route at s/a and its synthesis at s/a², and completes at
/// s/a³. At time u the calls of pass k (k = 0, 1, 2) are queued at rate λ·a^k (the jobs that arrived
/// at a^k·u), each 1 s; serving the calls queued at a·t at rate a per second keeps the slot busy:
/// a · λ (1 + a + a²) = c = 1, i.e. a + a² + a³ = 3 ÷ ρ. Completions in [w, T] are the arrivals in
/// [a³w, a³T]: throughput λ·a³, a fraction ρ·a³ of the capacity (0.909 at ρ = 1.2, 0.482 at ρ = 3).
///
/// **Oldest-job-first.** Calls of older jobs go first, so the slot works on the oldest unfinished
/// jobs, whose 3 s each complete them: throughput is the capacity, 1/3 jobs/s, whatever ρ.
///
/// **Tolerance.** Arrivals and service are constant, so nothing is random; the fluid model is off
/// only by granularity: at most one call (1 s) and one work step (0.1 s) per pass, which moves the
/// arrival window [a³w, a³T] by at most K × 1.1 s at each edge, i.e. ≤ 2 × λ × 3.3 ≤ 7 jobs, plus
/// the start-up (the queue is empty at 0; ≤ 10 s of arrivals, ≤ 10 jobs). Against ≥ 4,300 measured
/// completions that is < 0.4%; the tests allow 1%.
@Suite struct HubOverloadTests {
    static let horizonSeconds: Int64 = 30_000
    static let warmupSeconds: Int64 = 3_000
    static let callsPerJob = 3.0

    static func scenario(load rho: Double, discipline: ServiceOrder) -> Scenario {
        var lead = AgentRoleSpec(name: "lead", skills: ["plan"], latency: .constant(1))
        lead.discipline = discipline
        return Scenario(
            name: "hub-overload", seed: 5,
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: rho / callsPerJob), horizon: .seconds(horizonSeconds),
                warmup: .seconds(warmupSeconds),
                job: JobTemplateSpec(steps: [StepSpec(name: "work", skill: "work")])),
            agents: [
                lead, AgentRoleSpec(name: "worker", count: 64, skills: ["work"], latency: .constant(0.1)),
            ],
            pattern: .hubAndSpoke(HubAndSpokeSpec(coordinator: "lead")),
            limits: RunLimits(until: .seconds(horizonSeconds)))
    }

    /// The root a of a + a² + a³ = 3/ρ in (0, 1), by bisection (the left side is increasing).
    static func fluidA(_ rho: Double) -> Double {
        var low = 0.0
        var high = 1.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid + mid * mid + mid * mid * mid < callsPerJob / rho { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }

    static let capacity = 1 / callsPerJob
    static let tolerance = 0.01

    @Test(arguments: [1.2, 3.0])
    func fifoCollapsesAsTheFluidModelPredicts(load rho: Double) {
        let run = ScenarioRunner.run(Self.scenario(load: rho, discipline: .fifo), replication: 0)
        let a = Self.fluidA(rho)
        let predicted = rho / Self.callsPerJob * a * a * a
        let ratio = run.throughputPerSecond / predicted
        #expect(abs(ratio - 1) <= Self.tolerance, "ρ \(rho): \(run.throughputPerSecond) vs \(predicted)")
        // And well below the capacity: the collapse the docs describe.
        #expect(run.throughputPerSecond < 0.95 * Self.capacity)
    }

    @Test(arguments: [1.2, 3.0])
    func oldestJobFirstFlattensAtCapacity(load rho: Double) {
        let run = ScenarioRunner.run(Self.scenario(load: rho, discipline: .oldestJobFirst), replication: 0)
        let ratio = run.throughputPerSecond / Self.capacity
        #expect(abs(ratio - 1) <= Self.tolerance, "ρ \(rho): \(run.throughputPerSecond) vs \(Self.capacity)")
    }

    /// The fluid model's numbers as quoted in the docs (a pure computation, checked once here).
    @Test func fluidFractions() {
        #expect(abs(1.2 * pow3(Self.fluidA(1.2)) - 0.909) < 0.001)
        #expect(abs(3.0 * pow3(Self.fluidA(3.0)) - 0.482) < 0.001)
    }

    private func pow3(_ x: Double) -> Double { x * x * x }
}
