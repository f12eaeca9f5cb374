extension Scenario {
    /// Checks what decoding one value at a time cannot: that names refer to things that exist, that
    /// steps do not wait on each other in a cycle, and that arrivals end. Returns warnings about
    /// valid but suspicious settings, such as a pool offered more work than it can serve.
    ///
    /// ``ScenarioLoader`` calls this on every file; call it yourself on a scenario built in code.
    ///
    /// - Parameters:
    ///   - file: The name errors and warnings carry.
    ///   - patterns: The patterns the scenario may name (`validate(file:)` passes the registry's).
    /// - Returns: The warnings (see ``ScenarioWarning``).
    /// - Throws: ``ScenarioError`` for the first problem found.
    public func validate(file: String = "", patterns: PatternVocabulary) throws(ScenarioError)
        -> [ScenarioWarning]
    {
        let validator = ScenarioValidator(
            scenario: self, sourceMap: SourceMap(file: file), patterns: patterns)
        try validator.checkReferences()
        return validator.loadWarnings()
    }
}

/// The checks across a whole scenario, made after decoding; positions come from the ``SourceMap``.
struct ScenarioValidator {
    let scenario: Scenario
    let sourceMap: SourceMap
    /// The patterns the scenario may name.
    let patterns: PatternVocabulary

    private func error(_ path: JSONPath, _ message: String, allowed: String = "") -> ScenarioError {
        let location = sourceMap.nearestLocation(of: path)
        return ScenarioError(
            file: location.file, path: path.description, line: location.line, column: location.column,
            message: message, allowed: allowed)
    }

    private var stepsPath: JSONPath {
        JSONPath.root.appending("workload").appending("job").appending("steps")
    }

    /// The roles whose agents serve steps: all of them, except a hub-and-spoke's coordinator role,
    /// which only coordinates (its agents' capacity is the hub's bottleneck, not extra workers).
    var workerRoles: [AgentRoleSpec] {
        guard let pattern = patterns.pattern(named: scenario.pattern.name) else { return scenario.agents }
        let coordinating = pattern.coordinatingRoles(scenario.pattern.parameters)
        return scenario.agents.filter { !coordinating.contains($0.name) }
    }

    /// Every cross-reference and whole-scenario rule; throws on the first broken one.
    func checkReferences() throws(ScenarioError) {
        try checkWorkload()
        try checkRoles()
        try checkPattern()
        try checkSteps()
        try checkResilience()
    }

    private func checkWorkload() throws(ScenarioError) {
        let workload = scenario.workload
        let path = JSONPath.root.appending("workload")
        if case .trace = workload.arrivals {
        } else if workload.jobs == nil && workload.horizon == nil {
            throw error(
                path,
                "arrivals never end: give \"jobs\" (how many arrive), \"horizon\" (until when), or both",
                allowed: "jobs (a whole number ≥ 1), horizon (a duration)")
        }
        if let horizon = workload.horizon, workload.warmup >= horizon {
            throw error(
                path.appending("warmup"),
                "the warm-up (\(workload.warmup)) is not shorter than the horizon (\(horizon)): "
                    + "nothing would be measured"
            )
        }
    }

    private func checkRoles() throws(ScenarioError) {
        let modelNames = scenario.models.map(\.name)
        var agents = 0
        for role in scenario.agents {
            let rolePath = JSONPath.root.appending("agents").appending(role.name)
            agents += role.count
            if agents > InputLimits.maxAgents {
                throw error(
                    rolePath.appending("count"),
                    "the roles up to this one have \(agents) agents, more than the fleet's limit of "
                        + "\(InputLimits.maxAgents)",
                    allowed: "at most \(InputLimits.maxAgents) agents in all roles together")
            }
            var model: ModelSpec?
            if let name = role.model {
                model = scenario.models.first { $0.name == name }
                if model == nil {
                    throw error(
                        rolePath.appending("model"),
                        "unknown model \(quoted(name))" + ClosestKey.didYouMean(name, among: modelNames),
                        allowed: modelNames.isEmpty
                            ? "no models are defined; add one under \"models\"" : ClosestKey.list(modelNames))
                }
            }
            if role.latency == nil && (model?.ttft == nil || model?.tokensPerSecond == nil) {
                throw error(
                    rolePath,
                    "the role has no service time: give it \"latency\", or a \"model\" with both "
                        + "\"ttft\" and \"tokens_per_s\"")
            }
        }
    }

    /// The pattern is known, and every parameter that names a role or a step names one that exists.
    private func checkPattern() throws(ScenarioError) {
        try checkPattern(scenario.pattern, at: JSONPath.root.appending("pattern"), nested: false)
    }

    private func checkPattern(_ pattern: PatternSpec, at patternPath: JSONPath, nested: Bool)
        throws(ScenarioError)
    {
        guard let definition = patterns.pattern(named: pattern.name) else {
            throw error(
                patternPath.appending("type"), "unknown pattern type \(quoted(pattern.name))",
                allowed: ClosestKey.list(patterns.names))
        }
        let roleNames = scenario.agents.map(\.name)
        let stepNames = scenario.workload.job.steps.map(\.name)
        for declaration in definition.parameters {
            let path = patternPath.appending(declaration.name)
            let names: [String]
            switch declaration.kind {
            case .role:
                // An optional role parameter left empty ("") names no role.
                names = [pattern.parameters.string(declaration.name)].filter { !$0.isEmpty }
            case .roles: names = pattern.parameters.strings(declaration.name)
            case .stages:
                if nested { throw error(path, "a stage cannot itself be composed of stages") }
                var covered: [String: String] = [:]
                for stage in pattern.parameters.stages(declaration.name) {
                    let key = stage.steps.joined(separator: ",")
                    for step in stage.steps where step != "*" {
                        guard stepNames.contains(step) else {
                            throw error(
                                path.appending(key),
                                "unknown step \(quoted(step))"
                                    + ClosestKey.didYouMean(step, among: stepNames),
                                allowed: ClosestKey.list(stepNames + ["*"]))
                        }
                        if let other = covered[step] {
                            throw error(
                                path.appending(key), "step \(quoted(step)) is also in stage \(quoted(other))")
                        }
                        covered[step] = key
                    }
                    try checkPattern(stage.pattern, at: path.appending(key), nested: true)
                }
                let hasDefault = pattern.parameters.stages(declaration.name).contains {
                    $0.steps.contains("*")
                }
                if !hasDefault, let missing = stepNames.first(where: { covered[$0] == nil }) {
                    throw error(
                        path, "step \(quoted(missing)) is in no stage",
                        allowed: "name every step, or add a \"*\" stage for the rest")
                }
                continue
            default: continue
            }
            for name in names where !roleNames.contains(name) {
                throw error(
                    path, "unknown role \(quoted(name))" + ClosestKey.didYouMean(name, among: roleNames),
                    allowed: ClosestKey.list(roleNames))
            }
        }
        if let problem = definition.problem(pattern.parameters, scenario) {
            throw error(patternPath, problem)
        }
    }

    private func checkSteps() throws(ScenarioError) {
        let steps = scenario.workload.job.steps
        let names = steps.map(\.name)
        var workerSkills: [String] = []
        for role in workerRoles {
            for skill in role.skills where !workerSkills.contains(skill) { workerSkills.append(skill) }
        }
        for (i, step) in steps.enumerated() {
            let stepPath = stepsPath.appending(i)
            if let first = names.firstIndex(of: step.name), first < i {
                throw error(
                    stepPath.appending("name"),
                    "duplicate step name \(quoted(step.name)) (also steps[\(first)])")
            }
            if !workerSkills.contains(step.skill) {
                var message = "no agent has the skill \(quoted(step.skill))"
                let coordinating =
                    patterns.pattern(named: scenario.pattern.name)?.coordinatingRoles(
                        scenario.pattern.parameters)
                    ?? []
                if let role = scenario.agents.first(where: {
                    coordinating.contains($0.name) && $0.skills.contains(step.skill)
                }) {
                    message += " (the coordinator role \(quoted(role.name)) does not serve steps)"
                }
                throw error(
                    stepPath.appending("skill"),
                    message + ClosestKey.didYouMean(step.skill, among: workerSkills),
                    allowed: ClosestKey.list(workerSkills))
            }
            for (j, dependency) in step.after.enumerated() {
                if dependency == step.name {
                    throw error(stepPath.appending("after").appending(j), "a step cannot wait for itself")
                }
                if !names.contains(dependency) {
                    throw error(
                        stepPath.appending("after").appending(j),
                        "unknown step \(quoted(dependency))"
                            + ClosestKey.didYouMean(dependency, among: names),
                        allowed: ClosestKey.list(names))
                }
            }
        }
        if let cycle = findCycle(steps) {
            let text = (cycle + [cycle[0]]).map { steps[$0].name }.joined(separator: " → ")
            throw error(
                stepsPath.appending(cycle[0]).appending("after"),
                "the steps wait for each other in a cycle: \(text) (each waits for the next)")
        }
    }

    /// A cycle in the `after` graph, as step indices in waiting order, if there is one.
    private func findCycle(_ steps: [StepSpec]) -> [Int]? {
        let index = Dictionary(steps.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        var state = [UInt8](repeating: 0, count: steps.count)  // 0 new, 1 on the stack, 2 done
        var stack: [Int] = []
        func visit(_ i: Int) -> [Int]? {
            state[i] = 1
            stack.append(i)
            for name in steps[i].after {
                guard let j = index[name] else { continue }
                if state[j] == 1 { return Array(stack[stack.lastIndex(of: j)!...]) }
                if state[j] == 0, let cycle = visit(j) { return cycle }
            }
            stack.removeLast()
            state[i] = 2
            return nil
        }
        for i in steps.indices where state[i] == 0 {
            if let cycle = visit(i) { return cycle }
        }
        return nil
    }

    /// Faults, breaker fallbacks and budgets name roles (and agents) that exist.
    private func checkResilience() throws(ScenarioError) {
        let roleNames = scenario.agents.map(\.name)
        func checkRole(_ name: String, _ path: JSONPath) throws(ScenarioError) {
            guard roleNames.contains(name) else {
                throw error(
                    path, "unknown role \(quoted(name))" + ClosestKey.didYouMean(name, among: roleNames),
                    allowed: ClosestKey.list(roleNames))
            }
        }
        let faultsPath = JSONPath.root.appending("faults")
        for (i, fault) in scenario.faults.enumerated() {
            try checkRole(fault.role, faultsPath.appending(i).appending("role"))
            if let range = fault.agents, let role = scenario.agents.first(where: { $0.name == fault.role }),
                range.upperBound >= role.count
            {
                throw error(
                    faultsPath.appending(i).appending("agents"),
                    "the role \(quoted(fault.role)) has \(role.count) agents (0..\(role.count - 1)); found \(range.lowerBound)..\(range.upperBound)"
                )
            }
        }
        if let fallback = scenario.policies.circuitBreaker?.fallback {
            try checkRole(
                fallback,
                JSONPath.root.appending("policies").appending("circuit_breaker").appending("fallback"))
        }
        for role in scenario.agents {
            if let fallback = role.policies?.circuitBreaker?.fallback {
                try checkRole(
                    fallback,
                    JSONPath.root.appending("agents").appending(role.name).appending("policies")
                        .appending("circuit_breaker").appending("fallback"))
            }
        }
        for (i, budget) in scenario.budgets.enumerated() {
            let path = JSONPath.root.appending("policies").appending("budgets").appending(i).appending(
                "scope")
            switch budget.scope {
            case .role(let name):
                try checkRole(name, path)
            case .agent(let name, let k):
                try checkRole(name, path)
                if let role = scenario.agents.first(where: { $0.name == name }), k >= role.count {
                    throw error(
                        path,
                        "the role \(quoted(name)) has \(role.count) agents (0..\(role.count - 1)); found \(k)"
                    )
                }
            default:
                break
            }
        }
    }
}
