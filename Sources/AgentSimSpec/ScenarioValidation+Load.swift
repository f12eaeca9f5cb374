import AgentSimDistributions

/// The offered-load check: a pool with an unbounded queue offered at least as much work as it can
/// serve will not reach a steady state, and every latency figure of the run will depend on its length.
extension ScenarioValidator {
    /// Warnings for every pool (the agents with one skill, and a hub's coordinator) whose estimated
    /// utilisation is 1 or more while its queue is unbounded.
    ///
    /// Utilisation = λ · Σ E[fanout] · E[service] / (agents · capacity), summed over the steps the pool
    /// serves; E[service] is the role's `latency` mean, else ttft's mean + E[tokens_out] / tokens_per_s.
    /// A pool of several roles averages their service times weighted by their slots. A hub's
    /// coordinator serves plan and synthesize once per job and route once per step copy.
    func loadWarnings() -> [ScenarioWarning] {
        let lambda = arrivalRatePerSecond
        guard lambda > 0 else { return [] }
        var warnings: [ScenarioWarning] = []
        var skillsSeen: [String] = []
        for step in scenario.workload.job.steps where !skillsSeen.contains(step.skill) {
            skillsSeen.append(step.skill)
            let pool = workerRoles.filter { $0.skills.contains(step.skill) }
            guard pool.contains(where: { $0.queueCapacity == nil }) else { continue }
            let slots = pool.reduce(0) { $0 + $1.count * $1.capacity }
            var work = 0.0  // seconds of service per job
            for s in scenario.workload.job.steps where s.skill == step.skill {
                var service = 0.0
                for role in pool {
                    let share = Double(role.count * role.capacity) / Double(slots)
                    service += share * serviceSeconds(role, tokensOut: s.tokensOut ?? role.tokensOut)
                }
                work += (s.fanout.mean ?? .infinity) * service
            }
            let utilisation = lambda * work / Double(slots)
            if utilisation >= 1 {
                let members = pool.map { "\($0.name): \($0.count) × capacity \($0.capacity)" }.joined(
                    separator: ", ")
                warnings.append(
                    warning(
                        pool[0].name,
                        "the agents with skill \(quoted(step.skill)) (\(members)) have an estimated "
                            + "utilisation of \(percent(utilisation)) with an unbounded queue; "
                            + "the queue will grow without bound"
                    ))
            }
        }
        if let hubWarning = coordinatorWarning(lambda) { warnings.append(hubWarning) }
        return warnings
    }

    private func coordinatorWarning(_ lambda: Double) -> ScenarioWarning? {
        guard
            let hub = patterns.pattern(named: scenario.pattern.name)?.coordinatorCalls(
                scenario.pattern.parameters),
            let role = scenario.agents.first(where: { $0.name == hub.role }), role.queueCapacity == nil
        else { return nil }
        func call(_ spec: CallSpec?) -> Double {
            guard let spec else { return 0 }
            return serviceSeconds(role, tokensOut: spec.tokensOut)
        }
        var work = 0.0
        for spec in hub.perJob { work += call(spec) }
        var perCopy = 0.0
        for spec in hub.perStepCopy { perCopy += call(spec) }
        for step in scenario.workload.job.steps {
            work += (step.fanout.mean ?? .infinity) * perCopy
        }
        let utilisation = lambda * work / Double(role.count * role.capacity)
        guard utilisation >= 1 else { return nil }
        return warning(
            role.name,
            "the coordinator role \(quoted(role.name)) (\(role.count) × capacity \(role.capacity)) has an "
                + "estimated utilisation of \(percent(utilisation)) from \(hub.what) "
                + "with an unbounded queue; the queue will grow without bound")
    }

    /// The mean service time of one call by `role`: its latency, or its model's ttft plus the output
    /// tokens at the model's speed. Infinite when a mean is.
    private func serviceSeconds(_ role: AgentRoleSpec, tokensOut: Distribution?) -> Double {
        if let latency = role.latency { return latency.mean ?? .infinity }
        guard let model = scenario.models.first(where: { $0.name == role.model }), let ttft = model.ttft,
            let speed = model.tokensPerSecond
        else { return 0 }
        let tokens = tokensOut.map { $0.mean ?? .infinity } ?? 0
        return (ttft.mean ?? .infinity) + tokens / speed
    }

    /// The long-run mean arrival rate.
    private var arrivalRatePerSecond: Double { scenario.workload.arrivals.meanRatePerSecond }

    private func warning(_ roleName: String, _ message: String) -> ScenarioWarning {
        let path = JSONPath.root.appending("agents").appending(roleName)
        return ScenarioWarning(file: sourceMap.file, path: path.description, message: message)
    }

    /// `1.2345` as `123%` (`1.2345 (123%)`); infinity as `infinite`.
    private func percent(_ utilisation: Double) -> String {
        guard utilisation.isFinite else { return "infinite (a mean service time is infinite)" }
        let hundredths = (utilisation * 100).rounded() / 100
        // A utilisation of 10^300 (from a huge rate) has no Int percentage: print the Double then.
        let percent = (utilisation * 100).rounded()
        return "\(hundredths) (\(percent < 1e15 ? String(Int64(percent)) : "\(percent)")%)"
    }
}
