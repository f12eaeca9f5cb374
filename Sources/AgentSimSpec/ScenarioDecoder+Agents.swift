import AgentSimDistributions

/// `models` and `agents`: what LLM calls cost and how fast they are, and who makes them.
extension ScenarioDecoder {
    static let modelKeys = ["input_per_mtok", "output_per_mtok", "ttft", "tokens_per_s", "rate_limit"]
    static let roleKeys = [
        "count", "skills", "model", "capacity", "queue", "queue_capacity", "dispatch", "discipline",
        "latency", "tokens_in", "tokens_out", "accuracy", "error_rate", "policies", "context_growth",
        "rate_limit",
    ]

    func decodeModels(_ field: JSONField) throws(ScenarioError) -> [ModelSpec] {
        guard field.value.members != nil else {
            throw error(
                field, "expected an object of models by name, found \(field.value.typeDescription)",
                allowed: "{ \"NAME\": { \"input_per_mtok\": ..., ... } }")
        }
        let object = try ObjectReader(field, allowed: field.value.members!.map(\.key), decoder: self)
        var models: [ModelSpec] = []
        for (name, modelField) in object.fields {
            if name.isEmpty { throw error(modelField, "a model name must not be empty") }
            models.append(try decodeModel(name, modelField))
        }
        return models
    }

    private func decodeModel(_ name: String, _ field: JSONField) throws(ScenarioError) -> ModelSpec {
        let object = try ObjectReader(field, allowed: Self.modelKeys, what: "a model", decoder: self)
        var model = ModelSpec(name: name)
        if let f = object.optional("input_per_mtok") { model.inputPerMTokUSD = try money(f) }
        if let f = object.optional("output_per_mtok") { model.outputPerMTokUSD = try money(f) }
        if let f = object.optional("ttft") {
            model.ttft = try Distribution.decode(f, kind: .duration, decoder: self)
        }
        if let f = object.optional("tokens_per_s") { model.tokensPerSecond = try positiveNumber(f) }
        if let f = object.optional("rate_limit") { model.rateLimit = try decodeRateLimit(f) }
        return model
    }

    func decodeAgents(_ field: JSONField) throws(ScenarioError) -> [AgentRoleSpec] {
        guard let members = field.value.members else {
            throw error(
                field, "expected an object of agent roles by name, found \(field.value.typeDescription)",
                allowed: "{ \"ROLE\": { \"count\": ..., \"skills\": [...], ... } }")
        }
        if members.isEmpty { throw error(field, "needs at least one agent role") }
        let object = try ObjectReader(field, allowed: members.map(\.key), decoder: self)
        var roles: [AgentRoleSpec] = []
        for (name, roleField) in object.fields {
            if name.isEmpty { throw error(roleField, "a role name must not be empty") }
            roles.append(try decodeRole(name, roleField))
        }
        return roles
    }

    private func decodeRole(_ name: String, _ field: JSONField) throws(ScenarioError) -> AgentRoleSpec {
        let object = try ObjectReader(field, allowed: Self.roleKeys, what: "an agent role", decoder: self)
        let skills = try distinctStrings(object.required("skills"), minimumCount: 1, what: "skills")
        var role = AgentRoleSpec(name: name, skills: skills)
        if let f = object.optional("count") {
            role.count = try integer(f, minimum: 1, maximum: InputLimits.maxAgents)
        }
        if let f = object.optional("model") { role.model = try nonEmptyString(f) }
        if let f = object.optional("capacity") {
            role.capacity = try integer(f, minimum: 1, maximum: InputLimits.maxCapacity)
        }
        if let f = object.optional("queue") { role.queue = try choice(f, of: QueueDiscipline.self) }
        if let f = object.optional("queue_capacity") { role.queueCapacity = try queueCapacity(f) }
        if let f = object.optional("dispatch") { role.dispatch = try choice(f, of: DispatchRule.self) }
        if let f = object.optional("discipline") { role.discipline = try choice(f, of: ServiceOrder.self) }
        if let f = object.optional("latency") {
            role.latency = try Distribution.decode(f, kind: .duration, decoder: self)
        }
        if let f = object.optional("tokens_in") {
            role.tokensIn = try Distribution.decode(f, kind: .count, decoder: self)
        }
        if let f = object.optional("tokens_out") {
            role.tokensOut = try Distribution.decode(f, kind: .count, decoder: self)
        }
        if let f = object.optional("accuracy") { role.accuracy = try probability(f) }
        if let f = object.optional("error_rate") { role.errorRate = try probability(f) }
        if let f = object.optional("context_growth") {
            role.contextGrowth = try integer(f, minimum: 0, maximum: Int(InputLimits.maxTokensPerCall))
        }
        if let f = object.optional("rate_limit") { role.rateLimit = try decodeRateLimit(f) }
        if let f = object.optional("policies") {
            role.policies = try decodePolicy(f, keys: Self.rolePolicyKeys)
        }
        return role
    }

    /// A whole number ≥ 0, or `"unbounded"` (`nil`).
    private func queueCapacity(_ field: JSONField) throws(ScenarioError) -> Int? {
        if case .string(let s) = field.value.kind {
            guard s == "unbounded" else {
                throw error(
                    field, "unknown value \(quoted(s))" + ClosestKey.didYouMean(s, among: ["unbounded"]),
                    allowed: "a whole number ≥ 0, or \"unbounded\"")
            }
            return nil
        }
        guard case .number = field.value.kind else {
            throw error(
                field, "expected a whole number ≥ 0 or \"unbounded\", found \(field.value.typeDescription)")
        }
        return try integer(field, minimum: 0, maximum: Int.max)
    }
}
