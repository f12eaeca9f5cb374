/// A decimal number exactly as written: a sign, significant digits and a power of ten, so "1.5" is
/// 15 × 10⁻¹ with no binary rounding. Durations and integers are converted from this form, never
/// through `Double`.
struct DecimalLiteral: Sendable, Hashable {
    /// True for a leading `-`.
    var negative: Bool
    /// Significant digits (values 0...9), most significant first, without leading or trailing zeros;
    /// empty for zero.
    var digits: [UInt8]
    /// The power of ten the digits are multiplied by.
    var exponent: Int
    /// The text the literal was read from (for `Double` conversion, which rounds correctly).
    var text: String

    /// True when the value is zero (of either sign).
    var isZero: Bool { digits.isEmpty }

    /// The nearest `Double`; infinite when the literal is beyond its range.
    var doubleValue: Double { Double(text) ?? .nan }

    /// Reads a whole string as a decimal: `[+-]digits[.digits][e[+-]digits]`, where either side of
    /// the point may be empty but not both. Returns `nil` for anything else (`nan`, hex, spaces).
    init?(_ text: String) {
        guard let (literal, rest) = DecimalLiteral.scan(Substring(text)), rest.isEmpty else { return nil }
        self = literal
    }

    private init(negative: Bool, digits: [UInt8], exponent: Int, text: String) {
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
        self.text = text
    }

    /// Reads the longest decimal at the start of `text`; returns it and what follows.
    static func scan(_ text: Substring) -> (DecimalLiteral, rest: Substring)? {
        let chars = Array(text.unicodeScalars)
        var i = 0
        var negative = false
        if i < chars.count, chars[i] == "-" || chars[i] == "+" {
            negative = chars[i] == "-"
            i += 1
        }
        var digits: [UInt8] = []
        var exponent = 0
        var sawDigit = false
        func digit(_ c: Unicode.Scalar) -> UInt8? {
            ("0"..."9").contains(c) ? UInt8(c.value - 48) : nil
        }
        while i < chars.count, let d = digit(chars[i]) {
            digits.append(d)
            sawDigit = true
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            while i < chars.count, let d = digit(chars[i]) {
                digits.append(d)
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            var exponentNegative = false
            if j < chars.count, chars[j] == "-" || chars[j] == "+" {
                exponentNegative = chars[j] == "-"
                j += 1
            }
            if j < chars.count, digit(chars[j]) != nil {
                var written = 0
                while j < chars.count, let d = digit(chars[j]) {
                    written = min(written * 10 + Int(d), 1_000_000)  // saturate: 1e1000000 is absurd anyway
                    j += 1
                }
                exponent += exponentNegative ? -written : written
                i = j
            }
        }
        while digits.first == 0 { digits.removeFirst() }
        while digits.last == 0 {
            digits.removeLast()
            exponent += 1
        }
        if digits.isEmpty { exponent = 0 }
        let consumed = String(String.UnicodeScalarView(chars[0..<i]))
        let rest = Substring(String(String.UnicodeScalarView(chars[i...])))
        return (DecimalLiteral(negative: negative, digits: digits, exponent: exponent, text: consumed), rest)
    }

    /// |value| × `unit`, rounded to the nearest integer (halves away from zero), computed exactly in
    /// decimal; `nil` when the result exceeds `Int64.max`.
    ///
    /// - Parameter unit: A positive multiplier, e.g. 1,000,000,000 nanoseconds per second.
    func magnitude(times unit: Int64) -> Int64? {
        precondition(unit > 0)
        if digits.isEmpty { return 0 }
        // The digits times `unit`, as decimal digits: the multiplier is at most ~10^14, so one
        // digit times it plus the carry fits easily in UInt64.
        var product: [UInt8] = []
        var carry: UInt64 = 0
        for d in digits.reversed() {
            let v = UInt64(d) * UInt64(unit) + carry
            product.append(UInt8(v % 10))
            carry = v / 10
        }
        while carry > 0 {
            product.append(UInt8(carry % 10))
            carry /= 10
        }
        product.reverse()
        let integerDigits = product.count + exponent
        if integerDigits > 19 { return nil }
        var result: UInt64 = 0
        for k in 0..<max(0, integerDigits) {
            result = result * 10 + UInt64(k < product.count ? product[k] : 0)
        }
        if integerDigits >= 0, integerDigits < product.count, product[integerDigits] >= 5 { result += 1 }
        return result <= UInt64(Int64.max) ? Int64(result) : nil
    }

    /// The value as an integer, when it is one (`1e3` is 1000) and fits in `Int64`; else `nil`.
    var integerValue: Int64? {
        guard exponent >= 0 || digits.isEmpty, let m = magnitude(times: 1) else { return nil }
        return negative ? -m : m
    }

    /// The value as a `UInt64`, when it is a non-negative integer that fits; else `nil`.
    var unsignedValue: UInt64? {
        guard !negative || digits.isEmpty, exponent >= 0 || digits.isEmpty else { return nil }
        if digits.count + exponent > 20 { return nil }
        var result: UInt64 = 0
        for k in 0..<(digits.count + exponent) {
            let d = UInt64(k < digits.count ? digits[k] : 0)
            let (times10, o1) = result.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            result = sum
        }
        return result
    }
}
