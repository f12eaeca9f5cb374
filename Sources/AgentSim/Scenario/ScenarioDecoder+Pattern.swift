/// `network`, `pattern` and `run`: what coordination messages cross, who coordinates, and when a run
/// stops.
extension ScenarioDecoder {
    static let patternKeys: [String: [String]] = [
        "pipeline": ["type", "blocking"],
        "hub_and_spoke": ["type", "coordinator", "dispatch", "plan", "route", "synthesize"],
    ]
    static let patternTypes = ["pipeline", "hub_and_spoke"]
    static let runKeys = ["until", "max_events", "replications"]

    func decodeNetwork(_ field: JSONField) throws(ScenarioError) -> NetworkSpec {
        let object = try ObjectReader(field, allowed: ["latency"], what: "a network", decoder: self)
        var network = NetworkSpec()
        if let f = object.optional("latency") {
            network.latency = try Distribution.decode(f, kind: .duration, decoder: self)
        }
        return network
    }

    func decodePattern(_ field: JSONField) throws(ScenarioError) -> PatternSpec {
        guard field.value.members != nil else {
            throw error(
                field, "expected a pattern (a JSON object), found \(field.value.typeDescription)",
                allowed: "{ \"type\": " + Self.patternTypes.joined(separator: " | ") + ", ... }")
        }
        guard let typeField = ObjectReader.member(field, "type", decoder: self) else {
            throw error(field, "missing required key \"type\"", allowed: ClosestKey.list(Self.patternTypes))
        }
        let type = try choice(typeField, among: Self.patternTypes, what: "pattern type")
        let allowed = Self.patternKeys[type]!
        var elsewhere: [String: String] = [:]
        for other in Self.patternTypes where other != type {
            for key in Self.patternKeys[other]! where !allowed.contains(key) && elsewhere[key] == nil {
                elsewhere[key] = "\(quoted(key)) does not apply to the \(type) pattern (only to \(other))"
            }
        }
        let object = try ObjectReader(field, allowed: allowed, unsupported: elsewhere, decoder: self)
        if type == "pipeline" {
            var spec = PipelineSpec()
            if let f = object.optional("blocking") { spec.blocking = try bool(f) }
            return .pipeline(spec)
        }
        var spec = HubAndSpokeSpec(coordinator: try nonEmptyString(object.required("coordinator")))
        if let f = object.optional("dispatch") { spec.dispatch = try choice(f, of: DispatchRule.self) }
        if let f = object.optional("plan") {
            spec.plan = try callSpec(f, default: HubAndSpokeSpec.defaultPlan)
        }
        if let f = object.optional("route") {
            spec.route = try callSpec(f, default: HubAndSpokeSpec.defaultRoute)
        }
        if let f = object.optional("synthesize") {
            spec.synthesize = try callSpec(f, default: HubAndSpokeSpec.defaultSynthesize)
        }
        return .hubAndSpoke(spec)
    }

    /// A coordination call's size: `null` turns the call off; a missing size keeps the default's.
    private func callSpec(_ field: JSONField, default base: CallSpec?) throws(ScenarioError) -> CallSpec? {
        if case .null = field.value.kind { return nil }
        let object = try ObjectReader(
            field, allowed: ["tokens_in", "tokens_out"], what: "a call size (or null for no call)",
            decoder: self)
        var call = base ?? CallSpec(tokensIn: .constant(0), tokensOut: .constant(0))
        if let f = object.optional("tokens_in") {
            call.tokensIn = try Distribution.decode(f, kind: .count, decoder: self)
        }
        if let f = object.optional("tokens_out") {
            call.tokensOut = try Distribution.decode(f, kind: .count, decoder: self)
        }
        return call
    }

    func decodeRunLimits(_ field: JSONField) throws(ScenarioError) -> RunLimits {
        let object = try ObjectReader(field, allowed: Self.runKeys, what: "run limits", decoder: self)
        var limits = RunLimits()
        if let f = object.optional("until") { limits.until = try positiveDuration(f) }
        if let f = object.optional("max_events") { limits.maxEvents = try integer(f, minimum: 1) }
        if let f = object.optional("replications") { limits.replications = try integer(f, minimum: 1) }
        return limits
    }
}
