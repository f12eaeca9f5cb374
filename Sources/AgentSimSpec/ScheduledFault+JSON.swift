/// Faults as scenario files write them (the inverse of ``ScenarioDecoder/decodeFaultList(_:into:)``).
extension ScheduledFault {
    /// The `faults` entry of this fault.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("at", .duration(at))]
        switch self {
        case .agent(let f):
            if let d = f.duration { members.append(("for", .duration(d))) }
            members.append(("role", .make(.string(f.role))))
            if let range = f.agents {
                members.append(
                    range.count == 1
                        ? ("agents", .number(Double(range.lowerBound)))
                        : ("agents", .make(.string("\(range.lowerBound)..\(range.upperBound)"))))
            }
            switch f.kind {
            case .crash: members.append(("crash", .make(.bool(true))))
            case .slowdown(let factor): members.append(("slowdown", .number(factor)))
            case .errorRate(let p): members.append(("error_rate", .number(p)))
            case .slowFirstToken(let d): members.append(("slow_first_token", .duration(d)))
            case .rateLimitStorm: members.append(("rate_limit_storm", .make(.bool(true))))
            }
        case .layer(let f):
            if let d = f.duration { members.append(("for", .duration(d))) }
            switch f.kind {
            case .latencySpike(let d): members.append(("latency_spike", .duration(d)))
            case .loss(let p): members.append(("loss", .number(p)))
            case .duplication(let p): members.append(("duplicate", .number(p)))
            case .reorder(let d): members.append(("reorder", .duration(d)))
            case .partition(let oneWay):
                members.append(("partition", .make(.array([.names(f.from ?? []), .names(f.to ?? [])]))))
                if oneWay { members.append(("one_way", .make(.bool(true)))) }
                return .object(members)
            case .hallucination(let accuracy):
                members.append(("role", .make(.string(f.role ?? ""))))
                members.append(("accuracy", .number(accuracy)))
                return .object(members)
            }
            if let from = f.from { members.append(("from", .names(from))) }
            if let to = f.to { members.append(("to", .names(to))) }
        }
        return .object(members)
    }
}
