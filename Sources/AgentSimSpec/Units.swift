import AgentSimKernel

/// Why a quantity could not be read, and what would have been accepted.
package struct UnitError: Error, Sendable, Hashable {
    /// What is wrong.
    package var message: String
    /// What is allowed instead.
    package var allowed: String

    /// An error saying what is wrong and what is allowed.
    package init(message: String, allowed: String) {
        self.message = message
        self.allowed = allowed
    }
}

/// The units of scenario files: durations, rates, money.
///
/// Durations are exact: the decimal digits of `"1.5s"` or `1.5` become 1,500,000,000 nanoseconds
/// by integer arithmetic, never by way of a `Double`, so `"0.1s"` is exactly 100,000,000 ns.
package enum Units {
    /// Duration units and their length in nanoseconds.
    static let durationUnits: [(name: String, nanos: Int64)] = [
        ("ns", 1), ("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000),
        ("m", 60_000_000_000), ("min", 60_000_000_000), ("h", 3_600_000_000_000), ("d", 86_400_000_000_000),
    ]

    /// Rate units (the part after `/`) and their length in seconds.
    static let rateUnits: [(name: String, seconds: Double)] = [
        ("ms", 0.001), ("s", 1), ("sec", 1), ("m", 60), ("min", 60), ("h", 3_600), ("hour", 3_600),
        ("d", 86_400), ("day", 86_400),
    ]

    static let durationAllowed =
        "a number of seconds, or a string such as \"250ms\", \"1.5s\", \"2m\" (units: ns, us, ms, s, m, h, d)"
    static let rateAllowed =
        "a number per second, or a string such as \"3/s\", \"300/min\", \"2/h\", \"2000/day\""
    static let moneyAllowed = "a number of US dollars, or a string such as \"$3.50\""

    // MARK: - Durations

    /// A duration written as a string: a decimal and a unit (`"250ms"`, `"1.5s"`, `"2m"`), or a
    /// bare decimal of seconds. Rounded to the nearest nanosecond.
    package static func duration(_ text: String) throws(UnitError) -> SimDuration {
        let trimmed = text.trimmingSpaces
        guard let (literal, rest) = DecimalLiteral.scan(Substring(trimmed)) else {
            throw UnitError(message: "\(quoted(text)) is not a duration", allowed: durationAllowed)
        }
        let unitName = String(rest).trimmingSpaces
        let nanosPerUnit: Int64
        if unitName.isEmpty {
            nanosPerUnit = 1_000_000_000
        } else if let unit = durationUnits.first(where: { $0.name == unitName }) {
            nanosPerUnit = unit.nanos
        } else {
            throw UnitError(
                message: "unknown duration unit \(quoted(unitName)) in \(quoted(text))"
                    + ClosestKey.didYouMean(unitName, among: durationUnits.map(\.name)),
                allowed: durationAllowed)
        }
        return try duration(literal, nanosPerUnit: nanosPerUnit, written: text)
    }

    /// A duration written as a JSON number: seconds.
    static func duration(number text: String) throws(UnitError) -> SimDuration {
        guard let literal = DecimalLiteral(text) else {
            throw UnitError(message: "\(text) is not a number", allowed: durationAllowed)
        }
        return try duration(literal, nanosPerUnit: 1_000_000_000, written: text)
    }

    private static func duration(
        _ literal: DecimalLiteral, nanosPerUnit: Int64, written: String
    ) throws(UnitError) -> SimDuration {
        if literal.negative && !literal.isZero {
            throw UnitError(message: "a duration cannot be negative (\(written))", allowed: durationAllowed)
        }
        guard let nanos = literal.magnitude(times: nanosPerUnit) else {
            throw UnitError(
                message: "\(written) is too long; durations go up to about 292 years",
                allowed: durationAllowed)
        }
        return SimDuration(nanos: nanos)
    }

    // MARK: - Rates

    /// A rate written as a string, `"3/s"`, `"300/min"`, or a bare decimal per second.
    package static func rate(_ text: String) throws(UnitError) -> Double {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let literal = DecimalLiteral(String(parts[0]).trimmingSpaces) else {
            throw UnitError(message: "\(quoted(text)) is not a rate", allowed: rateAllowed)
        }
        var seconds = 1.0
        if parts.count == 2 {
            let unitName = String(parts[1]).trimmingSpaces
            guard let unit = rateUnits.first(where: { $0.name == unitName }) else {
                throw UnitError(
                    message: "unknown rate unit \(quoted(unitName)) in \(quoted(text))"
                        + ClosestKey.didYouMean(unitName, among: rateUnits.map(\.name)),
                    allowed: rateAllowed)
            }
            seconds = unit.seconds
        }
        return try checkedRate(literal, perSeconds: seconds, written: text)
    }

    /// A rate written as a JSON number: per second.
    static func rate(number text: String) throws(UnitError) -> Double {
        guard let literal = DecimalLiteral(text) else {
            throw UnitError(message: "\(text) is not a number", allowed: rateAllowed)
        }
        return try checkedRate(literal, perSeconds: 1, written: text)
    }

    private static func checkedRate(
        _ literal: DecimalLiteral, perSeconds seconds: Double, written: String
    ) throws(UnitError) -> Double {
        if literal.negative && !literal.isZero {
            throw UnitError(message: "a rate cannot be negative (\(written))", allowed: rateAllowed)
        }
        let value = literal.doubleValue / seconds
        guard value.isFinite else {
            throw UnitError(message: "\(written) is out of range", allowed: rateAllowed)
        }
        return value
    }

    // MARK: - Money

    /// An amount of US dollars written as a string, `"$3.50"`.
    package static func money(_ text: String) throws(UnitError) -> Double {
        let trimmed = text.trimmingSpaces
        guard trimmed.hasPrefix("$"), let literal = DecimalLiteral(String(trimmed.dropFirst())) else {
            throw UnitError(message: "\(quoted(text)) is not an amount of money", allowed: moneyAllowed)
        }
        return try checkedMoney(literal, written: text)
    }

    /// An amount of US dollars written as a JSON number.
    static func money(number text: String) throws(UnitError) -> Double {
        guard let literal = DecimalLiteral(text) else {
            throw UnitError(message: "\(text) is not a number", allowed: moneyAllowed)
        }
        return try checkedMoney(literal, written: text)
    }

    private static func checkedMoney(_ literal: DecimalLiteral, written: String) throws(UnitError) -> Double {
        if literal.negative && !literal.isZero {
            throw UnitError(
                message: "an amount of money cannot be negative (\(written))", allowed: moneyAllowed)
        }
        guard literal.doubleValue.isFinite else {
            throw UnitError(message: "\(written) is out of range", allowed: moneyAllowed)
        }
        return literal.doubleValue
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package var trimmingSpaces: String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s.removeFirst() }
        while s.last == " " || s.last == "\t" { s.removeLast() }
        return String(s)
    }
}
