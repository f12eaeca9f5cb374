import AgentSimDistributions

/// What the values of a distribution measure, which decides how its parameters are read.
enum QuantityKind: Sendable {
    /// Durations: parameters are durations ("250ms" or seconds), stored in seconds.
    case duration
    /// Counts (tokens, fan-out): parameters are non-negative numbers.
    case count
    /// Probabilities: parameters are numbers from 0 to 1.
    case probability
    /// Any finite number.
    case plain
}

extension Distribution {
    /// The distribution names of the JSON form, `{ "dist": NAME, ... }`, with their parameters.
    static let jsonForms: [(name: String, parameters: [String])] = [
        ("constant", ["value"]), ("uniform", ["min", "max"]), ("exponential", ["mean", "rate"]),
        ("normal", ["mean", "sd"]), ("lognormal", ["mean", "sd", "median", "p99"]),
        ("gamma", ["shape", "scale", "mean"]), ("weibull", ["shape", "scale"]),
        ("pareto", ["scale", "shape"]),
        ("empirical", ["samples", "file"]), ("mixture", ["components"]), ("uniform_int", ["min", "max"]),
        ("bernoulli", ["p"]),
    ]

    static let jsonAllowed =
        "a number (a constant) or an object { \"dist\": NAME, ... } with NAME one of "
        + jsonForms.map(\.name).joined(separator: ", ")

    /// Decodes a distribution: a bare number (or duration string) meaning a constant, or
    /// `{ "dist": NAME, ...parameters }`.
    ///
    /// - Parameters:
    ///   - field: The value and its path.
    ///   - kind: What the values measure; it decides how parameters are read and checked.
    ///   - extraKeys: Keys the object may have besides the distribution's own (a mixture
    ///     component's `weight`).
    ///   - decoder: The decoder, for errors, data files and the source map.
    static func decode(
        _ field: JSONField, kind: QuantityKind, extraKeys: [String] = [], decoder: ScenarioDecoder
    ) throws(ScenarioError) -> Distribution {
        switch field.value.kind {
        case .number, .string:
            if case .string = field.value.kind, kind != .duration {
                throw decoder.error(
                    field, "expected a number or a distribution, found \(field.value.typeDescription)",
                    allowed: jsonAllowed)
            }
            return .constant(try decoder.quantity(field, kind: kind))
        case .object:
            break
        default:
            throw decoder.error(
                field, "expected a number or a distribution, found \(field.value.typeDescription)",
                allowed: jsonAllowed)
        }
        let names = jsonForms.map(\.name)
        guard let nameField = ObjectReader.member(field, "dist", decoder: decoder) else {
            throw decoder.error(
                field, "missing required key \"dist\" (the distribution's name)",
                allowed: ClosestKey.list(names))
        }
        let name = try decoder.choice(nameField, among: names, what: "distribution")
        let parameters = jsonForms.first { $0.name == name }!.parameters
        let object = try ObjectReader(field, allowed: ["dist"] + parameters + extraKeys, decoder: decoder)
        return try decodeParameters(name, object, kind: kind, decoder: decoder)
    }

    private static func decodeParameters(
        _ name: String, _ o: ObjectReader, kind: QuantityKind, decoder d: ScenarioDecoder
    ) throws(ScenarioError) -> Distribution {
        switch name {
        case "constant":
            return .constant(try d.quantity(o.required("value"), kind: kind))
        case "uniform":
            let (minField, maxField) = (try o.required("min"), try o.required("max"))
            let min = try d.quantity(minField, kind: kind)
            let max = try d.quantity(maxField, kind: kind)
            if min > max { throw d.error(maxField, "max must be at least min (\(d.written(minField)))") }
            return .uniform(min: min, max: max)
        case "exponential":
            let mean = try exclusive(o, "mean", "rate", decoder: d)
            if mean.key == "mean" {
                return .exponential(mean: try d.positiveQuantity(mean.field, kind: kind))
            }
            let rate = kind == .duration ? try d.positiveRate(mean.field) : try d.positiveNumber(mean.field)
            return .exponential(mean: 1 / rate)
        case "normal":
            let mean = try d.quantity(o.required("mean"), kind: kind)
            let sd = try d.quantity(o.required("sd"), kind: kind == .probability ? .plain : kind)
            if sd < 0 { throw d.error(try o.required("sd"), "sd must not be negative") }
            return .normal(mean: mean, sd: sd)
        case "lognormal":
            return try decodeLognormal(o, kind: kind, decoder: d)
        case "gamma":
            let shape = try d.positiveNumber(o.required("shape"))
            let scale = try exclusive(o, "scale", "mean", decoder: d)
            let value = try d.positiveQuantity(scale.field, kind: kind)
            return .gamma(shape: shape, scale: scale.key == "scale" ? value : value / shape)
        case "weibull":
            let shape = try d.positiveNumber(o.required("shape"))
            return .weibull(shape: shape, scale: try d.positiveQuantity(o.required("scale"), kind: kind))
        case "pareto":
            let scale = try d.positiveQuantity(o.required("scale"), kind: kind)
            return .pareto(scale: scale, shape: try d.positiveNumber(o.required("shape")))
        case "empirical":
            let source = try exclusive(o, "samples", "file", decoder: d)
            guard source.key == "samples" else {
                return .empirical(EmpiricalSamples(try d.dataFileValues(source.field, kind: kind)))
            }
            var values: [Double] = []
            for item in try d.array(source.field, minimumCount: 1, what: "samples") {
                values.append(try d.quantity(item, kind: kind))
            }
            return .empirical(EmpiricalSamples(values))
        case "mixture":
            return try decodeMixture(o, kind: kind, decoder: d)
        case "uniform_int":
            let (minField, maxField) = (try o.required("min"), try o.required("max"))
            let min = try d.integerParameter(minField, kind: kind)
            let max = try d.integerParameter(maxField, kind: kind)
            if min > max { throw d.error(maxField, "max must be at least min (\(min))") }
            return .uniformInt(min: min, max: max)
        default:  // bernoulli
            return .bernoulli(p: try d.probability(o.required("p")))
        }
    }

    private static func decodeLognormal(
        _ o: ObjectReader, kind: QuantityKind, decoder d: ScenarioDecoder
    ) throws(ScenarioError) -> Distribution {
        let byMean = o.has("mean") || o.has("sd")
        let byQuantiles = o.has("median") || o.has("p99")
        if byMean && byQuantiles {
            throw d.error(
                o.field, "give either mean and sd, or median and p99, not both",
                allowed: "{mean, sd} or {median, p99}")
        }
        if byMean {
            let mean = try d.positiveQuantity(o.required("mean"), kind: kind)
            let sd = try d.quantity(o.required("sd"), kind: kind)
            if sd < 0 { throw d.error(try o.required("sd"), "sd must not be negative") }
            // sd 0 is a constant; saying so spares the lognormal's parameterisation a degenerate case.
            return sd == 0 ? .constant(mean) : .lognormal(mean: mean, sd: sd)
        }
        if !byQuantiles {
            throw d.error(
                o.field, "a lognormal needs mean and sd, or median and p99",
                allowed: "{mean, sd} or {median, p99}")
        }
        let medianField = try o.required("median")
        let median = try d.positiveQuantity(medianField, kind: kind)
        let p99Field = try o.required("p99")
        let p99 = try d.quantity(p99Field, kind: kind)
        if !(p99 > median) {
            throw d.error(p99Field, "p99 must be greater than the median (\(d.written(medianField)))")
        }
        return .lognormal(median: median, p99: p99)
    }

    private static func decodeMixture(
        _ o: ObjectReader, kind: QuantityKind, decoder d: ScenarioDecoder
    ) throws(ScenarioError) -> Distribution {
        let componentsField = try o.required("components")
        var components: [MixtureComponent] = []
        for item in try d.array(componentsField, minimumCount: 1, what: "components") {
            let weightField = ObjectReader.member(item, "weight", decoder: d)
            let distribution = try decode(item, kind: kind, extraKeys: ["weight"], decoder: d)
            guard let weightField else {
                throw d.error(item, "missing required key \"weight\" (a component's relative weight)")
            }
            let weight = try d.number(weightField)
            if weight < 0 { throw d.error(weightField, "a weight must not be negative") }
            components.append(MixtureComponent(weight: weight, distribution: distribution))
        }
        if !(components.reduce(0) { $0 + $1.weight } > 0) {
            throw d.error(componentsField, "the weights must not all be 0")
        }
        return .mixture(components)
    }

    /// Exactly one of two alternative keys, e.g. an exponential's `mean` or `rate`.
    private static func exclusive(
        _ o: ObjectReader, _ a: String, _ b: String, decoder d: ScenarioDecoder
    ) throws(ScenarioError) -> (key: String, field: JSONField) {
        switch (o.optional(a), o.optional(b)) {
        case (let fa?, nil): return (a, fa)
        case (nil, let fb?): return (b, fb)
        case (_?, _?): throw d.error(o.field, "give \(quoted(a)) or \(quoted(b)), not both")
        case (nil, nil): throw d.error(o.field, "missing required key \(quoted(a)) (or \(quoted(b)))")
        }
    }
}

extension ScenarioDecoder {
    /// One value of a distribution of `kind`: a parameter, a sample, a constant.
    func quantity(_ field: JSONField, kind: QuantityKind) throws(ScenarioError) -> Double {
        switch kind {
        case .duration:
            return try durationSeconds(field)
        case .count:
            let value = try number(field)
            if value < 0 { throw error(field, "a count cannot be negative, found \(written(field))") }
            if value > Double(InputLimits.maxTokensPerCall) { throw countTooLarge(field) }
            return value
        case .probability:
            return try probability(field)
        case .plain:
            return try number(field)
        }
    }

    /// A value of `kind` greater than zero.
    func positiveQuantity(_ field: JSONField, kind: QuantityKind) throws(ScenarioError) -> Double {
        let value = try quantity(field, kind: kind)
        if !(value > 0) { throw error(field, "must be greater than 0") }
        return value
    }

    /// A count parameter above ``InputLimits/maxTokensPerCall``: draws are cut there anyway.
    private func countTooLarge(_ field: JSONField) -> ScenarioError {
        error(
            field, "\(written(field)) is too large for a count (tokens of one call, copies of a step)",
            allowed: "a count from 0 to \(InputLimits.maxTokensPerCall)")
    }

    /// A whole-number parameter (`uniform_int`'s bounds); whole seconds for durations.
    func integerParameter(_ field: JSONField, kind: QuantityKind) throws(ScenarioError) -> Int64 {
        let literal = try decimal(field, expected: "a whole number")
        guard let value = literal.integerValue else {
            throw error(field, "\(literal.text) is not a whole number", allowed: "a whole number")
        }
        if value < 0 && kind != .plain { throw error(field, "must not be negative, found \(value)") }
        if kind == .count && value > InputLimits.maxTokensPerCall { throw countTooLarge(field) }
        if kind == .probability && value > 1 { throw error(field, "a probability must be 0 or 1 here") }
        return value
    }
}
