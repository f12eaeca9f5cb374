import AgentSimDistributions
import AgentSimMetrics
import AgentSimSpec

/// The defaults `agentsim compare` uses when a pattern needs roles a scenario lacks (Patterns.md,
/// "Comparing patterns on a scenario written for none of them", states them for users).
public enum DerivationDefaults {
    /// Concurrent calls of a derived coordinator, executive or manager agent: 4, as the example
    /// scenarios' leads, directors and managers have.
    public static let supervisorCapacity = 4
    /// Workers per manager when managers are derived: 5, within the 3–8 that management texts
    /// commonly recommend for a team lead.
    public static let spanOfControl = 5
    /// How long a human review takes: lognormal, median 8 minutes, p99 1 hour (the human-approval
    /// example's managers; mean 11.6 minutes).
    public static let humanLatency = Distribution.lognormal(median: 480, p99: 3600)
    /// The utilisation derived human reviewers are sized for: 0.8, busy but with a queue that
    /// stays finite.
    public static let humanUtilization = 0.8
}

extension Scenario {
    /// The model with the highest output price, then the highest input price (the first in file
    /// order on a tie): the scenario's strongest model, as far as prices tell.
    public var mostExpensiveModel: ModelSpec? {
        var best: ModelSpec?
        for model in models {
            guard let b = best else {
                best = model
                continue
            }
            if (model.outputPerMTokUSD, model.inputPerMTokUSD) > (b.outputPerMTokUSD, b.inputPerMTokUSD) {
                best = model
            }
        }
        return best
    }

    /// `base`, or `base_2`, `base_3`, ...: the first that is neither a role's name nor a skill.
    func unusedName(_ base: String) -> String {
        var taken = Set(agents.map(\.name))
        for role in agents { taken.formUnion(role.skills) }
        for step in workload.job.steps { taken.insert(step.skill) }
        var name = base
        var k = 2
        while taken.contains(name) {
            name = "\(base)_\(k)"
            k += 1
        }
        return name
    }

    /// Expected step copies per job: the sum of every step's mean fan-out (`nil` when a mean is
    /// not finite).
    var meanCopiesPerJob: Double? {
        var copies = 0.0
        for step in workload.job.steps {
            guard let mean = step.fanout.mean, mean.isFinite else { return nil }
            copies += mean
        }
        return copies
    }

    /// A new role of `count` agents that coordinate (their skill is their own name, which no step
    /// needs), on the most expensive model; without models, with the latency of the first role
    /// that has one. Returns the role and how it was sized, for the assumption's value.
    func supervisorRole(_ base: String, count: Int) -> (role: AgentRoleSpec, value: String) {
        let name = unusedName(base)
        var role = AgentRoleSpec(
            name: name, count: count, skills: [name], capacity: DerivationDefaults.supervisorCapacity)
        let agentsText = count == 1 ? "1 agent" : "\(count) agents"
        let size = "\(agentsText) × capacity \(role.capacity)"
        if let model = mostExpensiveModel {
            role.model = model.name
            return (role, "new role '\(name)': \(size) on model '\(model.name)'")
        }
        let source = agents.first { $0.latency != nil } ?? agents[0]
        role.latency = source.latency
        role.model = source.model
        return (role, "new role '\(name)': \(size) with role '\(source.name)''s latency (no models)")
    }
}

extension HubAndSpokePattern {
    /// The first role that serves no step coordinates; without one, a derived coordinator role:
    /// one agent on the most expensive model (``Scenario/supervisorRole(_:count:)``).
    public static func fit(to scenario: Scenario) -> PatternFit {
        if scenario.pattern.name == name || !idleRoles(in: scenario).isEmpty {
            return adaptedFit(to: scenario)
        }
        let (role, value) = scenario.supervisorRole("coordinator", count: 1)
        let why = "no role serves no step; a supervisor on the scenario's most expensive model"
        return derived(
            scenario, parameters: HubAndSpokeSpec(coordinator: role.name).parameters, adding: [role],
            [DerivedAssumption(pattern: name, what: "coordinator", value: value, why: why)])
    }
}

extension HierarchicalPattern {
    /// Two roles that serve no step run the organisation; where they are missing, the executive is
    /// a derived role of one agent, and the managers one of ⌈workers ÷ span of control⌉ agents,
    /// both on the most expensive model, with the span fixed at ``DerivationDefaults/spanOfControl``.
    public static func fit(to scenario: Scenario) -> PatternFit {
        let idle = idleRoles(in: scenario)
        if scenario.pattern.name == name || idle.count >= 2 { return adaptedFit(to: scenario) }
        let workers = workingRoles(in: scenario).reduce(0) { $0 + $1.count }
        guard workers > 0 else { return .inapplicable("no role serves a step, so there is no one to manage") }
        var grown = scenario
        var assumptions: [DerivedAssumption] = []
        let executive: String
        if let first = idle.first {
            executive = first
        } else {
            let (role, value) = grown.supervisorRole("executive", count: 1)
            grown.agents.append(role)
            executive = role.name
            assumptions.append(
                DerivedAssumption(
                    pattern: name, what: "executive", value: value,
                    why: "no role serves no step; the top of the organisation on the most expensive model"))
        }
        let span = DerivationDefaults.spanOfControl
        let count = (workers + span - 1) / span
        let (managers, value) = grown.supervisorRole("managers", count: count)
        grown.agents.append(managers)
        assumptions.append(
            DerivedAssumption(
                pattern: name, what: "managers", value: value,
                why: "\(workers) workers ÷ a span of control of \(span), rounded up"))
        assumptions.append(
            DerivedAssumption(
                pattern: name, what: "span", value: String(span),
                why: "the span of control the managers were sized by"
            ))
        let spec = HierarchicalSpec(executive: executive, manager: managers.name, span: span)
        return derived(
            scenario, parameters: spec.parameters,
            adding: Array(grown.agents.dropFirst(scenario.agents.count)), assumptions)
    }
}

extension HumanGatePattern {
    /// The first role that serves no step reviews; without one, a derived role of human reviewers
    /// (capacity 1, no model, ``DerivationDefaults/humanLatency``), as many as hold their
    /// utilisation at ``DerivationDefaults/humanUtilization`` under the default gate probability:
    /// ⌈λ × copies per job × gate probability × mean review ÷ 0.8⌉.
    public static func fit(to scenario: Scenario) -> PatternFit {
        if scenario.pattern.name == name || !idleRoles(in: scenario).isEmpty {
            return adaptedFit(to: scenario)
        }
        let spec = HumanGateSpec(reviewers: "")
        let rate = scenario.workload.arrivals.meanRatePerSecond
        guard let copies = scenario.meanCopiesPerJob, let review = DerivationDefaults.humanLatency.mean else {
            return .inapplicable("a step's mean fan-out is not finite, so no number of reviewers keeps up")
        }
        func short(_ x: Double) -> String { TextTable.format(x, significantDigits: 3) }
        let busy = rate * copies * spec.gateProbability * review
        let needed = (busy / DerivationDefaults.humanUtilization).rounded(.up)
        guard needed <= Double(InputLimits.maxAgents) else {
            return .inapplicable(
                "keeping up would take more than \(InputLimits.maxAgents) human reviewers, the most a role may have"
            )
        }
        let count = max(1, Int(needed))
        let name = scenario.unusedName("human_reviewers")
        var role = AgentRoleSpec(name: name, count: count, skills: [name], capacity: 1)
        role.latency = DerivationDefaults.humanLatency
        let why =
            "no role serves no step; \(short(rate * 60))/min × \(short(copies)) gated copies/job × "
            + "\(short(review / 60)) min mean review ÷ utilisation \(DerivationDefaults.humanUtilization)"
        let value =
            "new role '\(name)': \(count) humans × capacity 1, latency lognormal median 8 min p99 1 h, no model"
        var reviewing = spec
        reviewing.reviewers = name
        let parameters = reviewing.parameters
        return derived(
            scenario, parameters: parameters, adding: [role],
            [DerivedAssumption(pattern: self.name, what: "reviewers", value: value, why: why)])
    }
}

extension HybridPattern {
    /// Stages from the job's steps: the steps that fan out are supervised (a hub_and_spoke stage,
    /// the coordinator as ``HubAndSpokePattern/fit(to:)`` picks it) and every other step is a
    /// pipeline stage; when no step fans out, or every step does, the steps after the first are
    /// supervised. A one-step job has no stages to compose.
    public static func fit(to scenario: Scenario) -> PatternFit {
        if scenario.pattern.name == name { return adaptedFit(to: scenario) }
        let steps = scenario.workload.job.steps
        guard steps.count >= 2 else {
            return .inapplicable(
                "a one-step job has no stages to compose: pipeline and hub_and_spoke each cover it whole")
        }
        var supervised = steps.filter { $0.fanout != .constant(1) }.map(\.name)
        var rule = "the steps that fan out are supervised, the rest run as a pipeline"
        if supervised.isEmpty || supervised.count == steps.count {
            supervised = steps.dropFirst().map(\.name)
            rule = "the steps after the first are supervised, the first runs as a pipeline stage"
        }
        var assumptions: [DerivedAssumption] = []
        var added: [AgentRoleSpec] = []
        let coordinator: String
        if let idle = idleRoles(in: scenario).first {
            coordinator = idle
        } else {
            let (role, value) = scenario.supervisorRole("coordinator", count: 1)
            added.append(role)
            coordinator = role.name
            assumptions.append(
                DerivedAssumption(
                    pattern: name, what: "coordinator", value: value,
                    why: "the supervised stage needs a role that serves no step; on the most expensive model")
            )
        }
        let hub = PatternSpec(
            name: HubAndSpokePattern.name, parameters: HubAndSpokeSpec(coordinator: coordinator).parameters)
        let stages = [
            StageAssignment(steps: supervised, pattern: hub),
            StageAssignment(steps: ["*"], pattern: PatternSpec(name: PipelinePattern.name)),
        ]
        assumptions.append(
            DerivedAssumption(
                pattern: name, what: "stages",
                value:
                    "\(supervised.joined(separator: ",")): hub_and_spoke (coordinator \(coordinator)); *: pipeline",
                why: rule))
        return derived(
            scenario, parameters: PatternParameters(["stages": .stages(stages)]), adding: added, assumptions)
    }
}
