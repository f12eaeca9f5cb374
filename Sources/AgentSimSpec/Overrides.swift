/// `--set PATH=VALUE`: changes to the scenario document made before it is decoded, so an override
/// is checked exactly like the file it changes.
///
/// PATH is dotted keys with optional `[i]` indices (`agents.worker.count`,
/// `workload.job.steps[0].tokens_out`). VALUE is JSON when it parses as JSON (`8`, `true`,
/// `{"dist": "exponential", "mean": "1s"}`), else a string (`5/s`, `250ms`). The last key may be
/// new (it is then created and validated like any key); every key before it must exist, except the
/// optional objects of ``creatableObjects``.
package enum Overrides {
    /// Applies `assignments` in order.
    ///
    /// - Throws: ``ScenarioError`` naming the override as its file (`--set PATH`) for a malformed
    ///   assignment or a path that does not lead anywhere.
    static func apply(_ assignments: [String], to root: JSONValue) throws(ScenarioError) -> JSONValue {
        var document = root
        for assignment in assignments {
            try apply(assignment, to: &document)
        }
        return document
    }

    /// Applies one `PATH=VALUE` assignment.
    static func apply(_ assignment: String, to document: inout JSONValue) throws(ScenarioError) {
        guard let equals = assignment.firstIndex(of: "=") else {
            throw ScenarioError(
                file: "--set \(assignment)", path: "", message: "expected PATH=VALUE",
                allowed: "e.g. agents.worker.count=8 or workload.arrivals.rate=5/s")
        }
        let pathText = String(assignment[..<equals])
        let valueText = String(assignment[assignment.index(after: equals)...])
        let origin = JSONLocation(file: "--set \(pathText)")
        let components = try parsePath(pathText, origin: origin.file)
        let value: JSONValue
        do {
            value = try JSONParser.parse(valueText, file: origin.file).relocated(to: origin)
        } catch {
            value = JSONValue(kind: .string(valueText), location: origin)
        }
        try set(value, at: components[...], in: &document, walked: .root, origin: origin.file)
    }

    /// Splits `agents.worker.skills[0]` into keys and indices.
    package static func parsePath(_ text: String, origin: String) throws(ScenarioError) -> [JSONPath
        .Component]
    {
        func bad(_ message: String) -> ScenarioError {
            ScenarioError(
                file: origin, path: "", message: "\(message) in the path \(quoted(text))",
                allowed: "dotted keys with optional [index], e.g. workload.job.steps[0].tokens_out")
        }
        var components: [JSONPath.Component] = []
        for segment in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard let bracket = segment.firstIndex(of: "[") ?? Optional(segment.endIndex),
                bracket > segment.startIndex
            else { throw bad("an empty key") }
            components.append(.key(String(segment[..<bracket])))
            var rest = segment[bracket...]
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { throw bad("a malformed index") }
                components.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        return components
    }

    /// The optional objects (by dotted path; `*` stands for any one role name) that `--set` creates
    /// when a path goes inside one that is absent, so `--set network.retransmit.after=2s`,
    /// `--set policies.retry.max_attempts=3` and `--set chaos.rates.loss=1/3m` work on a scenario
    /// without those objects; any other missing key (a typo, a role that does not exist) is still
    /// refused.
    static let creatableObjects: Set<String> = {
        let policyObjects = ["", ".retry", ".retry.budget", ".circuit_breaker", ".bulkhead"]
        return Set(
            ["network", "network.retransmit", "run", "chaos", "chaos.rates", "policies.grounding"]
                + policyObjects.map { "policies" + $0 } + policyObjects.map { "agents.*.policies" + $0 })
    }()

    /// Whether `path` names one of ``creatableObjects``: a role name (the key under `agents`) matches `*`.
    static func isCreatable(_ path: JSONPath) -> Bool {
        var keys: [String] = []
        for component in path.components {
            guard case .key(let key) = component else { return false }  // nothing inside arrays
            keys.append(keys.count == 1 && keys[0] == "agents" ? "*" : key)
        }
        return creatableObjects.contains(keys.joined(separator: "."))
    }

    private static func set(
        _ value: JSONValue, at components: ArraySlice<JSONPath.Component>, in node: inout JSONValue,
        walked: JSONPath, origin: String
    ) throws(ScenarioError) {
        let component = components.first!
        let isLast = components.count == 1
        switch (component, node.kind) {
        case (.key(let key), .object(var members)):
            let here = walked.appending(key)
            if let i = members.firstIndex(where: { $0.key == key }) {
                if isLast {
                    members[i].value = value
                } else {
                    try set(
                        value, at: components.dropFirst(), in: &members[i].value, walked: here, origin: origin
                    )
                }
            } else if isLast {
                members.append(JSONMember(key: key, keyLocation: value.location, value: value))
            } else if Self.isCreatable(here) {
                // `--set network.retransmit={}` on a scenario without `network`: a known optional
                // object is created empty, and the decoder checks what goes inside.
                var created = JSONValue(kind: .object([]), location: value.location)
                try set(value, at: components.dropFirst(), in: &created, walked: here, origin: origin)
                members.append(JSONMember(key: key, keyLocation: value.location, value: created))
            } else {
                let keys = members.map(\.key)
                throw ScenarioError(
                    file: origin, path: here.description,
                    message: "there is no key \(quoted(key)) to set a value inside"
                        + ClosestKey.didYouMean(key, among: keys),
                    allowed: ClosestKey.list(keys))
            }
            node.kind = .object(members)
        case (.index(let index), .array(var items)):
            let here = walked.appending(index)
            guard index < items.count else {
                throw ScenarioError(
                    file: origin, path: here.description,
                    message: "index \(index) is past the end of an array of \(items.count)",
                    allowed: items.isEmpty ? "" : "0...\(items.count - 1)")
            }
            if isLast {
                items[index] = value
            } else {
                try set(value, at: components.dropFirst(), in: &items[index], walked: here, origin: origin)
            }
            node.kind = .array(items)
        case (.key(let key), _):
            throw ScenarioError(
                file: origin, path: walked.description,
                message:
                    "cannot set the key \(quoted(key)): the value here is \(node.typeDescription), "
                    + "not an object"
            )
        case (.index(let index), _):
            throw ScenarioError(
                file: origin, path: walked.description,
                message:
                    "cannot set index [\(index)]: the value here is \(node.typeDescription), not an array")
        }
    }
}
