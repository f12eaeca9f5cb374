import AgentSimKernel
import AgentSimMetrics
import AgentSimPolicies
import AgentSimRandom
import AgentSimSpec

/// The world a coordinator acts on: jobs, agents, pools, calls, messages and the clock.
///
/// A ``Coordinator`` receives it `inout` in every callback and acts only through its methods:
/// start a job's steps, submit work to a pool or an agent, make coordination calls, send messages,
/// hold or release an agent, complete or fail a job. Everything it does is counted (calls,
/// tokens, messages) and timed on the virtual clock. Non-copyable: it owns the simulation.
///
/// The hot state is plain data in flat arrays of records; descriptive data (names, labels) stays
/// in ``fleet`` and ``graph``, which the run loop reads only to report.
public struct CoordinationContext: ~Copyable {
    var sim = Simulation<EngineEvent>()
    /// The run's fixed settings (``RunPlan``).
    let plan: RunPlan
    /// The job DAG every job follows.
    public var graph: JobGraph { _read { yield plan.graph } }
    /// Agents, roles, models and pools.
    public internal(set) var fleet: Fleet
    /// The run's random streams (``Draws``), but for ``coordinatorRNG``.
    var draws: Draws
    /// Seeds and named streams of this run.
    public var streams: RandomStreams { draws.streams }

    var jobs: [JobRecord] = []
    /// At job slot × stepCount + step.
    var stepCounters: [StepCounter] = []
    var freeJobSlots: [UInt32] = []
    var nextSerial: UInt64 = 0
    /// Calls each job made to each role so far, at job slot × roleCount + role (only when some role
    /// has context growth).
    var jobRoleTurns: [Int32] = []

    var agents: [AgentState]
    var agentQueue: [CallQueue]
    /// The pools of all agents, agent by agent (see ``AgentState/poolStart``).
    var agentPoolList: [UInt32]
    var roles: [RoleState]

    var pools: [PoolState] = []
    var poolQueue: [CallQueue] = []
    var poolFree: [[UInt32]] = []
    /// Whether agent a is on pool p's free stack: index p × agentCount + a.
    var onFreeStack: [Bool] = []
    var poolBlocked: [RingBuffer<BlockedHandoff>] = []

    var calls = SlotTable<CallRecord>()
    var attempts = SlotTable<AttemptRecord>()
    /// The result cache: the attempt each task's work is queued or running under, the attempts
    /// waiting on each such leader, and each task's known result (with its job's serial number, so a
    /// reused slot never hits).
    var leaderOfTask: [TaskRef: UInt32] = [:]
    var followers: [UInt32: [UInt32]] = [:]
    var knownResults: [TaskRef: (serial: UInt64, result: TaskResult)] = [:]
    /// Work results waiting for their grounding check.
    var checks = SlotTable<TaskResult>()
    var rolePolicies: [RolePolicy]
    /// What the calls cost (``CostBook``).
    var costs: CostBook
    /// Every call's tokens and dollars by cause and role.
    public var ledger: Ledger { costs.ledger }
    /// Per agent: the product of active slowdown factors, and the strongest active error burst.
    var agentSlowdown: [Double]
    var agentErrorBurst: [Double]
    /// Per agent: the slow-first-token delay active now (zero without one).
    var agentFirstTokenDelay: [SimDuration]
    /// Per agent: whether a 429 storm is on now.
    var agentRateLimitStorm: [Bool]
    let faults: [CompiledFault]
    var faultActive: [Bool]
    /// The providers' rate limits and client-side pacers.
    var rateLimits: RateLimits
    /// Per role: the circuit breaker in front of it, and the pool of the fallback role that takes
    /// its work while the breaker is open.
    var breakers: [CircuitBreaker?]
    var breakerFallback: [PoolID?]
    /// Bulkheads by caller→callee edge (created on first use), found by caller × (roles + 1) + callee.
    var bulkheads: [Bulkhead] = []
    var bulkheadOfEdge: [Int: Int] = [:]
    /// The run's budgets: hard-stop and alert-only scope trees and the per-job limit.
    var budgets: BudgetBook
    /// The time series and the budget alerts (``SeriesBook``).
    var seriesBook = SeriesBook()
    /// Every budget alert, with its exact time.
    public var alertLog: [BudgetAlert] { seriesBook.alertLog }
    /// The time series, one row per sample interval.
    public var series: [SeriesRow] { seriesBook.rows }
    /// The time of the last event that did something (samples and stale deadlines do not count):
    /// the run's end for reports.
    public internal(set) var lastActivity = SimTime.zero
    /// Messages and timers in flight (``Transport``).
    var transport = Transport()
    /// What the coordinator hears next; the engine drains them after each event.
    var notices: [Notice] = []

    /// A stream for the coordinator's own draws (e.g. coordination call sizes).
    public var coordinatorRNG: Xoshiro256StarStar
    /// Set by a composite coordinator (``Hybrid``) while one of its parts acts: it goes into the top
    /// 8 bits of every call, message and timer tag created meanwhile, so the result finds its way
    /// back to the part that asked. Tags coordinators choose must stay below 2^24.
    public internal(set) var tagSpace: UInt32 = 0

    /// Counters and accumulators of the run.
    public internal(set) var stats: RunStatistics
    /// Tasks the coordinator holds in a queue of its own, with the time each started waiting
    /// (``taskWaiting(_:)``); empty for patterns that queue only at agents.
    var coordinatorWaits: [TaskRef: Int64] = [:]

    /// Whether the run is checked (chaos runs, `run --check`): a coordinator's misuse that would
    /// stop the process (a step completed too often, an agent released twice) is reported to the
    /// observers as an event and ignored instead.
    let checking: Bool
    /// The run's observers (``ModelObserver``): the invariant checker, the trace recorder.
    var observers: [any ModelObserver] = []
    /// Whether any observer is installed; off by default, and then every event site is skipped
    /// behind this one flag.
    var observing = false
    /// The chaos layer: network and quality faults, and a chaos run's liveness deadline.
    var layer: FaultLayer

    /// Creates the world of one run of `scenario` with root seed `seed`.
    public init(scenario: Scenario, seed: UInt64, fleet: Fleet) {
        // Locals, so that the lines building the fault layer below read as before.
        let streams = RandomStreams(seed: seed)
        self.fleet = fleet
        plan = RunPlan(scenario: scenario, fleet: fleet)
        let stepPool = plan.stepPool
        draws = Draws(streams: streams, fleet: fleet)
        agents = fleet.roleOfAgent.map {
            AgentState(capacity: Int32(fleet.roles[Int($0)].capacity), role: $0, poolStart: 0, poolEnd: 0)
        }
        agentQueue = fleet.roleOfAgent.map { CallQueue(order: fleet.roles[Int($0)].discipline) }
        rolePolicies = scenario.agents.map { RolePolicy(scenario: scenario.policies, role: $0) }
        let rolePrices: [(input: Double, output: Double)] = fleet.roles.map { role in
            guard let m = role.model else { return (0, 0) }
            return (fleet.models[m].inputPerMTokUSD, fleet.models[m].outputPerMTokUSD)
        }
        costs = CostBook(roles: fleet.roles.map(\.name), prices: rolePrices)
        agentSlowdown = Array(repeating: 1, count: fleet.agentCount)
        agentErrorBurst = Array(repeating: 0, count: fleet.agentCount)
        agentFirstTokenDelay = Array(repeating: .zero, count: fleet.agentCount)
        agentRateLimitStorm = Array(repeating: false, count: fleet.agentCount)
        // Scheduled faults plus those the seed draws from the chaos spec, if any.
        var injected = scenario
        injected.setScheduledFaults(ChaosPlan.faults(for: scenario, seed: seed))
        faults = CompiledFault.compile(injected.faults, fleet: fleet)
        faultActive = Array(repeating: false, count: faults.count)
        rateLimits = RateLimits(scenario)
        breakers = scenario.agents.map { role in
            scenario.policies.overridden(by: role.policies).circuitBreaker.map {
                CircuitBreaker(Self.breakerConfiguration($0))
            }
        }
        breakerFallback = Array(repeating: nil, count: scenario.agents.count)
        budgets = BudgetBook(scenario, fleet: fleet)
        agentPoolList = []
        roles = fleet.roles.map {
            RoleState(
                service: ServiceTime($0.latency), model: $0.model ?? -1, queueCapacity: $0.queueCapacity,
                accuracy: $0.accuracy, discipline: $0.discipline)
        }
        coordinatorRNG = streams.stream("coordinator")
        stats = RunStatistics(
            warmup: .zero + (scenario.workload.automaticWarmup ? .zero : scenario.workload.warmup),
            roles: fleet.roles.count, models: fleet.models.count)
        if scenario.workload.automaticWarmup { stats.completionSeries = CompletionSeries() }
        checking = scenario.checkInvariants
        layer = FaultLayer(
            injected.layerFaults, fleet: fleet, stepPool: stepPool, accuracy: fleet.roles.map(\.accuracy),
            rng: streams.stream("faults:network"))
        layer.retransmission = Retransmission(scenario.network.retransmit)
        if let chaos = scenario.chaos,
            let deadline = ChaosPlan.livenessDeadline(chaos, faults: injected.scheduledFaults)
        {
            layer.liveness = (deadline, chaos.drain)
        }
        syncPools()
        for (r, role) in scenario.agents.enumerated() {
            if let fallback = scenario.policies.overridden(by: role.policies).circuitBreaker?.fallback {
                breakerFallback[r] = pool(forRole: fallback)
            }
        }
        for (r, role) in scenario.agents.enumerated() { roles[r].contextGrowth = Int64(role.contextGrowth) }
    }

    /// The current virtual time.
    public var now: SimTime { sim.now }

    /// Sizes per-pool state after pools were added (``pool(forRole:)`` adds them lazily).
    mutating func syncPools() {
        let n = fleet.agentCount
        while pools.count < fleet.pools.count {
            let info = fleet.pools[pools.count]
            pools.append(PoolState(queueCapacity: info.queueCapacity, dispatch: info.dispatch))
            poolQueue.append(CallQueue(order: info.order))
            poolBlocked.append(RingBuffer())
            onFreeStack += Array(repeating: false, count: n)
            // Every member starts idle: stacked so that the lowest index is taken first.
            poolFree.append(info.members.reversed().map(\.index))
            for m in info.members { onFreeStack[(pools.count - 1) * n + Int(m.index)] = true }
        }
        agentPoolList = []
        for a in 0..<n {
            agents[a].poolStart = Int32(agentPoolList.count)
            agentPoolList += fleet.poolsOfAgent[a].map(\.index)
            agents[a].poolEnd = Int32(agentPoolList.count)
        }
    }

    /// The pool of agents with `skill`.
    public func pool(forSkill skill: String) -> PoolID? { fleet.poolOfSkill[skill] }

    /// The pool of `role`'s agents, for calls only that role makes (e.g. a hub's coordination).
    public mutating func pool(forRole role: String) -> PoolID? {
        let id = fleet.pool(forRole: role)
        syncPools()
        return id
    }

    /// The agents serving `pool`, in index order.
    public func members(of pool: PoolID) -> [AgentID] { fleet.pools[Int(pool.index)].members }

    /// Calls in service on `agent` plus queued for it alone plus slots it holds.
    public func load(of agent: AgentID) -> Int {
        let a = Int(agent.index)
        return Int(agents[a].busy + agents[a].held) + agentQueue[a].count
    }

    /// The skill pool of a task's step.
    public func pool(of task: TaskRef) -> PoolID { plan.stepPool[Int(task.step)] }

    /// The arrival time of a job in flight.
    public func arrivalTime(of job: JobID) -> SimTime { SimTime(nanos: jobs[Int(job.index)].arrival) }

    /// The arrival number of a job in flight (0 for the first job of the run).
    public func serialNumber(of job: JobID) -> UInt64 { jobs[Int(job.index)].serial }

    /// Whether the job is still in flight (neither completed nor failed).
    public func isActive(_ job: JobID) -> Bool { jobs[Int(job.index)].active }
}
