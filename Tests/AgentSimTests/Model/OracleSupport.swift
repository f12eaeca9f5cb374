import Foundation
import Testing

@testable import AgentSim

/// Shared constants, runners and checks of the queueing-theory oracle tests.
enum Oracle {
    /// Every statistical bound is z standard errors. With z = 4 a two-sided check of a (close to)
    /// normal estimator fails by chance with probability 6.3·10⁻⁵; the suites make about 50 such
    /// checks, so the whole set fails by chance with probability below 0.4% for a fresh seed. Seeds
    /// are fixed, so a passing run stays passing until the model's behaviour changes.
    static let z = 4.0

    /// Runs replications 0..<count of `scenario` concurrently (runs share nothing mutable).
    static func replications(_ scenario: Scenario, count: Int) async -> [RunSummary] {
        await withTaskGroup(of: (Int, RunSummary).self) { group in
            for r in 0..<count { group.addTask { (r, ScenarioRunner.run(scenario, replication: r)) } }
            var out = [RunSummary?](repeating: nil, count: count)
            for await (r, summary) in group { out[r] = summary }
            return out.map { $0! }
        }
    }

    /// A one-step M/M/c: Poisson(λ) arrivals, `servers` agents of one role sharing a FIFO queue,
    /// exponential service of mean 1/μ, instant network, pipeline pattern (no coordination calls).
    static func mmc(
        lambda: Double, mu: Double, servers: Int, jobs: Int, warmup: SimDuration = .zero, seed: UInt64
    ) -> Scenario {
        Scenario(
            name: "mm\(servers)", seed: seed,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: lambda), jobs: jobs, warmup: warmup,
                job: JobTemplateSpec(steps: [StepSpec(name: "serve", skill: "serve")])),
            agents: [
                AgentRoleSpec(
                    name: "server", count: servers, skills: ["serve"], latency: .exponential(mean: 1 / mu))
            ])
    }

    /// The number of jobs that arrived after warm-up (the latency sample size of a drained run).
    static func measuredJobs(_ s: RunSummary, warmupSeconds: Double) -> Double {
        (s.arrivalRatePerSecond * (s.simTimeSeconds - warmupSeconds)).rounded()
    }

    /// Jobs are conserved: every arrival is completed, failed or in flight, none negative; a run
    /// expected to drain has none in flight. (`jobsInFlight` is derived from the other three in the
    /// summary, so the identity alone cannot fail; the drain and sign checks can.)
    static func expectConserved(
        _ s: RunSummary, drained: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight, "\(s)",
            sourceLocation: sourceLocation)
        #expect(
            s.jobsCompleted >= 0 && s.jobsFailed >= 0 && s.jobsInFlight >= 0, sourceLocation: sourceLocation)
        if drained { #expect(s.jobsInFlight == 0, "\(s)", sourceLocation: sourceLocation) }
    }

    /// Little's law, exact form, for a run with no warm-up that starts and ends empty: the integral
    /// of jobs in system equals the sum of sojourn times, both kept exactly in integer nanoseconds.
    /// The two sides reach a `Double` through about four roundings of at most 2⁻⁵³ each, so 10⁻¹²
    /// relative leaves four orders of magnitude of margin; one job mis-timed by 10 µs in a run of
    /// 10⁷ job-seconds would already break it.
    static func expectLittleExact(_ s: RunSummary, sourceLocation: SourceLocation = #_sourceLocation) {
        let area = s.jobsInSystemMean * s.simTimeSeconds
        let sojourns = s.latencyMeanSeconds * Double(s.jobsCompleted)
        #expect(s.jobsInFlight == 0 && s.jobsFailed == 0, sourceLocation: sourceLocation)
        #expect(
            abs(area - sojourns) <= 1e-12 * sojourns, "L·T=\(area) W·n=\(sojourns)",
            sourceLocation: sourceLocation)
    }

    /// Little's law with a warm-up w, for a drained run: L̄·(T − w) − λ̂·W̄·(T − w) is exactly the
    /// time that jobs present at w still spent in the system after w (they are in ∫N but not in the
    /// measured sojourns). It is ≥ 0, and `residualBound` (job-seconds) bounds it with a probability
    /// the caller derives.
    static func expectLittleWithWarmup(
        _ s: RunSummary, warmupSeconds: Double, residualBound: Double,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let window = s.simTimeSeconds - warmupSeconds
        let gap = (s.jobsInSystemMean - s.arrivalRatePerSecond * s.latencyMeanSeconds) * window
        let rounding = 1e-12 * s.jobsInSystemMean * window
        #expect(gap >= -rounding, "gap \(gap)", sourceLocation: sourceLocation)
        #expect(
            gap <= residualBound + rounding, "gap \(gap) bound \(residualBound)",
            sourceLocation: sourceLocation)
    }

    /// The mean and unbiased variance of `values`.
    static func meanAndVariance(_ values: [Double]) -> (mean: Double, variance: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        return (mean, variance)
    }

    /// P(χ² with `dof` degrees of freedom ≤ x), for dof 1...4 (closed forms; test code may use libm).
    static func chiSquaredCDF(_ x: Double, dof: Int) -> Double {
        switch dof {
        case 1: return erf((x / 2).squareRoot())
        case 2: return 1 - exp(-x / 2)
        case 3: return erf((x / 2).squareRoot()) - (2 * x / Double.pi).squareRoot() * exp(-x / 2)
        case 4: return 1 - exp(-x / 2) * (1 + x / 2)
        default: preconditionFailure("chiSquaredCDF supports 1...4 degrees of freedom")
        }
    }

    /// The spread of R replication estimates agrees with their known variance σ²ᵣ: the statistic
    /// (R − 1)s²/σ²ᵣ is χ²(R − 1) for normal estimates, and it must not lie in either tail of
    /// probability 3.2·10⁻⁵ (the two-sided z = 4 level). Replications that ignored their seeds (s² = 0)
    /// or that were far more variable than theory fail it.
    static func expectSpread(
        _ estimates: [Double], variance sigma2: Double, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let dof = estimates.count - 1
        let statistic = Double(dof) * meanAndVariance(estimates).variance / sigma2
        let p = chiSquaredCDF(statistic, dof: dof)
        #expect(
            p >= 3.2e-5 && p <= 1 - 3.2e-5, "χ²(\(dof)) = \(statistic), CDF \(p): \(estimates)",
            sourceLocation: sourceLocation)
    }
}

/// One run through the lower-level API (``Engine``), keeping what the summary row leaves out.
struct EngineRun {
    var summary: RunSummary
    var stats: RunStatistics
    var ledger: Ledger
    var stop: StopReason
    /// Job slots still marked active: an in-flight count independent of the summary's arithmetic.
    var activeJobs: Int
    /// The jobs-in-system level at the end: a third, independent in-flight count.
    var inSystemLevel: Int
    /// Busy fraction of each role's capacity over the measured window.
    var roleUtilization: [Double]
    /// ∫ jobs in system dt over the measured window, exactly, in job·nanoseconds.
    var jobsInSystemIntegral: WideSum

    /// Runs `scenario` (seed `scenario.seed`) with the pipeline coordinator `spec`.
    init(_ scenario: Scenario, pipeline spec: PipelineSpec) {
        var engine = Engine(
            scenario: scenario, seed: scenario.seed, fleet: Fleet(scenario: scenario),
            coordinator: Pipeline(spec: spec))
        self.init(&engine, scenario, coordinatorRole: nil)
    }

    /// Runs `scenario` (seed `scenario.seed`) with the hub-and-spoke coordinator `spec`.
    init(_ scenario: Scenario, hub spec: HubAndSpokeSpec) {
        var engine = Engine(
            scenario: scenario, seed: scenario.seed,
            fleet: Fleet(scenario: scenario, excludedRoles: [spec.coordinator])
        ) { HubAndSpoke(spec: spec, ctx: &$0) }
        self.init(&engine, scenario, coordinatorRole: spec.coordinator)
    }

    /// A run of `scenario` under `pattern` (pipeline or hub-and-spoke).
    init(_ scenario: Scenario, pattern: PatternSpec) {
        if let hub = pattern.hubAndSpoke {
            self.init(scenario, hub: hub)
        } else {
            self.init(scenario, pipeline: PipelineSpec(parameters: pattern.parameters))
        }
    }

    private init<C: Coordinator>(_ engine: inout Engine<C>, _ scenario: Scenario, coordinatorRole: String?) {
        stop = engine.run(until: .zero + scenario.limits.until, maxEvents: scenario.limits.maxEvents)
        summary = engine.summary(
            scenario: scenario.name, replication: 0, seed: scenario.seed, coordinatorRole: coordinatorRole)
        stats = engine.ctx.stats
        ledger = engine.ctx.settledLedger()
        activeJobs = engine.ctx.jobs.filter(\.active).count
        inSystemLevel = engine.ctx.stats.jobsInSystem.level
        let end = engine.ctx.now
        jobsInSystemIntegral = engine.ctx.stats.jobsInSystem.integral(to: end)
        let roles = engine.ctx.fleet.roles
        roleUtilization = roles.indices.map { r in
            engine.ctx.stats.roleBusy[r].mean(to: end) / Double(roles[r].count * roles[r].capacity)
        }
    }

    /// Conservation with independent counts: arrived = completed + failed + in flight, where "in
    /// flight" is counted three ways (summary arithmetic, active job slots, jobs-in-system level).
    func expectConserved(sourceLocation: SourceLocation = #_sourceLocation) {
        Oracle.expectConserved(summary, drained: stop == .exhausted, sourceLocation: sourceLocation)
        #expect(
            activeJobs == summary.jobsInFlight, "active slots \(activeJobs)", sourceLocation: sourceLocation)
        #expect(
            inSystemLevel == summary.jobsInFlight, "L level \(inSystemLevel)", sourceLocation: sourceLocation)
        #expect(
            stats.failureReasons.values.reduce(0, +) == summary.jobsFailed, sourceLocation: sourceLocation)
    }
}
