import AgentSimKernel

/// Scalars: strings, booleans, integers, and the unit-bearing quantities of ``Units``.
extension ScenarioDecoder {
    /// The value as the user wrote it, for messages: `2s` stays `"2s"`, `0` stays `0` (not `0.0`).
    func written(_ field: JSONField) -> String {
        switch field.value.kind {
        case .number(let text): text
        case .string(let s): quoted(s)
        default: field.value.typeDescription
        }
    }

    func string(_ field: JSONField) throws(ScenarioError) -> String {
        guard case .string(let s) = field.value.kind else {
            throw error(field, "expected a string, found \(field.value.typeDescription)")
        }
        return s
    }

    func nonEmptyString(_ field: JSONField) throws(ScenarioError) -> String {
        let s = try string(field)
        if s.isEmpty { throw error(field, "must not be empty") }
        return s
    }

    func bool(_ field: JSONField) throws(ScenarioError) -> Bool {
        guard case .bool(let b) = field.value.kind else {
            throw error(field, "expected true or false, found \(field.value.typeDescription)")
        }
        return b
    }

    /// The number's exact decimal form; an error for anything but a number.
    func decimal(_ field: JSONField, expected: String) throws(ScenarioError) -> DecimalLiteral {
        guard case .number(let text) = field.value.kind, let literal = DecimalLiteral(text) else {
            throw error(field, "expected \(expected), found \(field.value.typeDescription)")
        }
        return literal
    }

    /// A whole number from `minimum` to `maximum` (`1e3` counts as 1000; `2.5` does not).
    ///
    /// The default maximum is ``InputLimits/maxCount``: put a limit on everything.
    func integer(
        _ field: JSONField, minimum: Int, maximum: Int = InputLimits.maxCount
    ) throws(ScenarioError) -> Int {
        let what = "a whole number from \(minimum) to \(maximum)"
        let literal = try decimal(field, expected: what)
        guard let value = literal.integerValue, let int = Int(exactly: value) else {
            throw error(field, "\(literal.text) is not a whole number in range", allowed: what)
        }
        if int < minimum { throw error(field, "must be at least \(minimum), found \(int)") }
        if int > maximum { throw error(field, "must be at most \(maximum), found \(int)", allowed: what) }
        return int
    }

    /// A seed: a whole number from 0 to 18446744073709551615, read exactly.
    func seed(_ field: JSONField) throws(ScenarioError) -> UInt64 {
        let allowed = "a whole number from 0 to \(UInt64.max)"
        let literal = try decimal(field, expected: allowed)
        guard let value = literal.unsignedValue else {
            throw error(field, "\(literal.text) is not a valid seed", allowed: allowed)
        }
        return value
    }

    /// A finite number (no unit), as a `Double`.
    func number(_ field: JSONField) throws(ScenarioError) -> Double {
        let literal = try decimal(field, expected: "a number")
        let value = literal.doubleValue
        guard value.isFinite else { throw error(field, "\(literal.text) is out of range") }
        return value
    }

    /// A number greater than zero.
    func positiveNumber(_ field: JSONField) throws(ScenarioError) -> Double {
        let value = try number(field)
        if !(value > 0) { throw error(field, "must be greater than 0, found \(written(field))") }
        return value
    }

    /// A number zero or greater.
    func nonNegativeNumber(_ field: JSONField) throws(ScenarioError) -> Double {
        let value = try number(field)
        if !(value >= 0) { throw error(field, "must not be negative, found \(written(field))") }
        return value
    }

    /// A probability: a number from 0 to 1.
    func probability(_ field: JSONField) throws(ScenarioError) -> Double {
        let value = try number(field)
        if !(0...1).contains(value) {
            throw error(
                field, "a probability must be between 0 and 1, found \(written(field))", allowed: "0 ... 1")
        }
        return value
    }

    /// A duration: a number of seconds or a string with a unit, exact to the nanosecond.
    func duration(_ field: JSONField) throws(ScenarioError) -> SimDuration {
        do throws(UnitError) {
            switch field.value.kind {
            case .number(let text): return try Units.duration(number: text)
            case .string(let text): return try Units.duration(text)
            default: break
            }
        } catch {
            throw self.error(field, error.message, allowed: error.allowed)
        }
        throw error(
            field, "expected a duration, found \(field.value.typeDescription)", allowed: Units.durationAllowed
        )
    }

    /// A duration greater than zero.
    func positiveDuration(_ field: JSONField) throws(ScenarioError) -> SimDuration {
        let d = try duration(field)
        if d.nanos <= 0 { throw error(field, "must be longer than 0", allowed: Units.durationAllowed) }
        return d
    }

    /// A duration in seconds as a `Double` (for distribution parameters, which sample in seconds).
    func durationSeconds(_ field: JSONField) throws(ScenarioError) -> Double {
        if case .number(let text) = field.value.kind, let literal = DecimalLiteral(text) {
            // A plain number of seconds keeps its full precision (1e-12 s is not rounded to 0 ns).
            _ = try duration(field)  // the sign and range checks
            return literal.doubleValue
        }
        return try duration(field).seconds
    }

    /// A rate per second: a number, or a string such as `"3/s"`.
    func rate(_ field: JSONField) throws(ScenarioError) -> Double {
        do throws(UnitError) {
            switch field.value.kind {
            case .number(let text): return try Units.rate(number: text)
            case .string(let text): return try Units.rate(text)
            default: break
            }
        } catch {
            throw self.error(field, error.message, allowed: error.allowed)
        }
        throw error(
            field, "expected a rate, found \(field.value.typeDescription)", allowed: Units.rateAllowed)
    }

    /// A rate greater than zero.
    func positiveRate(_ field: JSONField) throws(ScenarioError) -> Double {
        let r = try rate(field)
        if !(r > 0) { throw error(field, "must be greater than 0", allowed: Units.rateAllowed) }
        return r
    }

    /// US dollars: a number, or a string such as `"$3.50"`.
    func money(_ field: JSONField) throws(ScenarioError) -> Double {
        do throws(UnitError) {
            switch field.value.kind {
            case .number(let text): return try Units.money(number: text)
            case .string(let text): return try Units.money(text)
            default: break
            }
        } catch {
            throw self.error(field, error.message, allowed: error.allowed)
        }
        throw error(
            field, "expected an amount of money, found \(field.value.typeDescription)",
            allowed: Units.moneyAllowed)
    }

    /// One of an enumeration's raw values, with the closest one suggested when it is not.
    func choice<T: RawRepresentable & CaseIterable>(
        _ field: JSONField, of type: T.Type
    ) throws(ScenarioError) -> T where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        let s = try string(field)
        guard let value = T(rawValue: s) else {
            throw error(
                field, "unknown value \(quoted(s))" + ClosestKey.didYouMean(s, among: names),
                allowed: ClosestKey.list(names))
        }
        return value
    }

    /// One of `names`, with the closest one suggested when it is not.
    func choice(_ field: JSONField, among names: [String], what: String) throws(ScenarioError) -> String {
        let s = try string(field)
        guard names.contains(s) else {
            throw error(
                field, "unknown \(what) \(quoted(s))" + ClosestKey.didYouMean(s, among: names),
                allowed: ClosestKey.list(names))
        }
        return s
    }

    /// The elements of an array, each with its path.
    func array(_ field: JSONField, minimumCount: Int = 0, what: String) throws(ScenarioError) -> [JSONField] {
        guard case .array(let items) = field.value.kind else {
            throw error(field, "expected an array of \(what), found \(field.value.typeDescription)")
        }
        if items.count < minimumCount {
            throw error(field, "needs at least \(minimumCount) \(minimumCount == 1 ? "entry" : "entries")")
        }
        return items.enumerated().map { i, item in
            let path = field.path.appending(i)
            sourceMap.record(path, item.location)
            return JSONField(value: item, path: path)
        }
    }

    /// An array of distinct non-empty strings.
    func distinctStrings(_ field: JSONField, minimumCount: Int, what: String) throws(ScenarioError)
        -> [String]
    {
        var result: [String] = []
        for item in try array(field, minimumCount: minimumCount, what: what) {
            let s = try nonEmptyString(item)
            if result.contains(s) { throw error(item, "\(quoted(s)) is listed twice") }
            result.append(s)
        }
        return result
    }
}
