import AgentSimDistributions
import AgentSimRandom
import AgentSimSpec

/// The calibrated scenario as JSON, in a fixed key order (the same traces give the same bytes).
extension Calibration {
    /// A model's prices, US dollars per million tokens.
    public typealias Prices = (inputPerMTokUSD: Double, outputPerMTokUSD: Double)

    /// The scenario: Poisson arrivals at the fitted rate, as many jobs as the traces hold, one step
    /// and one role per agent-and-model (or tool), a pipeline pattern, instant coordination messages.
    ///
    /// - Parameters:
    ///   - name: The scenario's name.
    ///   - prices: Known model prices by the traces' model name; others are written as 0.
    /// - Returns: The scenario document.
    public func scenarioJSON(name: String, prices: [String: Prices] = [:]) -> String {
        scenarioValue(name: name, prices: prices).rendered() + "\n"
    }

    /// Models whose prices are not in `prices` (their cost shows as 0 until set).
    public func unpricedModels(_ prices: [String: Prices]) -> [String] {
        Array(Set(roles.compactMap(\.model))).filter { prices[$0] == nil }.sorted()
    }

    func scenarioValue(name: String, prices: [String: Prices]) -> JSONValue {
        let calls = roles.reduce(0) { $0 + $1.calls }
        let steps = roles.map { role -> JSONValue in
            var members: [(String, JSONValue)] = [
                ("name", .make(.string(role.name))), ("skill", .make(.string(role.name))),
            ]
            if !role.after.isEmpty { members.append(("after", .names(role.after))) }
            let widths = role.fanout.keys.sorted()
            if widths != [1] { members.append(("fanout", Self.widthJSON(role.fanout))) }
            if let t = role.tokensIn { members.append(("tokens_in", Self.json(t.distribution))) }
            if let t = role.tokensOut { members.append(("tokens_out", Self.json(t.distribution))) }
            return .object(members)
        }
        let models = Array(Set(roles.compactMap(\.model))).sorted().map { model -> (String, JSONValue) in
            let p = prices[model] ?? (0, 0)
            return (
                RoleBuilder.sanitized(model),
                .object([
                    ("input_per_mtok", .number(p.inputPerMTokUSD)),
                    ("output_per_mtok", .number(p.outputPerMTokUSD)),
                ])
            )
        }
        let agents = roles.map { role -> (String, JSONValue) in
            var members: [(String, JSONValue)] = [
                ("count", .number(Double(role.concurrency))), ("skills", .names([role.name])),
            ]
            if let model = role.model {
                members.append(("model", .make(.string(RoleBuilder.sanitized(model)))))
            }
            members.append(("latency", Self.json(role.latency.distribution)))
            return (role.name, .object(members))
        }
        var root: [(String, JSONValue)] = [
            ("name", .make(.string(name))),
            (
                "description",
                .make(
                    .string(
                        "Calibrated by agentsim calibrate from \(jobs) traced jobs and \(calls) calls; "
                            + "calibration.csv lists every fitted quantity and its goodness of fit."))
            ),
            ("seed", .number(1)),
            (
                "workload",
                .object([
                    (
                        "arrivals",
                        .object([
                            ("process", .make(.string("poisson"))), ("rate", .number(arrivalRatePerSecond)),
                        ])
                    ),
                    ("jobs", .number(Double(jobs))),
                    ("job", .object([("steps", .make(.array(steps)))])),
                ])
            ),
        ]
        if !models.isEmpty { root.append(("models", .object(models))) }
        root.append(("agents", .object(agents)))
        root.append(("pattern", .object([("type", .make(.string("pipeline")))])))
        return .object(root)
    }

    /// Fan-out widths as seen: a constant, or a mixture of constants weighted by how many jobs had each.
    static func widthJSON(_ widths: [Int: Int]) -> JSONValue {
        let keys = widths.keys.sorted()
        if keys.count == 1 { return .number(Double(keys[0])) }
        let components = keys.map { w -> JSONValue in
            .object([
                ("weight", .number(Double(widths[w]!))), ("dist", .make(.string("constant"))),
                ("value", .number(Double(w))),
            ])
        }
        return .object([("dist", .make(.string("mixture"))), ("components", .make(.array(components)))])
    }

    /// A fitted distribution in the scenario format (values in seconds for durations, counts otherwise).
    static func json(_ d: Distribution) -> JSONValue {
        switch d {
        case .constant(let v): return .number(v)
        case .exponential(let mean):
            return .object([("dist", .make(.string("exponential"))), ("mean", .number(mean))])
        case .lognormal(let mu, let sigma):
            return .object([
                ("dist", .make(.string("lognormal"))), ("median", .number(SimMath.exp(mu))),
                ("p99", .number(SimMath.exp(mu + FitMath.z99 * sigma))),
            ])
        case .gamma(let shape, let scale):
            return .object([
                ("dist", .make(.string("gamma"))), ("shape", .number(shape)), ("scale", .number(scale)),
            ])
        case .empirical(let samples):
            return .object([
                ("dist", .make(.string("empirical"))),
                ("samples", .make(.array(samples.sorted.map(JSONValue.number)))),
            ])
        default:
            preconditionFailure("calibration fits only constant, exponential, lognormal, gamma and empirical")
        }
    }
}
