import AgentSimKernel

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

    /// The pattern's name, as summary.csv's `pattern` column writes it.
    public var name: String { EventDrivenPattern.name }

    /// The requester publishes the job on the intake topic.
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

    /// The agent publishes its result (with probability `retrigger`, one that re-triggers its own
    /// group, while the task's storm is under the limit).
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

    /// A publish reached the bus (it queues for a bus slot), or a delivery reached a group or the
    /// sink.
    public mutating func messageDelivered(_ message: Message, _ ctx: inout CoordinationContext) {
        guard !message.redelivered else { return }  // a network duplicate: already handled
        let flags = UInt32(EventBus.payloadFlags.value(in: message.payload))
        let extra = UInt32(EventBus.payloadExtra.value(in: message.payload))
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

    /// A bus operation ended (a publish is accepted, a delivery leaves for its subscriber), or a
    /// redelivery's wait is over.
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
                    payload: EventBus.payloadFlags.packing(UInt64(flags))
                        | EventBus.payloadExtra.packing(UInt64(extra))))
        }
    }

    /// Every step is done; the job completes when the sink also has every last step's event.
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
}
