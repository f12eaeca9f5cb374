import AgentSimDistributions
import AgentSimKernel

/// A validated scenario: the workload, the agents, the network and the coordination pattern of one
/// experiment. It is built by ``ScenarioLoader`` from a JSON file (see the catalog's Scenarios.md) or
/// directly in code.
///
/// Units are carried by names: durations are ``SimDuration``; rates are per second; money is USD;
/// distributions of durations are in seconds.
public struct Scenario: Sendable, Hashable {
    /// A short name, used in CSV rows and as the default results folder.
    public var name: String
    /// One line saying what the scenario shows.
    public var description: String
    /// The root seed of replication 0; replication r uses `seed + r`.
    public var seed: UInt64
    /// What arrives, and when.
    public var workload: WorkloadSpec
    /// The LLM models agents can use, in file order.
    public var models: [ModelSpec]
    /// The agent roles, in file order (the order fixes agent indices and stream names).
    public var agents: [AgentRoleSpec]
    /// The network every coordination message crosses.
    public var network: NetworkSpec
    /// The coordination pattern.
    public var pattern: PatternSpec
    /// Limits on one run.
    public var limits: RunLimits
    /// Scenario-wide resilience policies (roles may override them).
    public var policies: PolicySpec = PolicySpec()
    /// A job that has not ended this long after it arrived fails ("job timeout"); `nil`: none.
    public var jobTimeout: SimDuration?
    /// A grounding check after every work result (`nil`: none).
    public var grounding: GroundingSpec?
    /// Whether identical work requests share one call and one result (request coalescing).
    public var resultCache = false
    /// Whether jobs whose work exhausted its retries go to a dead-letter queue (counted apart from
    /// failed jobs) instead of failing.
    public var deadLetter = false
    /// Spending budgets with alerts and hard stops.
    public var budgets: [BudgetSpec] = []
    /// Scheduled faults on agents.
    public var faults: [FaultSpec] = []
    /// Scheduled faults on the network and on output quality (from the same `faults` list of the
    /// file; see ``scheduledFaults`` for both).
    public var layerFaults: [LayerFaultSpec] = []
    /// The interval of timeseries.csv (`nil`: a hundredth of the arrival horizon or of 1,000 s).
    public var timeseriesInterval: SimDuration?
    /// Random chaos (`nil`: none). Only a chaos run (``injectsRandomChaos``, which ``ChaosRunner``
    /// sets) injects the faults each seed draws from it; every run with a chaos spec stops at its
    /// liveness deadline, so a replayed schedule is checked exactly as the campaign checked it.
    public var chaos: ChaosSpec?
    /// Whether runs inject the random faults the ``chaos`` spec draws for their seed. Off by
    /// default, so a plain `agentsim run` or ``Engine`` run of a scenario with a chaos spec injects
    /// its scheduled `faults` only; ``ChaosRunner`` (`agentsim chaos`) turns it on. Not part of
    /// scenario files: a run-time switch.
    public var injectsRandomChaos = false
    /// Whether runs check the invariants after every event and record violations (chaos runs and
    /// `agentsim run --check`). Not part of scenario files: a run-time switch, off by default.
    public var checkInvariants = false
    /// The file and `--set` overrides the scenario was loaded from (``ScenarioLoader/load(path:overrides:)``
    /// sets it): provenance, ignored by `==` and by the digest.
    public var source = ScenarioSource()

    /// Creates a scenario.
    public init(
        name: String, description: String = "", seed: UInt64 = 1, workload: WorkloadSpec,
        models: [ModelSpec] = [], agents: [AgentRoleSpec], network: NetworkSpec = NetworkSpec(),
        pattern: PatternSpec = .pipeline(PipelineSpec()), limits: RunLimits = RunLimits()
    ) {
        self.name = name
        self.description = description
        self.seed = seed
        self.workload = workload
        self.models = models
        self.agents = agents
        self.network = network
        self.pattern = pattern
        self.limits = limits
    }
}

/// The arrivals and the shape of each job.
public struct WorkloadSpec: Sendable, Hashable {
    /// When jobs arrive.
    public var arrivals: ArrivalProcess
    /// Stop arrivals after this many jobs (`nil`: no count limit; then `horizon` must be set).
    public var jobs: Int?
    /// Stop arrivals at this virtual time (`nil`: no time limit; then `jobs` must be set).
    public var horizon: SimDuration?
    /// Jobs arriving before this time are run but left out of latency and throughput.
    public var warmup: SimDuration
    /// `warmup: "auto"`: each replication picks its own warm-up with MSER-5 (``MSER``), and
    /// ``warmup`` is ignored.
    public var automaticWarmup = false
    /// The work of every job, the same under every pattern.
    public var job: JobTemplateSpec
    /// Admission control (`max_in_flight`): a job arriving while this many are in flight is
    /// rejected at once — it counts as arrived, as failed ("rejected: max_in_flight") and as
    /// rejected. `nil`: every job is admitted.
    public var maxInFlight: Int?

    /// Creates a workload.
    public init(
        arrivals: ArrivalProcess, jobs: Int? = nil, horizon: SimDuration? = nil,
        warmup: SimDuration = .zero, job: JobTemplateSpec
    ) {
        self.arrivals = arrivals
        self.jobs = jobs
        self.horizon = horizon
        self.warmup = warmup
        self.job = job
    }
}

/// How jobs arrive.
public enum ArrivalProcess: Sendable, Hashable {
    /// Exponential inter-arrival times at `ratePerSecond`.
    case poisson(ratePerSecond: Double)
    /// One arrival every 1 / `ratePerSecond` seconds.
    case constant(ratePerSecond: Double)
    /// Alternating on and off periods (starting on); Poisson at the respective rate in each.
    case bursty(onRatePerSecond: Double, offRatePerSecond: Double, on: SimDuration, off: SimDuration)
    /// Arrivals at recorded times (ascending, from a CSV file).
    case trace(times: [SimTime])
}

/// The DAG of steps every job goes through.
public struct JobTemplateSpec: Sendable, Hashable {
    /// The steps; `after` names refer to earlier or later steps of this list, never to themselves.
    public var steps: [StepSpec]
    /// Creates a job template.
    public init(steps: [StepSpec]) { self.steps = steps }
}

/// One step of a job: a piece of work that needs an agent with `skill`.
public struct StepSpec: Sendable, Hashable {
    /// Unique within the job.
    public var name: String
    /// The skill an agent needs to do this step.
    public var skill: String
    /// Steps that must finish (every copy) before this one starts.
    public var after: [String]
    /// How many parallel copies the step fans out into (a count distribution; default 1).
    public var fanout: Distribution
    /// Input tokens of one copy; `nil`: the serving role's `tokens_in`, else 0.
    public var tokensIn: Distribution?
    /// Output tokens of one copy; `nil`: the serving role's `tokens_out`, else 0.
    public var tokensOut: Distribution?
    /// A reviewer step: when a copy finishes with a right output, an error made earlier in the job
    /// is caught and fixed with this probability (0: not a reviewer).
    public var catches: Double = 0

    /// Creates a step.
    public init(
        name: String, skill: String, after: [String] = [], fanout: Distribution = .constant(1),
        tokensIn: Distribution? = nil, tokensOut: Distribution? = nil
    ) {
        self.name = name
        self.skill = skill
        self.after = after
        self.fanout = fanout
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }
}

/// An LLM model: its prices and its speed.
public struct ModelSpec: Sendable, Hashable {
    /// The key under `models`.
    public var name: String
    /// USD per million input tokens.
    public var inputPerMTokUSD: Double
    /// USD per million output tokens.
    public var outputPerMTokUSD: Double
    /// Time to first token, in seconds (`nil` with `tokensPerSecond` `nil`: agents need `latency`).
    public var ttft: Distribution?
    /// Output tokens per second after the first.
    public var tokensPerSecond: Double?
    /// The provider's rate limits for this model, shared by every agent using it.
    public var rateLimit: RateLimitSpec?

    /// Creates a model.
    public init(
        name: String, inputPerMTokUSD: Double = 0, outputPerMTokUSD: Double = 0,
        ttft: Distribution? = nil, tokensPerSecond: Double? = nil
    ) {
        self.name = name
        self.inputPerMTokUSD = inputPerMTokUSD
        self.outputPerMTokUSD = outputPerMTokUSD
        self.ttft = ttft
        self.tokensPerSecond = tokensPerSecond
    }
}

/// Where a role's agents take their work from.
public enum QueueDiscipline: String, Sendable, Hashable, CaseIterable {
    /// All agents sharing a skill take work from one FIFO queue (M/M/c).
    case shared
    /// Each agent has its own FIFO queue; a dispatch rule picks the agent.
    case perAgent = "per_agent"
}

/// How work is assigned to one agent of a pool when queues are per agent.
public enum DispatchRule: String, Sendable, Hashable, CaseIterable {
    /// Agents in turn.
    case roundRobin = "round_robin"
    /// A uniformly random agent (from the dispatcher's stream).
    case random
    /// The agent with the fewest calls in service plus queued (lowest index on ties).
    case leastLoaded = "least_loaded"
}

/// A group of identical agents.
public struct AgentRoleSpec: Sendable, Hashable {
    /// The key under `agents`.
    public var name: String
    /// How many agents of this role.
    public var count: Int
    /// The skills each agent has.
    public var skills: [String]
    /// The name of the model the agents call (prices, ttft, speed), if any.
    public var model: String?
    /// Concurrent calls one agent serves.
    public var capacity: Int
    /// Shared pool queue or a queue per agent.
    public var queue: QueueDiscipline
    /// Maximum queued (waiting, not in service) calls per queue; `nil`: unbounded, by choice.
    public var queueCapacity: Int?
    /// The dispatch rule when `queue` is `perAgent`.
    public var dispatch: DispatchRule
    /// The order the role's agents serve their queues in (`discipline`; default FIFO).
    public var discipline: ServiceOrder = .fifo
    /// Service time of one call in seconds; `nil`: the model's ttft + tokens_out / tokens_per_s.
    public var latency: Distribution?
    /// The probability that a call fails (after its service time; its tokens are paid).
    public var errorRate: Double = 0
    /// Input tokens added to each call of a job for every earlier call the job made to this role
    /// (accumulated history): n calls cost n(n−1)/2 × growth extra tokens, quadratic in n.
    public var contextGrowth: Int = 0
    /// Policies for calls to this role, replacing the scenario's field by field.
    public var policies: PolicySpec?
    /// The role's own rate limit: a team bucket nested under its model's (HTB-style).
    public var rateLimit: RateLimitSpec?
    /// Default input tokens per call when a step does not say.
    public var tokensIn: Distribution?
    /// Default output tokens per call when a step does not say.
    public var tokensOut: Distribution?
    /// The probability a step output of this role is right.
    public var accuracy: Double

    /// Creates a role.
    public init(
        name: String, count: Int = 1, skills: [String], model: String? = nil, capacity: Int = 1,
        queue: QueueDiscipline = .shared, queueCapacity: Int? = nil, dispatch: DispatchRule = .leastLoaded,
        latency: Distribution? = nil, tokensIn: Distribution? = nil, tokensOut: Distribution? = nil,
        accuracy: Double = 1
    ) {
        self.name = name
        self.count = count
        self.skills = skills
        self.model = model
        self.capacity = capacity
        self.queue = queue
        self.queueCapacity = queueCapacity
        self.dispatch = dispatch
        self.latency = latency
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
        self.accuracy = accuracy
    }
}

/// The network between agents.
public struct NetworkSpec: Sendable, Hashable {
    /// One-way latency of a message, in seconds.
    public var latency: Distribution
    /// The transport's retransmission of lost messages; `nil` (the default): a lost message is gone.
    public var retransmit: RetransmitSpec?
    /// Creates a network; the default delivers instantly and never resends.
    public init(latency: Distribution = .constant(0), retransmit: RetransmitSpec? = nil) {
        self.latency = latency
        self.retransmit = retransmit
    }
}

/// An at-least-once transport under the agents (`network.retransmit`): a sender that gets no
/// acknowledgement sends the message again when its retransmission timeout (RTO) expires.
///
/// The RTO of send *k* (the first send is 1) is `after · multiplierᵏ⁻¹`, capped at `maxDelay`;
/// send *k* + 1 happens RTO(*k*) after send *k* if send *k* was lost, up to `maxAttempts` sends.
/// The defaults are TCP's (RFC 6298: a 1 s initial RTO, doubled on every expiry, capped at no less
/// than 60 s) and Linux's 15 sends (`tcp_retries2`), which ride out about 9 minutes of outage.
public struct RetransmitSpec: Sendable, Hashable {
    /// The RTO of the first send (default 1 s).
    public var after: SimDuration
    /// Sends in total, the first included (default 15); a message lost on its last send is gone.
    public var maxAttempts: Int
    /// The RTO's growth from one send to the next (default 2; 1 keeps it constant).
    public var multiplier: Double
    /// The largest RTO (default 60 s).
    public var maxDelay: SimDuration

    /// Creates a retransmission policy.
    public init(
        after: SimDuration = .seconds(1), maxAttempts: Int = 15, multiplier: Double = 2,
        maxDelay: SimDuration = .seconds(60)
    ) {
        self.after = after
        self.maxAttempts = maxAttempts
        self.multiplier = multiplier
        self.maxDelay = maxDelay
    }

    /// The most sends a scenario may ask for.
    public static let attemptLimit = 1000

    /// The retransmission timeout of send `attempt` (the first send is 1):
    /// `after · multiplier^(attempt − 1)` in nanoseconds, rounded to the nearest, capped at
    /// ``maxDelay``; saturates instead of overflowing, for any `attempt`.
    ///
    /// - Complexity: O(min(`attempt`, the sends it takes to reach the cap)).
    public func timeout(ofSend attempt: Int) -> SimDuration {
        precondition(attempt >= 1, "sends are numbered from 1")
        let cap = Double(maxDelay.nanos)
        var nanos = Double(after.nanos)
        var k = 1
        while k < attempt && nanos < cap && multiplier > 1 {
            nanos *= multiplier
            k += 1
        }
        return nanos >= cap ? maxDelay : SimDuration(nanos: Int64(nanos.rounded()))
    }
}

/// The token sizes of one coordination LLM call.
public struct CallSpec: Sendable, Hashable {
    /// Input tokens.
    public var tokensIn: Distribution
    /// Output tokens.
    public var tokensOut: Distribution
    /// Creates a call size.
    public init(tokensIn: Distribution, tokensOut: Distribution) {
        self.tokensIn = tokensIn
        self.tokensOut = tokensOut
    }
}

/// Limits on one run: every run ends.
public struct RunLimits: Sendable, Hashable {
    /// The run stops at this virtual time even with jobs in flight (they are reported in flight).
    public var until: SimDuration
    /// The run stops after this many events.
    public var maxEvents: Int
    /// Replications run by default (seeds `seed`, `seed + 1`, ...).
    public var replications: Int
    /// Put a limit on everything: far more replications than a confidence interval needs.
    public static let maxReplications = 100_000
    /// Creates run limits.
    public init(
        until: SimDuration = .seconds(365 * 86_400), maxEvents: Int = 2_000_000_000, replications: Int = 1
    ) {
        self.until = until
        self.maxEvents = maxEvents
        self.replications = replications
    }
}
