import AgentSimKernel

/// Layer faults starting and ending, and messages crossing the network while some are active.
extension CoordinationContext {
    /// Layer fault `j` starts or ends.
    mutating func applyLayerFault(_ j: Int, starting: Bool) {
        guard layer.active[j] != starting else { return }
        layer.active[j] = starting
        if starting {
            stats.faultsInjected &+= 1
            layer.touched &+= 1
        }
        let fault = layer.faults[j]
        if case .hallucination = fault.kind {
            guard fault.role >= 0 else { return }
            var accuracy = layer.baseAccuracy[fault.role]
            for (i, other) in layer.faults.enumerated() where layer.active[i] && other.role == fault.role {
                if case .hallucination(let a) = other.kind { accuracy = min(accuracy, a) }
            }
            roles[fault.role].accuracy = accuracy
            return
        }
        layer.activeNetwork = []
        layer.activePartitions = 0
        for (i, other) in layer.faults.enumerated() where layer.active[i] {
            switch other.kind {
            case .hallucination: continue
            case .partition: layer.activePartitions += 1
            default: break
            }
            layer.activeNetwork.append(i)
        }
    }

    /// Sends `message` (send `attempt` of it) with network latency `delay` through the active
    /// network faults, in fault order: a partition between its endpoints or a loss draw drops it
    /// (``lost(_:attempt:sentNanos:)``); spikes and reorder draws add delay; a duplication draw
    /// sends a second copy with the same delay, marked ``Message/redelivered`` (it is delivered right
    /// after the first). Draws come from "faults:network" only.
    mutating func sendThroughFaults(_ message: Message, delay latency: SimDuration, attempt: UInt32) {
        var delay = latency
        var copies = 1
        for k in layer.activeNetwork.indices {
            let i = layer.activeNetwork[k]
            switch layer.faults[i].kind {
            case .partition(let oneWay):
                if layer.cuts(i, message, oneWay: oneWay) {
                    lost(message, attempt: attempt, sentNanos: now.nanos)
                    return
                }
            case .loss(let p):
                if layer.matches(i, message), layer.rng.nextDouble() < p {
                    lost(message, attempt: attempt, sentNanos: now.nanos)
                    return
                }
            case .duplication(let p):
                if layer.matches(i, message), layer.rng.nextDouble() < p { copies = 2 }
            case .latencySpike(let extra):
                if layer.matches(i, message) { delay = delay + extra }
            case .reorder(let spread):
                if spread.nanos > 0, layer.matches(i, message) {
                    delay = delay + SimDuration(nanos: Int64(layer.rng.next(below: UInt64(spread.nanos))))
                }
            case .hallucination:
                continue
            }
        }
        if copies == 2 { layer.messagesDuplicated &+= 1 }
        for copy in 0..<copies {
            let message = copy == 0 ? message : message.redelivery
            if delay == .zero && plan.networkIsInstant {
                if observing { notify(.messageDelivered(message, slot: nil)) }
                notices.append(.delivered(message))
            } else {
                scheduleDelivery(message, after: delay, attempt: copy == 0 ? attempt : 0)
            }
        }
    }

    /// Active faults (agent and layer) right now.
    var faultsActiveNow: Int {
        var n = 0
        for on in faultActive where on { n += 1 }
        for on in layer.active where on { n += 1 }
        return n
    }
}
