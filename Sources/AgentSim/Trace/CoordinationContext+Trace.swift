/// The trace observer's hooks, called from the engine only when ``CoordinationContext/trace`` is
/// set (one `nil` test at each site). Each reads state and appends to the recorder; none changes
/// what the run does.
extension CoordinationContext {
    /// A job was admitted in `slot` now.
    func traceArrival(_ job: JobID) {
        guard let trace else { return }
        if trace.arrived(serial: serialNumber(of: job), at: now.nanos, warmupNanos: stats.warmup.nanos) {
            traceCounters(trace)
        }
    }

    /// A job ended now: completed, failed (for `detail`) or dead-lettered.
    func traceEnd(_ job: JobID, _ kind: TraceInstant.Kind, detail: String = "") {
        guard let trace else { return }
        let serial = serialNumber(of: job)
        guard trace.traces(serial) else { return }
        trace.ended(serial: serial, at: now.nanos, kind: kind, detail: detail)
        traceCounters(trace)
    }

    /// The call `record` ended now and was booked under `cause`.
    func traceCall(_ record: CallRecord, cause: CostCause) {
        guard let trace else { return }
        let request = record.request
        let serial = serialNumber(of: request.task.job)
        guard trace.traces(serial) else { return }
        let role = Int(agents[Int(record.agent)].role)
        let step = request.task.step
        let stepText = step == .max ? "" : graph.steps[Int(step)].name
        let name: String
        if request.isWork {
            name = stepText
        } else {
            let tag = request.tag & 0xFF_FFFF
            name = "coordination #\(tag)" + (stepText.isEmpty ? "" : " · " + stepText)
        }
        trace.calls.append(
            TraceCall(
                serial: serial, agent: Int(record.agent), startNanos: record.startedAt, endNanos: now.nanos,
                name: name, cause: cause, tokensIn: request.tokensIn, tokensOut: request.tokensOut,
                costUSD: ledger.price(role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)))
        traceCounters(trace)
    }

    /// `message` was put in flight in message slot `slot` now.
    func traceSent(_ message: Message, slot: UInt32) {
        guard let trace, trace.traces(serialNumber(of: message.task.job)) else { return }
        trace.sent(slot: slot, at: now.nanos)
    }

    /// `message` arrived now; it was in flight in `slot` (`nil`: sent now over an instant network).
    func traceDelivered(_ message: Message, slot: UInt32?) {
        guard let trace else { return }
        let serial = serialNumber(of: message.task.job)
        guard trace.traces(serial) else { return }
        let sent = slot.map { Int($0) < trace.sentAt.count ? trace.sentAt[Int($0)] : now.nanos } ?? now.nanos
        trace.flows.append(
            TraceFlow(
                serial: serial, from: fleetIndex(message.from), to: fleetIndex(message.to), sentNanos: sent,
                deliveredNanos: now.nanos, tag: message.tag & 0xFF_FFFF))
    }

    /// `message` was lost now (a network fault dropped it or a partition cut it).
    func traceLost(_ message: Message) {
        guard let trace else { return }
        let serial = serialNumber(of: message.task.job)
        guard trace.traces(serial) else { return }
        let to = agentName(message.to) ?? "a pool"
        trace.instants.append(
            TraceInstant(
                kind: .messageLost, nanos: now.nanos, serial: serial, agent: fleetIndex(message.from),
                detail: "to \(to), tag \(message.tag & 0xFF_FFFF)"))
    }

    /// Fault `code / 2` starts (even) or ends (odd) now. Faults are kept whatever jobs they strike.
    func traceFault(_ code: UInt32) {
        guard let trace else { return }
        let i = Int(code / 2)
        let detail: String
        if i < faults.count {
            let names = faults[i].agents.compactMap { agentName(AgentID(index: UInt32($0))) }
            detail = "\(faults[i].kind) on " + names.joined(separator: ", ")
        } else {
            detail = "\(layer.faults[i - faults.count].kind)"
        }
        trace.instants.append(
            TraceInstant(
                kind: code % 2 == 0 ? .faultStart : .faultEnd, nanos: now.nanos, serial: nil, agent: nil,
                detail: "#\(i) " + detail))
    }

    /// Jobs in flight and queued calls now, while the traced jobs are in the system.
    func traceCounters(_ trace: TraceRecorder) {
        guard trace.inWindow else { return }
        var agentQueued = 0
        for q in agentQueue { agentQueued += q.count }
        trace.counters.append(
            TraceCounter(
                nanos: now.nanos, jobsInFlight: jobsInFlight, queued: poolQueue.map(\.count) + [agentQueued]))
    }

    /// The fleet index of `agent`, `nil` for ``AgentID/none``.
    func fleetIndex(_ agent: AgentID) -> Int? {
        agent == .none || Int(agent.index) >= fleet.agentCount ? nil : Int(agent.index)
    }
}
