import AgentSimDistributions
import AgentSimKernel
import AgentSimSpec

/// The fixed settings of one run, one of the parts ``CoordinationContext`` owns (ARCHITECTURE.md
/// §2): the job DAG and what the hot path copies out of it, the workload's limits, the network's
/// latency and the scenario's switches. Built once from the scenario and the fleet; never changes.
///
/// Invariants: ``stepPool``, ``stepDependencies`` and ``stepCatches`` hold one entry per step
/// (``stepCount``), and ``tokenPlans`` one per step × role.
struct RunPlan {
    /// The job DAG every job follows.
    let graph: JobGraph
    /// The number of steps of ``graph``.
    let stepCount: Int
    /// Per step: its pool and dependency count (copied out of ``graph``).
    let stepPool: [PoolID]
    let stepDependencies: [UInt16]
    /// At step × roleCount + role.
    let tokenPlans: [TokenPlan]
    /// Whether some role has context growth (then the job table counts each job's turns).
    let tracksTurns: Bool
    /// Whether the result cache is on.
    let resultCache: Bool
    /// The grounding check of work results, if any.
    let grounding: GroundingSpec?
    /// Per step: the probability that a right output of the step fixes an earlier error (reviewers).
    let stepCatches: [Double]
    /// Whether failed tasks go to the dead-letter queue.
    let deadLetterEnabled: Bool
    /// The time series' interval.
    let sampleInterval: SimDuration
    /// The per-job timeout, if any.
    let jobTimeout: SimDuration?
    /// `workload.max_in_flight` (`Int.max`: none).
    let maxInFlight: Int
    /// The network's latency, and whether it is the constant zero (then messages arrive at once).
    let networkLatency: Distribution
    let networkIsInstant: Bool

    /// The settings of a run of `scenario` on `fleet`.
    init(scenario: Scenario, fleet: Fleet) {
        let graph = JobGraph(spec: scenario.workload.job) { fleet.poolOfSkill[$0]! }
        self.graph = graph
        stepCount = graph.steps.count
        stepPool = graph.steps.map(\.pool)
        stepDependencies = graph.steps.map(\.dependencyCount)
        grounding = scenario.grounding
        resultCache = scenario.resultCache
        stepCatches = scenario.workload.job.steps.map(\.catches)
        tokenPlans = graph.steps.flatMap { step in
            fleet.roles.map {
                TokenPlan(tokensIn: step.tokensIn ?? $0.tokensIn, tokensOut: step.tokensOut ?? $0.tokensOut)
            }
        }
        tracksTurns = scenario.agents.contains { $0.contextGrowth > 0 }
        deadLetterEnabled = scenario.deadLetter
        jobTimeout = scenario.jobTimeout
        maxInFlight = scenario.workload.maxInFlight ?? .max
        sampleInterval =
            scenario.timeseriesInterval ?? CoordinationContext.defaultSampleInterval(scenario.workload)
        networkLatency = scenario.network.latency
        networkIsInstant = scenario.network.latency == .constant(0)
    }
}
