/// The chaos layer as a scenario states it: the `faults` list (agent faults and layer faults side
/// by side) and the `chaos` object.
extension ScenarioDecoder {
    /// Keys that make a fault a layer fault (one of them names its kind).
    static let layerFaultKinds = ["latency_spike", "loss", "duplicate", "reorder", "partition", "accuracy"]
    /// Keys only layer faults take besides their kind.
    static let layerFaultModifiers = ["from", "to", "one_way"]
    /// Every key a `faults` entry may have.
    static var allFaultKeys: [String] { faultKeys + layerFaultKinds + layerFaultModifiers }

    /// Decodes `faults`: layer faults here, agent faults by ``decodeFaults(_:)``.
    ///
    /// Agent faults are handed over in one array in which each layer fault is replaced by a
    /// placeholder agent fault (removed again afterwards), so every error keeps its true index.
    func decodeFaultList(_ field: JSONField, into scenario: inout Scenario) throws(ScenarioError) {
        var agentItems: [JSONValue] = []
        var placeholders: [Int] = []
        for (i, item) in try array(field, what: "faults").enumerated() {
            let object = try ObjectReader(item, allowed: Self.allFaultKeys, what: "a fault", decoder: self)
            if Self.layerFaultKinds.contains(where: object.has) {
                scenario.layerFaults.append(try decodeLayerFault(object, roles: scenario.agents.map(\.name)))
                placeholders.append(i)
                agentItems.append(Self.placeholderFault(at: item.value.location))
            } else {
                if let key = Self.layerFaultModifiers.first(where: object.has), let f = object.optional(key) {
                    throw error(
                        f, "\(quoted(key)) applies to network faults only",
                        allowed: "with " + ClosestKey.list(Self.layerFaultKinds))
                }
                agentItems.append(item.value)
            }
        }
        let agentField = JSONField(
            value: JSONValue(kind: .array(agentItems), location: field.value.location), path: field.path)
        var agentFaults = try decodeFaults(agentField)
        // Checked here, where the index is still the file's (the validator sees the list without
        // the layer faults).
        for (i, fault) in agentFaults.enumerated() where !placeholders.contains(i) {
            let itemPath = field.path.appending(i)
            guard let role = scenario.agents.first(where: { $0.name == fault.role }) else {
                let names = scenario.agents.map(\.name)
                let rolePath = itemPath.appending("role")
                var location = sourceMap.location(of: rolePath.description)
                if location.line == nil {
                    location = sourceMap.location(of: itemPath.appending("crash").description)
                }
                if location.line == nil { location = sourceMap.location(of: itemPath.description) }
                throw error(
                    at: location, path: rolePath,
                    "unknown role \(quoted(fault.role))" + ClosestKey.didYouMean(fault.role, among: names),
                    allowed: ClosestKey.list(names))
            }
            if let range = fault.agents, range.upperBound >= role.count {
                throw error(
                    at: sourceMap.location(of: itemPath.description), path: itemPath.appending("agents"),
                    "the role \(quoted(role.name)) has \(role.count) agents (0..\(role.count - 1)); found "
                        + "\(range.lowerBound)..\(range.upperBound)")
            }
        }
        for i in placeholders.reversed() { agentFaults.remove(at: i) }
        scenario.faults = agentFaults
    }

    /// A valid agent fault that stands in for a layer fault while agent faults are decoded.
    private static func placeholderFault(at location: JSONLocation) -> JSONValue {
        func member(_ key: String, _ kind: JSONValue.Kind) -> JSONMember {
            JSONMember(key: key, keyLocation: location, value: JSONValue(kind: kind, location: location))
        }
        return JSONValue(
            kind: .object([
                member("at", .number("0")), member("role", .string("_")), member("slowdown", .number("1")),
            ]),
            location: location)
    }

    /// One layer fault: `at`, optional `for`, exactly one kind, and its targets.
    private func decodeLayerFault(_ object: ObjectReader, roles: [String]) throws(ScenarioError)
        -> LayerFaultSpec
    {
        let item = object.field
        let kindKeys =
            (Self.agentFaultKinds + Self.layerFaultKinds).filter(object.has)
        guard kindKeys.count == 1, let kindField = object.optional(kindKeys[0]) else {
            throw error(
                item,
                "a fault needs exactly one kind, found \(kindKeys.count) (\(kindKeys.joined(separator: ", ")))",
                allowed: ClosestKey.list(Self.agentFaultKinds + Self.layerFaultKinds))
        }
        let at = try duration(object.required("at"))
        let lasting = try object.optional("for").map { f throws(ScenarioError) in try positiveDuration(f) }
        if let f = object.optional("agents") {
            throw error(f, "network and quality faults act on roles, not on agent indices (remove the key)")
        }
        var from = try object.optional("from").map { f throws(ScenarioError) in try roleList(f, roles) }
        var to = try object.optional("to").map { f throws(ScenarioError) in try roleList(f, roles) }
        var role: String?
        if let f = object.optional("role") { role = try roleName(f, roles) }
        if let f = object.optional("one_way"), kindKeys[0] != "partition" {
            throw error(f, "\"one_way\" applies to partitions only")
        }
        if role != nil && kindKeys[0] != "accuracy", let f = object.optional("role") {
            throw error(f, "a network fault acts on links: name them with \"from\" and \"to\", not \"role\"")
        }
        let kind: LayerFaultSpec.Kind
        switch kindKeys[0] {
        case "latency_spike": kind = .latencySpike(try positiveDuration(kindField))
        case "loss": kind = .loss(try probability(kindField))
        case "duplicate": kind = .duplication(try probability(kindField))
        case "reorder": kind = .reorder(try positiveDuration(kindField))
        case "partition":
            let sides = try array(kindField, what: "role groups")
            guard sides.count == 2, from == nil, to == nil else {
                throw error(
                    kindField, "a partition is two groups of roles, e.g. [[\"planner\"], [\"worker\"]]",
                    allowed: "[[ROLE, ...], [ROLE, ...]] (and no \"from\"/\"to\")")
            }
            from = try roleList(sides[0], roles)
            to = try roleList(sides[1], roles)
            if let shared = from!.first(where: to!.contains) {
                throw error(kindField, "the role \(quoted(shared)) is on both sides of the partition")
            }
            var oneWay = false
            if let f = object.optional("one_way") { oneWay = try bool(f) }
            kind = .partition(oneWay: oneWay)
        default:
            guard role != nil else {
                throw error(item, "a hallucination burst needs the \"role\" whose accuracy drops")
            }
            if let f = object.optional("from") ?? object.optional("to") {
                throw error(f, "a hallucination burst acts on a role, not on links (remove the key)")
            }
            kind = .hallucination(accuracy: try probability(kindField))
        }
        return LayerFaultSpec(at: at, duration: lasting, kind: kind, from: from, to: to, role: role)
    }

    /// A role name (a string) or a non-empty list of distinct role names.
    private func roleList(_ field: JSONField, _ roles: [String]) throws(ScenarioError) -> [String] {
        if case .string = field.value.kind { return [try roleName(field, roles)] }
        var names: [String] = []
        for item in try array(field, minimumCount: 1, what: "role names") {
            let name = try roleName(item, roles)
            if names.contains(name) { throw error(item, "\(quoted(name)) is listed twice") }
            names.append(name)
        }
        return names
    }

    /// A role of the scenario.
    private func roleName(_ field: JSONField, _ roles: [String]) throws(ScenarioError) -> String {
        let name = try nonEmptyString(field)
        guard roles.contains(name) else {
            throw error(
                field, "unknown role \(quoted(name))" + ClosestKey.didYouMean(name, among: roles),
                allowed: ClosestKey.list(roles))
        }
        return name
    }
}

extension ScenarioDecoder {
    static let chaosKeys = ["horizon", "drain", "rates", "swarm", "roles"]

    /// `chaos`: the safety phase's horizon, the drain time, the rates per fault kind, swarm, roles.
    func decodeChaos(_ field: JSONField, roles: [AgentRoleSpec]) throws(ScenarioError) -> ChaosSpec {
        let object = try ObjectReader(field, allowed: Self.chaosKeys, what: "a chaos spec", decoder: self)
        var chaos = ChaosSpec()
        if let f = object.optional("horizon") { chaos.horizon = try duration(f) }
        if let f = object.optional("drain") { chaos.drain = try duration(f) }
        if let f = object.optional("swarm") { chaos.swarm = try bool(f) }
        let names = roles.map(\.name)
        if let f = object.optional("roles") {
            var picked: [String] = []
            for item in try array(f, minimumCount: 1, what: "role names") {
                let name = try nonEmptyString(item)
                guard names.contains(name) else {
                    throw error(
                        item, "unknown role \(quoted(name))" + ClosestKey.didYouMean(name, among: names),
                        allowed: ClosestKey.list(names))
                }
                picked.append(name)
            }
            chaos.roles = picked
        }
        if let f = object.optional("rates") {
            let kinds = ChaosSpec.Kind.allCases.map(\.rawValue)
            let rates = try ObjectReader(f, allowed: kinds, what: "fault rates", decoder: self)
            for (key, g) in rates.fields {
                chaos.rates[ChaosSpec.Kind(rawValue: key)!] = try chaosRate(g)
            }
            // A partition on fewer than two eligible roles is not an error: chaos skips the kind
            // and says why (ChaosSpec.skippedKinds), so one campaign runs on every scenario.
        }
        return chaos
    }

    /// A rate of faults: `"1/5m"` (one per five minutes), or any rate (`"2/h"`, `0.01`).
    func chaosRate(_ field: JSONField) throws(ScenarioError) -> Double {
        if case .string(let text) = field.value.kind, let slash = text.firstIndex(of: "/") {
            let count = DecimalLiteral(String(text[..<slash]).trimmingSpaces)
            let per = try? Units.duration(String(text[text.index(after: slash)...]))
            if let count, !count.negative, let per, per > .zero,
                Units.rateUnits.allSatisfy({ $0.name != String(text[text.index(after: slash)...]) })
            {
                return count.doubleValue / per.seconds
            }
        }
        let r = try rate(field)
        return r
    }
}
