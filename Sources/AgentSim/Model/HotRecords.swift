import AgentSimDistributions
import AgentSimSpec

/// The run loop's per-job record. Plain data in one array: one bounds and uniqueness check per
/// access instead of one per field.
struct JobRecord {
    var arrival: Int64 = 0
    var serial: UInt64 = 0
    /// Seeds the job's step sizes and fan-outs (drawn at arrival from "workload:sizes").
    var seed: UInt64 = 0
    /// Calls, messages, handoffs and timers that still refer to the slot; reused only at zero.
    var refs: Int32 = 0
    var stepsLeft: Int32 = 0
    var active = false
    /// A step output of the job was wrong and nothing caught it: the answer is wrong.
    var wrong = false
    /// Dollars and tokens committed to the job's calls so far (for per-job budgets).
    var spentUSD = 0.0
    var spentTokens: Int64 = 0
    /// When a job timeout fails the job (`Int64.max`: never).
    var deadline = Int64.max
}

/// Per job and step: predecessors not yet done, then copies not yet done.
struct StepCounter {
    var dependenciesLeft: UInt16 = 0
    var copiesLeft: UInt32 = 0
}

/// The run loop's per-agent record.
struct AgentState {
    /// Calls in service.
    var busy: Int32 = 0
    /// Slots kept after a call finished (handoffs waiting, results being handled).
    var held: Int32 = 0
    var capacity: Int32
    var role: UInt16
    /// This agent's pools in ``CoordinationContext/agentPoolList``: `poolStart ..< poolEnd`.
    var poolStart: Int32
    var poolEnd: Int32
    /// Crashed: takes no work, and the calls it had in service never answer.
    var down = false

    var freeSlots: Int32 { down ? 0 : capacity &- busy &- held }
}

/// The run loop's per-pool settings (copied out of ``PoolInfo`` so the hot path touches no arrays
/// or strings).
struct PoolState {
    var queueCapacity: Int
    var dispatch: DispatchRule?
    var cursor = 0
}

/// A role's service time in the shape the run loop samples fastest: the two common cases as plain
/// numbers, everything else through the full model.
enum ServiceTime {
    case constant(seconds: Double)
    case exponential(meanSeconds: Double)
    case model(LatencyModel)

    init(_ latency: LatencyModel) {
        switch latency {
        case .distribution(.constant(let value)): self = .constant(seconds: value)
        case .distribution(.exponential(let mean)): self = .exponential(meanSeconds: mean)
        default: self = .model(latency)
        }
    }
}

/// The run loop's per-role settings.
struct RoleState {
    var service: ServiceTime
    /// Model index, or -1 for none.
    var model: Int
    var queueCapacity: Int
    var accuracy: Double
    var discipline: ServiceOrder
    var contextGrowth: Int64 = 0
}

/// How a step's work tokens are sized on a given role: fixed, or drawn per task.
enum TokenPlan {
    case fixed(tokensIn: Int64, tokensOut: Int64)
    case drawn(tokensIn: Distribution?, tokensOut: Distribution?)

    init(tokensIn: Distribution?, tokensOut: Distribution?) {
        switch (tokensIn, tokensOut) {
        case (nil, nil):
            self = .fixed(tokensIn: 0, tokensOut: 0)
        case (let i, let o)
        where (i == nil || i?.constantValue != nil) && (o == nil || o?.constantValue != nil):
            self = .fixed(
                tokensIn: InputLimits.tokens(i?.constantValue ?? 0),
                tokensOut: InputLimits.tokens(o?.constantValue ?? 0))
        default:
            self = .drawn(tokensIn: tokensIn, tokensOut: tokensOut)
        }
    }
}
