/// A job in flight: its slot in the job table. Valid from arrival until the job ends; slots are reused.
public struct JobID: Hashable, Sendable, BitwiseCopyable {
    /// The slot index.
    public let index: UInt32
    /// Creates a job id from a slot index.
    public init(index: UInt32) { self.index = index }
}

/// One agent of the fleet: its index in role order (role by role, in scenario order).
public struct AgentID: Hashable, Sendable, BitwiseCopyable, Comparable {
    /// The agent index.
    public let index: UInt32
    /// Creates an agent id from an index.
    public init(index: UInt32) { self.index = index }
    /// "No agent": e.g. the origin of a job's first steps, which come from outside.
    public static let none = AgentID(index: .max)
    /// Index order, which is the fleet's order of roles and agents.
    public static func < (a: AgentID, b: AgentID) -> Bool { a.index < b.index }
}

/// A pool: a queue and the agents that serve it (all agents with a skill, or one role).
public struct PoolID: Hashable, Sendable, BitwiseCopyable {
    /// The pool index.
    public let index: UInt32
    /// Creates a pool id from an index.
    public init(index: UInt32) { self.index = index }
}

/// One copy of one step of one job: the unit of work an agent does.
public struct TaskRef: Hashable, Sendable, BitwiseCopyable {
    /// The job.
    public let job: JobID
    /// The step's index in the job template.
    public let step: UInt16
    /// Which parallel copy of the step (0 when the step does not fan out).
    public let copy: UInt16
    /// Creates a task reference.
    public init(job: JobID, step: UInt16, copy: UInt16) {
        self.job = job
        self.step = step
        self.copy = copy
    }
}

/// The result of a work call: which task, who did it, and whether its output is right.
public struct TaskResult: Sendable, Hashable, BitwiseCopyable {
    /// The task.
    public let task: TaskRef
    /// The agent that did it.
    public let agent: AgentID
    /// Whether the output is right (drawn from the agent role's `accuracy`).
    public let correct: Bool
    /// Creates a result.
    public init(task: TaskRef, agent: AgentID, correct: Bool) {
        self.task = task
        self.agent = agent
        self.correct = correct
    }
}

/// A coordination LLM call (planning, routing, synthesis, ...) that finished.
public struct CoordinationCall: Sendable, Hashable {
    /// The job the call was for.
    public let job: JobID
    /// The agent that made the call.
    public let agent: AgentID
    /// The coordinator's own label for the call (e.g. plan = 1).
    public let tag: UInt32
    /// The task the call was about, if any (e.g. the result being routed).
    public let task: TaskRef?
    /// Creates a call record.
    public init(job: JobID, agent: AgentID, tag: UInt32, task: TaskRef?) {
        self.job = job
        self.agent = agent
        self.tag = tag
        self.task = task
    }
}

/// A coordination message between agents; every one crosses the network and is counted.
public struct Message: Sendable, Hashable {
    /// The sender.
    public let from: AgentID
    /// The receiver.
    public let to: AgentID
    /// The coordinator's own label (e.g. dispatch = 1, result = 2).
    public let tag: UInt32
    /// The task the message carries or is about.
    public let task: TaskRef
    /// The coordinator's own data (a bid, a vote, a flag); the network never looks at it.
    public let payload: UInt64
    /// True for a second copy of a message the network duplicated (a `duplicate` fault): the
    /// receiver has already been delivered a message with this id. An idempotent receiver ignores
    /// it, as every built-in pattern does; a coordinator that acts on it again does the work twice,
    /// which is what the fault tests. A resend by `network.retransmit` is not a redelivery: no copy
    /// of it arrived before.
    public let redelivered: Bool
    /// Creates a message.
    public init(from: AgentID, to: AgentID, tag: UInt32, task: TaskRef, payload: UInt64 = 0) {
        self.init(from: from, to: to, tag: tag, task: task, payload: payload, redelivered: false)
    }

    private init(from: AgentID, to: AgentID, tag: UInt32, task: TaskRef, payload: UInt64, redelivered: Bool) {
        self.from = from
        self.to = to
        self.tag = tag
        self.task = task
        self.payload = payload
        self.redelivered = redelivered
    }

    /// The same message (id, payload, redelivery flag) with another tag: for a coordinator that
    /// forwards messages to inner coordinators in their own tag spaces.
    public func retagged(_ tag: UInt32) -> Message {
        Message(from: from, to: to, tag: tag, task: task, payload: payload, redelivered: redelivered)
    }

    /// The network's second copy of this message.
    var redelivery: Message {
        Message(from: from, to: to, tag: tag, task: task, payload: payload, redelivered: true)
    }
}
