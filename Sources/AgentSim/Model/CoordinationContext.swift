/// The world a coordinator acts on: jobs, agents, pools, calls, messages and the clock.
///
/// A ``Coordinator`` receives it `inout` in every callback and acts only through its methods:
/// start a job's steps, submit work to a pool or an agent, make coordination calls, send messages,
/// hold or release an agent, complete or fail a job. Everything it does is counted (calls,
/// tokens, messages) and timed on the virtual clock. Non-copyable: it owns the simulation.
public struct CoordinationContext: ~Copyable {
    var sim = Simulation<EngineEvent>()
    /// The job DAG every job follows.
    public let graph: JobGraph
    /// Agents, roles, models and pools.
    public internal(set) var fleet: Fleet
    let stepCount: Int
    /// Seeds and named streams of this run.
    public let streams: RandomStreams

    // Jobs: slot-indexed; per-step counters at slot * stepCount + step.
    var jobArrival: [Int64] = []
    var jobSerial: [UInt64] = []
    var jobSeed: [UInt64] = []
    var jobActive: [Bool] = []
    /// Calls, messages and timers that still refer to the slot; it is reused only at zero.
    var jobRefs: [Int32] = []
    var jobStepsLeft: [Int32] = []
    var jobDepsLeft: [UInt16] = []
    var jobCopiesLeft: [UInt32] = []
    var freeJobSlots: [UInt32] = []
    var nextSerial: UInt64 = 0

    // Agents.
    var agentBusy: [Int32]
    var agentHeld: [Int32]
    var agentCapacity: [Int32]
    var agentQueue: [RingBuffer<CallRequest>]
    var agentRNG: [Xoshiro256StarStar]

    // Pools.
    var poolQueue: [RingBuffer<CallRequest>]
    var poolFree: [[UInt32]]
    /// Whether agent a is on pool p's free stack: index p * agentCount + a.
    var onFreeStack: [Bool]
    var poolBlocked: [RingBuffer<BlockedHandoff>]
    var poolCursor: [Int]

    // In flight.
    var calls = SlotTable<CallRecord>()
    var messages = SlotTable<Message>()
    var timers = SlotTable<TimerRecord>()
    var notices: [Notice] = []
    var nextOrder: UInt64 = 0

    var networkLatency: Distribution
    let networkIsInstant: Bool
    var networkRNG: Xoshiro256StarStar
    var dispatchRNG: Xoshiro256StarStar
    /// A stream for the coordinator's own draws (e.g. coordination call sizes).
    public var coordinatorRNG: Xoshiro256StarStar

    /// Counters and accumulators of the run.
    public internal(set) var stats: RunStatistics

    /// Creates the world of one run of `scenario` with root seed `seed`.
    public init(scenario: Scenario, seed: UInt64, fleet: Fleet) {
        streams = RandomStreams(seed: seed)
        self.fleet = fleet
        graph = JobGraph(spec: scenario.workload.job) { fleet.poolOfSkill[$0]! }
        stepCount = graph.steps.count
        let n = fleet.agentCount
        agentBusy = Array(repeating: 0, count: n)
        agentHeld = Array(repeating: 0, count: n)
        agentCapacity = fleet.roleOfAgent.map { Int32(fleet.roles[Int($0)].capacity) }
        agentQueue = Array(repeating: RingBuffer(), count: n)
        var rngs: [Xoshiro256StarStar] = []
        for role in fleet.roles {
            for k in 0..<role.count { rngs.append(streams.stream("agent:\(role.name)", index: k)) }
        }
        agentRNG = rngs
        poolQueue = []
        poolFree = []
        onFreeStack = []
        poolBlocked = []
        poolCursor = []
        networkLatency = scenario.network.latency
        networkIsInstant = scenario.network.latency == .constant(0)
        networkRNG = streams.stream("network")
        dispatchRNG = streams.stream("dispatch")
        coordinatorRNG = streams.stream("coordinator")
        stats = RunStatistics(
            warmup: .zero + scenario.workload.warmup, roles: fleet.roles.count, models: fleet.models.count)
        syncPools()
    }

    /// The current virtual time.
    public var now: SimTime { sim.now }

    /// Sizes per-pool state after pools were added (``pool(forRole:)`` adds them lazily).
    mutating func syncPools() {
        let n = fleet.agentCount
        while poolQueue.count < fleet.pools.count {
            let p = poolQueue.count
            poolQueue.append(RingBuffer())
            poolBlocked.append(RingBuffer())
            poolCursor.append(0)
            onFreeStack += Array(repeating: true, count: n)
            // Every member starts idle: stack them so the lowest index is taken first.
            poolFree.append(fleet.pools[p].members.reversed().map(\.index))
            for a in 0..<n where !fleet.pools[p].members.contains(AgentID(index: UInt32(a))) {
                onFreeStack[p * n + a] = false
            }
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
        return Int(agentBusy[a] + agentHeld[a]) + agentQueue[a].count
    }

    /// The skill pool of a task's step.
    public func pool(of task: TaskRef) -> PoolID { graph.steps[Int(task.step)].pool }

    /// The arrival time of a job in flight.
    public func arrivalTime(of job: JobID) -> SimTime { SimTime(nanos: jobArrival[Int(job.index)]) }

    /// The arrival number of a job in flight (0 for the first job of the run).
    public func serialNumber(of job: JobID) -> UInt64 { jobSerial[Int(job.index)] }

    /// Whether the job is still in flight (neither completed nor failed).
    public func isActive(_ job: JobID) -> Bool { jobActive[Int(job.index)] }
}
