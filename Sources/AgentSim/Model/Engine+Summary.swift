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
        let end = ctx.now
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
        s.messages = stats.messages
        s.messagesPerJob = stats.jobsArrived > 0 ? Double(stats.messages) / Double(stats.jobsArrived) : 0
        s.llmCalls = stats.calls
        s.coordinationCalls = stats.coordinationCalls
        var workCost = 0.0
        var coordinationCost = 0.0
        s.tokensIn = Int(stats.tokensIn)
        s.tokensOut = Int(stats.tokensOut)
        for (m, model) in ctx.fleet.models.enumerated() {
            workCost += Self.cost(stats.workTokensIn[m], stats.workTokensOut[m], model)
            coordinationCost += Self.cost(
                stats.coordinationTokensIn[m], stats.coordinationTokensOut[m], model)
        }
        s.costUSD = workCost + coordinationCost
        s.coordinationCostUSD = coordinationCost
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
        return s
    }

    /// USD for the tokens at the model's prices per million.
    static func cost(_ tokensIn: Int64, _ tokensOut: Int64, _ model: ModelSpec) -> Double {
        (Double(tokensIn) * model.inputPerMTokUSD + Double(tokensOut) * model.outputPerMTokUSD) / 1e6
    }
}
