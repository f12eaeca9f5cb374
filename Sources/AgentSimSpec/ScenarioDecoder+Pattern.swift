import AgentSimDistributions
import AgentSimKernel

/// `network`, `pattern` and `run`: what coordination messages cross, who coordinates, and when a run
/// stops.
extension ScenarioDecoder {
    static let runKeys = ["until", "max_events", "replications", "timeseries_interval"]

    static let networkKeys = ["latency", "retransmit"]
    static let retransmitKeys = ["after", "max_attempts", "multiplier", "max_delay"]

    func decodeNetwork(_ field: JSONField) throws(ScenarioError) -> NetworkSpec {
        let object = try ObjectReader(field, allowed: Self.networkKeys, what: "a network", decoder: self)
        var network = NetworkSpec()
        if let f = object.optional("latency") {
            network.latency = try Distribution.decode(f, kind: .duration, decoder: self)
        }
        if let f = object.optional("retransmit") { network.retransmit = try decodeRetransmit(f) }
        return network
    }

    /// `network.retransmit`: every key optional (`{}` is TCP's defaults, see ``RetransmitSpec``).
    private func decodeRetransmit(_ field: JSONField) throws(ScenarioError) -> RetransmitSpec {
        let object = try ObjectReader(
            field, allowed: Self.retransmitKeys, what: "a retransmission policy", decoder: self)
        var spec = RetransmitSpec()
        if let f = object.optional("after") { spec.after = try positiveDuration(f) }
        if let f = object.optional("max_attempts") {
            spec.maxAttempts = try integer(f, minimum: 1)
            if spec.maxAttempts > RetransmitSpec.attemptLimit {
                throw error(
                    f, "must be at most \(RetransmitSpec.attemptLimit), found \(spec.maxAttempts)",
                    allowed: "1 ... \(RetransmitSpec.attemptLimit) sends, the first included")
            }
        }
        if let f = object.optional("multiplier") {
            spec.multiplier = try number(f)
            if !(spec.multiplier >= 1) {
                throw error(
                    f, "must be at least 1, found \(written(f))",
                    allowed: "a number ≥ 1 (1: a constant timeout, 2: doubling)")
            }
        }
        if let f = object.optional("max_delay") { spec.maxDelay = try positiveDuration(f) }
        if spec.maxDelay < spec.after {
            throw error(
                object.field, "max_delay (\(spec.maxDelay)) is below the first timeout, after (\(spec.after))"
            )
        }
        return spec
    }

    /// Decodes `pattern` from the declarations of the pattern its `type` names: every pattern is
    /// read the same way, so a new pattern needs no code here.
    func decodePattern(_ field: JSONField) throws(ScenarioError) -> PatternSpec {
        let patternTypes = patterns.names
        guard field.value.members != nil else {
            throw error(
                field, "expected a pattern (a JSON object), found \(field.value.typeDescription)",
                allowed: "{ \"type\": " + patternTypes.joined(separator: " | ") + ", ... }")
        }
        guard let typeField = ObjectReader.member(field, "type", decoder: self) else {
            throw error(field, "missing required key \"type\"", allowed: ClosestKey.list(patternTypes))
        }
        let type = try choice(typeField, among: patternTypes, what: "pattern type")
        let declarations = patterns.pattern(named: type)!.parameters
        let allowed = ["type"] + declarations.map(\.name)
        var elsewhere: [String: String] = [:]
        for other in patterns.patterns where other.name != type {
            for declaration in other.parameters where !allowed.contains(declaration.name) {
                if elsewhere[declaration.name] == nil {
                    elsewhere[declaration.name] =
                        "\(quoted(declaration.name)) does not apply to the \(type) pattern (only to \(other.name))"
                }
            }
        }
        let object = try ObjectReader(field, allowed: allowed, unsupported: elsewhere, decoder: self)
        var values: [String: ParameterValue] = [:]
        for declaration in declarations {
            if let f = object.optional(declaration.name) {
                values[declaration.name] = try parameter(f, declaration)
            } else if declaration.defaultValue == nil {
                throw error(
                    field, "missing required key \(quoted(declaration.name)) (\(declaration.help))",
                    allowed: ClosestKey.list(declarations.map(\.name)))
            }
        }
        return PatternSpec(name: type, parameters: PatternParameters(values), completedWith: declarations)
    }

    /// One pattern parameter, read and checked by its declared kind.
    private func parameter(_ f: JSONField, _ declaration: ParameterDeclaration) throws(ScenarioError)
        -> ParameterValue
    {
        switch declaration.kind {
        case .bool: return .bool(try bool(f))
        case .count(let minimum): return .int(try integer(f, minimum: minimum))
        case .number(let minimum):
            let x = try number(f)
            guard x >= minimum else { throw error(f, "must be at least \(minimum), found \(x)") }
            return .number(x)
        case .probability: return .number(try probability(f))
        case .duration: return .duration(try duration(f))
        case .role, .string: return .string(try nonEmptyString(f))
        case .roles:
            var names: [String] = []
            for item in try array(f, minimumCount: 1, what: "role names") {
                names.append(try nonEmptyString(item))
            }
            return .strings(names)
        case .choice(let options): return .string(try choice(f, among: options, what: "value"))
        case .durationDistribution:
            return .distribution(try Distribution.decode(f, kind: .duration, decoder: self))
        case .countDistribution: return .distribution(try Distribution.decode(f, kind: .count, decoder: self))
        case .stages:
            guard let members = f.value.members, !members.isEmpty else {
                throw error(
                    f, "expected an object of step names to patterns, found \(f.value.typeDescription)",
                    allowed: "{ \"STEP\": { \"type\": ... }, \"*\": { \"type\": ... } }")
            }
            var stages: [StageAssignment] = []
            for member in members {
                let nested = JSONField(value: member.value, path: f.path.appending(member.key))
                sourceMap.record(nested.path, member.value.location)
                let steps = member.key.split(separator: ",").map { String($0).trimmingCharacters() }
                stages.append(StageAssignment(steps: steps, pattern: try decodePattern(nested)))
            }
            return .stages(stages)
        case .callSize:
            let base = declaration.defaultValue.flatMap { value -> CallSpec? in
                if case .callSize(let c) = value { return c }
                return nil
            }
            return .callSize(try callSpec(f, default: base))
        }
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

    func decodeRunLimits(_ field: JSONField) throws(ScenarioError) -> (RunLimits, SimDuration?) {
        let object = try ObjectReader(field, allowed: Self.runKeys, what: "run limits", decoder: self)
        var limits = RunLimits()
        if let f = object.optional("until") { limits.until = try positiveDuration(f) }
        if let f = object.optional("max_events") {
            limits.maxEvents = try integer(f, minimum: 1, maximum: Int.max)
        }
        if let f = object.optional("replications") {
            limits.replications = try integer(f, minimum: 1, maximum: RunLimits.maxReplications)
        }
        let interval = try object.optional("timeseries_interval").map { f throws(ScenarioError) in
            try positiveDuration(f)
        }
        return (limits, interval)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    package func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
