/// The trace recorder as a model observer: it hears the model's events (``ModelEvent``) and
/// appends what touches the traced jobs; it never changes what the run does.
extension TraceRecorder: ModelObserver {
    func observe(_ event: ModelEvent, in ctx: inout CoordinationContext) {
        switch event {
        case .jobAdmitted(let job): jobArrived(job, &ctx)
        case .jobEnded(let job, let end):
            switch end {
            case .completed: jobEnded(job, .completed, detail: "", &ctx)
            case .failed(let reason): jobEnded(job, .failed, detail: reason, &ctx)
            case .deadLettered: jobEnded(job, .deadLettered, detail: "", &ctx)
            }
        case .callBooked(let record, let cause): callBooked(record, cause: cause, &ctx)
        case .messageSent(let message, let slot):
            if traces(ctx.serialNumber(of: message.task.job)) { sent(slot: slot, at: ctx.now.nanos) }
        case .messageDelivered(let message, let slot): delivered(message, slot: slot, &ctx)
        case .messageLost(let message): lost(message, &ctx)
        case .faultToggled(let code): fault(code, &ctx)
        case .eventStarts, .eventEnded, .callFinishing, .jobEndedTwice, .stepReady, .taskFinished,
            .taskCompleted, .taskCompletedTooOften, .releasedUnheld, .delegated, .callStarted, .runStopped:
            break
        }
    }

    /// A job was admitted now.
    func jobArrived(_ job: JobID, _ ctx: inout CoordinationContext) {
        if arrived(serial: ctx.serialNumber(of: job), at: ctx.now.nanos, warmupNanos: ctx.stats.warmup.nanos)
        {
            recordCounters(&ctx)
        }
    }

    /// A job ended now: completed, failed (for `detail`) or dead-lettered.
    func jobEnded(
        _ job: JobID, _ kind: TraceInstant.Kind, detail: String, _ ctx: inout CoordinationContext
    ) {
        let serial = ctx.serialNumber(of: job)
        guard traces(serial) else { return }
        ended(serial: serial, at: ctx.now.nanos, kind: kind, detail: detail)
        recordCounters(&ctx)
    }

    /// The call `record` ended now and was booked under `cause`.
    func callBooked(_ record: CallRecord, cause: CostCause, _ ctx: inout CoordinationContext) {
        let request = record.request
        let serial = ctx.serialNumber(of: request.task.job)
        guard traces(serial) else { return }
        let role = Int(ctx.agents[Int(record.agent)].role)
        let step = request.task.step
        let stepText = step == .max ? "" : ctx.graph.steps[Int(step)].name
        let name: String
        if request.isWork {
            name = stepText
        } else {
            let tag = CoordinatorTag.local.value(in: request.tag)
            name = "coordination #\(tag)" + (stepText.isEmpty ? "" : " · " + stepText)
        }
        calls.append(
            TraceCall(
                serial: serial, agent: Int(record.agent), startNanos: record.startedAt,
                endNanos: ctx.now.nanos,
                name: name, cause: cause, tokensIn: request.tokensIn, tokensOut: request.tokensOut,
                costUSD: ctx.ledger.price(
                    role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)))
        recordCounters(&ctx)
    }

    /// `message` arrived now; it was in flight in `slot` (`nil`: sent now over an instant network).
    func delivered(_ message: Message, slot: UInt32?, _ ctx: inout CoordinationContext) {
        let serial = ctx.serialNumber(of: message.task.job)
        guard traces(serial) else { return }
        let now = ctx.now.nanos
        let sent = slot.map { Int($0) < sentAt.count ? sentAt[Int($0)] : now } ?? now
        flows.append(
            TraceFlow(
                serial: serial, from: ctx.fleetIndex(message.from), to: ctx.fleetIndex(message.to),
                sentNanos: sent,
                deliveredNanos: now, tag: CoordinatorTag.local.value(in: message.tag)))
    }

    /// `message` was lost now (a network fault dropped it or a partition cut it).
    func lost(_ message: Message, _ ctx: inout CoordinationContext) {
        let serial = ctx.serialNumber(of: message.task.job)
        guard traces(serial) else { return }
        let to = ctx.agentName(message.to) ?? "a pool"
        instants.append(
            TraceInstant(
                kind: .messageLost, nanos: ctx.now.nanos, serial: serial, agent: ctx.fleetIndex(message.from),
                detail: "to \(to), tag \(CoordinatorTag.local.value(in: message.tag))"))
    }

    /// Fault `code / 2` starts (even) or ends (odd) now. Faults are kept whatever jobs they strike.
    func fault(_ code: UInt32, _ ctx: inout CoordinationContext) {
        let i = Int(code / 2)
        let detail: String
        if i < ctx.faults.count {
            let names = ctx.faults[i].agents.compactMap { ctx.agentName(AgentID(index: UInt32($0))) }
            detail = "\(ctx.faults[i].kind) on " + names.joined(separator: ", ")
        } else {
            detail = "\(ctx.layer.faults[i - ctx.faults.count].kind)"
        }
        instants.append(
            TraceInstant(
                kind: code % 2 == 0 ? .faultStart : .faultEnd, nanos: ctx.now.nanos, serial: nil, agent: nil,
                detail: "#\(i) " + detail))
    }

    /// Jobs in flight and queued calls now, while the traced jobs are in the system.
    func recordCounters(_ ctx: inout CoordinationContext) {
        guard inWindow else { return }
        var agentQueued = 0
        for q in ctx.agentQueue { agentQueued += q.count }
        counters.append(
            TraceCounter(
                nanos: ctx.now.nanos, jobsInFlight: ctx.jobsInFlight,
                queued: ctx.poolQueue.map(\.count) + [agentQueued]))
    }
}

extension CoordinationContext {
    /// The trace observer (`run --trace`), if one is installed; setting it replaces the one
    /// installed before (`nil`, the default, removes it).
    public var trace: TraceRecorder? {
        get {
            for observer in observers {
                if let recorder = observer as? TraceRecorder { return recorder }
            }
            return nil
        }
        set {
            removeObservers { $0 is TraceRecorder }
            if let newValue { addObserver(newValue) }
        }
    }

    /// The fleet index of `agent`, `nil` for ``AgentID/none``.
    func fleetIndex(_ agent: AgentID) -> Int? {
        agent == .none || Int(agent.index) >= fleet.agentCount ? nil : Int(agent.index)
    }
}
