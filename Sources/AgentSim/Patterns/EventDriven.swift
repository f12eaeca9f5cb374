/// The event-driven pattern: a publish/subscribe bus and no coordinator.
///
/// Every step has a topic, "this step's copy is done". The steps that wait for a step subscribe to
/// its topic as consumer groups (one group per step, served by the pool of the step's skill); the
/// job's requester subscribes to the topics of the last steps (the sink), and the first steps
/// subscribe to the intake topic, on which the requester publishes the job. An agent that finishes
/// a copy publishes its result: one message to the bus, then one delivery message per subscriber.
/// A group starts its step's copies when it has received every event its step waits for. No LLM
/// call is spent on coordination.
///
/// Delivery is at least once: each delivery is duplicated with probability `duplicate_rate`. The
/// bus accepts a task's result once (an idempotent producer: a second publish of the same task is
/// dropped), but consumers keep no log of what they processed: a duplicate that reaches a group
/// after it started its step makes it do the step again (cost paid, result ignored); one that
/// arrives before is absorbed by the group's join, which keys inputs by event. Event storms: with
/// probability `retrigger` an output also lands on the topic its own group listens to, so the
/// group does the task again, at most `storm_limit` times per task.
///
/// Messages per job with no duplicates, storms or redeliveries: `1 + R + Σ_s K_s (1 + S_s)`, with
/// R the number of first steps, K_s the copies of step s and S_s its subscribers (the steps after
/// it, or 1, the sink, for a last step). Coordination calls: 0.
public enum EventDrivenPattern: PatternDefinition {
    public static let name = "event_driven"
    public static let summary =
        "A pub/sub bus: agents publish step results, the next steps' groups subscribe; no coordinator calls."
    public static let parameters = [
        ParameterDeclaration(
            "bus_latency", .durationDistribution, default: .distribution(.constant(0.001)),
            help: "Time the bus takes per publish and per delivery, on top of the network."),
        ParameterDeclaration(
            "bus_capacity", .count(minimum: 0), default: .int(0),
            help: "Publishes and deliveries the bus handles at once; more wait in FIFO order (0: unbounded)."),
        ParameterDeclaration(
            "duplicate_rate", .probability, default: .number(0.01),
            help: "Probability a delivery is made twice (at-least-once delivery)."),
        ParameterDeclaration(
            "dead_letter_after", .count(minimum: 1), default: .int(3),
            help: "Failed deliveries of an event to a group after which it goes to the dead-letter topic."),
        ParameterDeclaration(
            "redelivery_delay", .duration, default: .duration(.seconds(1)),
            help: "How long the bus waits before redelivering an event a group failed to take."),
        ParameterDeclaration(
            "retrigger", .probability, default: .number(0),
            help: "Probability an output re-triggers its own group's topic (an event storm)."),
        ParameterDeclaration(
            "storm_limit", .count(minimum: 0), default: .int(3),
            help: "Re-triggers allowed per task; the storm stops there."),
    ]

    public static func makeCoordinator(_ parameters: PatternParameters, _ ctx: inout CoordinationContext)
        -> EventDriven
    {
        EventDriven(spec: EventDrivenSpec(parameters: parameters), ctx: &ctx)
    }
}

/// Parameters of the event-driven pattern.
public struct EventDrivenSpec: Sendable, Hashable {
    /// Time the bus takes per operation (a publish accepted, a delivery sent), in seconds, on top of
    /// the network latency.
    public var busLatency: Distribution
    /// Operations the bus handles at once; the rest wait in FIFO order. 0: unbounded.
    public var busCapacity: Int
    /// Probability a delivery is made twice.
    public var duplicateRate: Double
    /// Failed deliveries of an event to a group before it is dead-lettered and its job fails.
    ///
    /// Today a delivery fails only when the group's queue is full; work errors (issue 4) will take
    /// the same path.
    public var deadLetterAfter: Int
    /// Wait before a failed delivery is retried.
    public var redeliveryDelay: SimDuration
    /// Probability a finished task's output re-triggers its own group (an event storm).
    public var retrigger: Double
    /// Re-triggers allowed per task (at most 65,535).
    public var stormLimit: Int

    /// Creates event-driven parameters; the defaults are documented in Patterns.md.
    public init(
        busLatency: Distribution = .constant(0.001), busCapacity: Int = 0, duplicateRate: Double = 0.01,
        deadLetterAfter: Int = 3, redeliveryDelay: SimDuration = .seconds(1), retrigger: Double = 0,
        stormLimit: Int = 3
    ) {
        self.busLatency = busLatency
        self.busCapacity = busCapacity
        self.duplicateRate = duplicateRate
        self.deadLetterAfter = deadLetterAfter
        self.redeliveryDelay = redeliveryDelay
        self.retrigger = retrigger
        self.stormLimit = stormLimit
    }

    /// Reads them from decoded scenario parameters.
    public init(parameters p: PatternParameters) {
        self.init(
            busLatency: p.distribution("bus_latency"), busCapacity: p.int("bus_capacity"),
            duplicateRate: p.number("duplicate_rate"), deadLetterAfter: p.int("dead_letter_after"),
            redeliveryDelay: p.duration("redelivery_delay"), retrigger: p.number("retrigger"),
            stormLimit: p.int("storm_limit"))
    }

    /// The scenario parameters they stand for.
    public var parameters: PatternParameters {
        PatternParameters([
            "bus_latency": .distribution(busLatency), "bus_capacity": .int(busCapacity),
            "duplicate_rate": .number(duplicateRate), "dead_letter_after": .int(deadLetterAfter),
            "redelivery_delay": .duration(redeliveryDelay), "retrigger": .number(retrigger),
            "storm_limit": .int(stormLimit),
        ])
    }
}

extension PatternSpec {
    /// The event-driven pattern with `spec`.
    public static func eventDriven(_ spec: EventDrivenSpec = EventDrivenSpec()) -> PatternSpec {
        PatternSpec(name: EventDrivenPattern.name, parameters: spec.parameters)
    }
}

/// The event-driven coordinator: a bus, consumer groups and their joins (see ``EventDrivenPattern``).
///
/// It also works as one stage of a ``Hybrid``: a step is its own when it hears `taskReady` for it; an
/// input that another stage produced reaches the bus as a publish from the agent that finished it.
public struct EventDriven: Coordinator {
    /// The pattern's parameters.
    public let spec: EventDrivenSpec
    /// What the bus did so far, except the bus's own totals (see ``counters``).
    var tally = EventBusCounters()

    /// Per step: the steps it waits for.
    let predecessors: [[UInt16]]
    /// Steps no step waits for: their topics go to the sink.
    let lastSteps: [UInt16]
    let stormLimit: UInt16
    var bus: EventBus
    var tasks: TaskStateTable<EventTaskState>
    /// At job slot × steps + step: events the step's group waits for, and has received (originals).
    var needed: [UInt32] = []
    var received: [UInt32] = []
    /// At job slot × steps + step: whether the group has started the step's copies.
    var started: [Bool] = []
    /// Per job slot: whether this coordinator published the job's intake; events the sink has
    /// received; whether every step is done.
    var intake: [Bool] = []
    var sinkReceived: [UInt32] = []
    var allDone: [Bool] = []

    /// Creates the pattern over `ctx`'s job graph.
    public init(spec: EventDrivenSpec, ctx: inout CoordinationContext) {
        precondition(ctx.fleet.agentCount <= EventBus.maxExtra, "event_driven: at most 262,143 agents")
        self.spec = spec
        let steps = ctx.graph.steps
        var before = [[UInt16]](repeating: [], count: steps.count)
        for (s, step) in steps.enumerated() {
            for d in step.dependents { before[Int(d)].append(UInt16(s)) }
        }
        predecessors = before
        lastSteps = steps.indices.filter { steps[$0].dependents.isEmpty }.map { UInt16($0) }
        stormLimit = UInt16(clamping: spec.stormLimit)
        bus = EventBus(latency: spec.busLatency, capacity: spec.busCapacity)
        tasks = TaskStateTable(stepCount: steps.count, initial: EventTaskState())
    }

    public var name: String { EventDrivenPattern.name }

    public mutating func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        begin(job, &ctx)
        intake[Int(job.index)] = true
        tally.publishes += 1
        ctx.send(Message(from: .none, to: .none, tag: EventKind.intake.rawValue, task: Self.jobTask(job)))
    }

    /// A step became ready (its last input was accepted): its group is delivered the events it waits
    /// for, one delivery per event, and starts once they are all in.
    public mutating func taskReady(_ task: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        begin(task.job, &ctx)
        tasks.announce(task)
        guard task.copy == 0 else { return }
        let job = task.job
        let step = Int(task.step)
        let group = Self.groupTask(job, task.step)
        var events = 0
        if predecessors[step].isEmpty {
            events = 1
            if intake[Int(job.index)] {
                deliver(.input, task: group, &ctx)
            } else {
                handOff(group, from: agent, &ctx)
            }
        }
        for p in predecessors[step] {
            let copies = tasks.copies(job, step: Int(p))
            if copies == 0 {  // another stage's step: its result enters the bus here
                events += 1
                handOff(group, from: agent, &ctx)
            } else {
                events += copies
                for _ in 0..<copies { deliver(.input, task: group, &ctx) }
            }
        }
        needed[Int(job.index) * tasks.stepCount + step] = UInt32(events)
    }

    public mutating func taskFinished(_ result: TaskResult, _ ctx: inout CoordinationContext) {
        var flags: UInt32 = result.correct ? EventBus.correctFlag : 0
        if spec.retrigger > 0 {
            // Drawn for every finish, so the stream does not depend on the limit.
            let u = ctx.coordinatorRNG.nextDouble()
            if u < spec.retrigger && tasks[result.task].storms < stormLimit {
                tasks[result.task].storms += 1
                tally.stormRetriggers += 1
                flags |= EventBus.retriggerFlag
            }
        }
        tally.publishes += 1
        ctx.send(
            Message(
                from: result.agent, to: .none, tag: EventKind.publish.rawValue, task: result.task,
                payload: UInt64(flags)))
    }

    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        let flags = UInt32(truncatingIfNeeded: message.payload) & 0xFF
        let extra = UInt32(truncatingIfNeeded: message.payload >> 8)
        let duplicate = flags & EventBus.duplicateFlag != 0
        switch EventKind(rawValue: message.tag) {
        case .publish:
            busOperation(.publish, flags: flags, extra: message.from.index, task: message.task, &ctx)
        case .intake:
            busOperation(.intake, flags: 0, extra: 0, task: message.task, &ctx)
        case .handoff:
            busOperation(.handoff, flags: 0, extra: 0, task: message.task, &ctx)
        case .input:
            inputArrived(message.task, duplicate: duplicate, &ctx)
        case .sink:
            if !duplicate {
                sinkReceived[Int(message.task.job.index)] += 1
                completeIfAnswered(message.task.job, &ctx)
            }
        case .redelivery:
            deliverCopy(message.task, attempt: Int(extra), duplicate: duplicate, &ctx)
        case .storm:
            redo(message.task, &ctx)
        case .redeliveryWait, nil:
            preconditionFailure("event_driven: unexpected message tag \(message.tag)")
        }
    }

    public mutating func timerFired(tag: UInt32, task: TaskRef, _ ctx: inout CoordinationContext) {
        let (kind, flags, extra) = EventBus.decode(tag)
        switch kind {
        case .publish:
            accept(task, by: AgentID(index: extra), flags: flags, &ctx)
        case .intake:
            ctx.startJob(task.job)  // the first steps' taskReady delivers the intake event
        case .handoff:
            deliver(.input, task: task, &ctx)
        case .redeliveryWait:
            deliver(.redelivery, task: task, extra: extra, &ctx)
        case .input, .sink, .redelivery, .storm:
            if flags & EventBus.duplicateFlag != 0 {
                tally.duplicateDeliveries += 1
            } else {
                tally.deliveries += 1
                if kind == .redelivery { tally.redeliveries += 1 }
            }
            ctx.send(
                Message(
                    from: .none, to: .none, tag: kind.rawValue, task: task,
                    payload: UInt64(flags) | UInt64(extra) << 8))
        }
    }

    public mutating func allStepsDone(_ job: JobID, by agent: AgentID, _ ctx: inout CoordinationContext) {
        begin(job, &ctx)
        allDone[Int(job.index)] = true
        completeIfAnswered(job, &ctx)
    }

    /// Rejections are handled where the delivery is taken (``deliverCopy``): the bus redelivers.
    public mutating func taskRejected(_ task: TaskRef, _ ctx: inout CoordinationContext) {}

    // MARK: - The bus's side

    /// The bus accepts a task's result: the first time, the task is done (its successors become
    /// ready and are delivered their events) and a last step's event goes to the sink; later
    /// publishes of the same task are dropped. A re-triggering output also goes back to its group.
    mutating func accept(_ task: TaskRef, by agent: AgentID, flags: UInt32, _ ctx: inout CoordinationContext)
    {
        if tasks[task].accepted {
            tally.droppedPublishes += 1
        } else {
            tasks[task].accepted = true
            ctx.completeTask(task, by: agent, correct: flags & EventBus.correctFlag != 0)
            if ctx.graph.steps[Int(task.step)].dependents.isEmpty {
                deliver(.sink, task: Self.jobTask(task.job), &ctx)
            }
        }
        if flags & EventBus.retriggerFlag != 0 { deliver(.storm, task: task, &ctx) }
    }

    /// An input produced outside this pattern (another stage, or a first step it did not take in):
    /// the producing agent publishes it to the bus, which delivers it to the group.
    mutating func handOff(_ group: TaskRef, from agent: AgentID, _ ctx: inout CoordinationContext) {
        tally.publishes += 1
        ctx.send(Message(from: agent, to: .none, tag: EventKind.handoff.rawValue, task: group))
    }

    /// Queues one delivery on the bus, and with probability `duplicate_rate` a second one.
    mutating func deliver(
        _ kind: EventKind, task: TaskRef, extra: UInt32 = 0, _ ctx: inout CoordinationContext
    ) {
        busOperation(kind, flags: 0, extra: extra, task: task, &ctx)
        if spec.duplicateRate > 0 && ctx.coordinatorRNG.nextDouble() < spec.duplicateRate {
            busOperation(kind, flags: EventBus.duplicateFlag, extra: extra, task: task, &ctx)
        }
    }

    mutating func busOperation(
        _ kind: EventKind, flags: UInt32, extra: UInt32, task: TaskRef, _ ctx: inout CoordinationContext
    ) {
        let done = bus.admit(at: ctx.now, &ctx.coordinatorRNG)
        ctx.setTimer(
            after: done - ctx.now, tag: EventBus.encode(kind, flags: flags, extra: extra), task: task)
    }

    // MARK: - The subscribers' side

    /// An event reached the group of `group.step`; once every event its step waits for is in, the
    /// group takes the step's copies. A duplicate is absorbed by the join before that (it keys
    /// inputs by event), and makes the group do its step again after (it keeps no log of what it
    /// processed).
    mutating func inputArrived(_ group: TaskRef, duplicate: Bool, _ ctx: inout CoordinationContext) {
        let job = group.job
        let step = Int(group.step)
        let i = Int(job.index) * tasks.stepCount + step
        if duplicate {
            if started[i] {
                for c in 0..<tasks.copies(job, step: step) { redo(Self.copy(group, c), &ctx) }
            }
            return
        }
        received[i] += 1
        guard received[i] == needed[i] else { return }
        started[i] = true
        for c in 0..<tasks.copies(job, step: step) {
            deliverCopy(Self.copy(group, c), attempt: 1, duplicate: false, &ctx)
        }
    }

    /// The group takes one copy; a full queue makes the delivery fail, and the bus redelivers it
    /// after `redelivery_delay` or, after `dead_letter_after` failures, dead-letters it (the job
    /// fails).
    mutating func deliverCopy(
        _ task: TaskRef, attempt: Int, duplicate: Bool, _ ctx: inout CoordinationContext
    ) {
        let result = ctx.submit(task, to: ctx.pool(of: task))
        if duplicate {
            if result != .rejected { tally.duplicateWorkCalls += 1 }
            return
        }
        guard result == .rejected else { return }
        if attempt >= spec.deadLetterAfter {
            tally.deadLettered += 1
            ctx.failJob(task.job, reason: "dead-lettered (\(ctx.graph.steps[Int(task.step)].name))")
        } else {
            let next = UInt32(clamping: attempt + 1)
            ctx.setTimer(
                after: spec.redeliveryDelay, tag: EventBus.encode(.redeliveryWait, flags: 0, extra: next),
                task: task)
        }
    }

    /// Duplicate work (a duplicate after the step started, or a storm): paid, its result ignored.
    mutating func redo(_ task: TaskRef, _ ctx: inout CoordinationContext) {
        if ctx.submit(task, to: ctx.pool(of: task)) != .rejected { tally.duplicateWorkCalls += 1 }
    }

    /// The sink completes the job once it has the event of every copy of every last step this
    /// pattern coordinates, and every step is done.
    mutating func completeIfAnswered(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        guard allDone[slot] else { return }
        var total = 0
        for s in lastSteps { total += tasks.copies(job, step: Int(s)) }
        if Int(sinkReceived[slot]) == total { ctx.completeJob(job) }
    }

    /// Resets the per-slot state the first time the pattern hears of `job`.
    mutating func begin(_ job: JobID, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        let n = tasks.stepCount
        while intake.count <= slot {
            intake.append(false)
            sinkReceived.append(0)
            allDone.append(false)
            needed += repeatElement(0, count: n)
            received += repeatElement(0, count: n)
            started += repeatElement(false, count: n)
        }
        guard tasks.begin(job, ctx) else { return }
        intake[slot] = false
        sinkReceived[slot] = 0
        allDone[slot] = false
        for i in (slot * n)..<(slot * n + n) {
            needed[i] = 0
            received[i] = 0
            started[i] = false
        }
    }

    static func jobTask(_ job: JobID) -> TaskRef { TaskRef(job: job, step: .max, copy: .max) }
    static func groupTask(_ job: JobID, _ step: UInt16) -> TaskRef { TaskRef(job: job, step: step, copy: 0) }
    static func copy(_ group: TaskRef, _ c: Int) -> TaskRef {
        TaskRef(job: group.job, step: group.step, copy: UInt16(c))
    }
}
