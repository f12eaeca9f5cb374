import AgentSimKernel

extension Engine {
    /// The summary row of this run, after ``run(until:maxEvents:)``.
    ///
    /// - Parameters:
    ///   - scenario: The scenario's name.
    ///   - replication: The replication index.
    ///   - seed: The root seed the run used.
    ///   - coordinatorRole: The role whose utilisation is reported as the coordinator's, if any.
    public func summary(scenario: String, replication: Int, seed: UInt64, coordinatorRole: String?)
        -> RunSummary
    {
        let stats = ctx.stats
        let end = ctx.lastActivity
        let window = (end - stats.warmup).seconds
        var s = RunSummary(
            scenario: scenario, pattern: coordinator.name, replication: replication, seed: seed)
        s.simTimeSeconds = end.seconds
        s.events = ctx.sim.eventsExecuted
        s.jobsArrived = stats.jobsArrived
        s.jobsCompleted = stats.jobsCompleted
        s.jobsFailed = stats.jobsFailed
        s.jobsInFlight = ctx.jobsInFlight
        s.throughputPerSecond = window > 0 ? Double(stats.completionsMeasured) / window : 0
        s.latencyMeanSeconds = stats.latency.mean / 1e9
        s.latencyP50Seconds = Double(stats.latency.quantile(0.5)) / 1e9
        s.latencyP95Seconds = Double(stats.latency.quantile(0.95)) / 1e9
        s.latencyP99Seconds = Double(stats.latency.quantile(0.99)) / 1e9
        s.latencyMaxSeconds = Double(stats.latency.max) / 1e9
        s.latencyObserved = stats.latency.count > 0
        s.waitObserved = stats.waitCount > 0
        s.messages = stats.messages
        s.messagesPerJob = stats.jobsArrived > 0 ? Double(stats.messages) / Double(stats.jobsArrived) : 0
        s.llmCalls = stats.calls
        s.coordinationCalls = stats.coordinationCalls
        let ledger = ctx.settledLedger()
        let total = ledger.total
        let workCost = ledger.total(.work).costUSD
        let coordinationCost = ledger.total(.coordination).costUSD
        s.tokensIn = Int(total.tokensIn)
        s.tokensOut = Int(total.tokensOut)
        s.costUSD = total.costUSD
        s.coordinationCostUSD = coordinationCost
        s.wastedCostUSD = total.costUSD - workCost - coordinationCost
        s.costAmplification =
            workCost + coordinationCost > 0 ? total.costUSD / (workCost + coordinationCost) : nil
        s.retries = stats.retries
        s.timeouts = stats.timeouts
        s.rateLimited = stats.rateLimited
        s.dlqJobs = stats.jobsDeadLettered
        s.budgetStops = stats.budgetStops
        s.faultsInjected = stats.faultsInjected
        s.reworks = stats.reworks
        s.cacheHits = stats.cacheHits
        s.bulkheadRejected = stats.bulkheadRejected
        s.messagesLost = ctx.layer.messagesDropped
        s.messagesRetransmitted = ctx.layer.retransmission.resent
        s.breakerOpenSeconds = ctx.breakerOpenSeconds(at: end)
        s.costPerCompletedJobUSD = stats.jobsCompleted > 0 ? s.costUSD / Double(stats.jobsCompleted) : 0
        var maxUtilization = 0.0
        for (r, role) in ctx.fleet.roles.enumerated() {
            let utilization =
                window > 0 ? stats.roleBusy[r].mean(to: end) / Double(role.count * role.capacity) : 0
            maxUtilization = max(maxUtilization, utilization)
            if role.name == coordinatorRole { s.coordinatorUtilization = utilization }
        }
        s.maxRoleUtilization = maxUtilization
        s.waitMeanSeconds = stats.waitCount > 0 ? stats.waitTotalNanos / Double(stats.waitCount) / 1e9 : 0
        s.jobsInSystemMean = window > 0 ? stats.jobsInSystem.mean(to: end) : 0
        s.arrivalRatePerSecond = window > 0 ? Double(stats.jobsArrivedMeasured) / window : 0
        let measuredCompletions = stats.latency.count
        s.accuracy =
            measuredCompletions > 0 ? Double(stats.correctMeasured) / Double(measuredCompletions) : nil
        s.delegationDepthMax = stats.delegationDepthMax
        s.warmupSeconds = stats.warmup.seconds
        s.jobsRejected = stats.jobsRejected
        s.customMetrics = coordinator.reportedMetrics(ctx)
        for metric in s.customMetrics {
            precondition(
                !SummaryCSV.header.contains(metric.name),
                "the custom metric '\(metric.name)' has the name of a built-in summary column")
        }
        return s
    }
}

extension CoordinationContext {
    /// The ledger with the calls still in service booked too (a run stopped by its time or event
    /// limit still pays for them): work as work (or abandoned, if timed out), coordination as
    /// coordination.
    public func settledLedger() -> Ledger {
        var settled = ledger
        for slot in calls.liveSlots {
            let request = calls[slot].request
            let role = Int(agents[Int(calls[slot].agent)].role)
            let cause: CostCause
            if !request.isWork {
                cause = request.cause
            } else if attempts[request.attempt].state == .abandoned {
                cause = .abandoned
            } else {
                cause = .work
            }
            settled.book(cause, role: role, tokensIn: request.tokensIn, tokensOut: request.tokensOut)
        }
        return settled
    }
}
