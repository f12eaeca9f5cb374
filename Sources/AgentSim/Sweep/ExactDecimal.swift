/// A decimal number held exactly as an integer and a count of fraction digits, for `--vary`
/// ranges: `0.1..0.3:0.1` must give `0.1,0.2,0.3`, which repeated floating-point addition does not.
struct ExactDecimal: Sendable, Hashable {
    /// The value × 10^``scale``.
    var units: Int64
    /// Digits after the decimal point (0...9).
    var scale: Int

    /// The most fraction digits a range value may have.
    static let maxScale = 9

    /// Reads a decimal (optional sign, digits, optional `.` and digits) at the start of `text` and
    /// returns it with the rest (the unit suffix); `nil` when there is no number or it is too long.
    static func scan(_ text: Substring) -> (ExactDecimal, rest: Substring)? {
        var rest = text
        var negative = false
        if let first = rest.first, first == "-" || first == "+" {
            negative = first == "-"
            rest.removeFirst()
        }
        var units: Int64 = 0
        var scale = 0
        var digits = 0
        var inFraction = false
        while let c = rest.first {
            if c == ".", !inFraction, rest.dropFirst().first?.isASCIIDigit == true {
                inFraction = true
                rest.removeFirst()
                continue
            }
            guard let digit = c.asciiDigit else { break }
            let (times, o1) = units.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            units = sum
            digits += 1
            if inFraction { scale += 1 }
            rest.removeFirst()
        }
        guard digits > 0, scale <= maxScale else { return nil }
        return (ExactDecimal(units: negative ? -units : units, scale: scale), rest)
    }

    /// Whether the value is above 0.
    var isPositive: Bool { units > 0 }

    /// The value as a double (for ordering and slopes; never for the values themselves).
    var doubleValue: Double {
        var divisor = 1.0
        for _ in 0..<scale { divisor *= 10 }
        return Double(units) / divisor
    }

    /// The value at `scale` (≥ its own), or `nil` on overflow.
    func rescaled(to newScale: Int) -> Int64? {
        var value = units
        for _ in scale..<newScale {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = times
        }
        return value
    }

    /// Shortest decimal text: no trailing fraction zeros, no trailing point (`2`, `0.5`, `-1.25`).
    var text: String {
        let magnitude = units.magnitude
        var digits = String(magnitude)
        if scale > 0 {
            if digits.count <= scale {
                digits = String(repeating: "0", count: scale - digits.count + 1) + digits
            }
            let split = digits.index(digits.endIndex, offsetBy: -scale)
            var fraction = String(digits[split...])
            while fraction.last == "0" { fraction.removeLast() }
            digits = String(digits[..<split]) + (fraction.isEmpty ? "" : "." + fraction)
        }
        return (units < 0 ? "-" : "") + digits
    }

    /// `a, a + step, ...` up to and including `b`, or `nil` when `a > b`, the count exceeds `limit`
    /// or the arithmetic overflows.
    static func stride(from a: ExactDecimal, through b: ExactDecimal, by step: ExactDecimal, limit: Int)
        -> [ExactDecimal]?
    {
        let scale = max(a.scale, b.scale, step.scale)
        guard let start = a.rescaled(to: scale), let end = b.rescaled(to: scale),
            let increment = step.rescaled(to: scale), increment > 0, start <= end
        else { return nil }
        let (span, overflow) = end.subtractingReportingOverflow(start)
        guard !overflow, span / increment < Int64(limit) else { return nil }
        return (0...(span / increment)).map { k in ExactDecimal(units: start + k * increment, scale: scale) }
    }
}

extension Character {
    /// The value of an ASCII digit, else `nil`.
    fileprivate var asciiDigit: Int? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return Int(ascii - 48)
    }

    /// Whether this is an ASCII digit.
    fileprivate var isASCIIDigit: Bool { asciiDigit != nil }
}
