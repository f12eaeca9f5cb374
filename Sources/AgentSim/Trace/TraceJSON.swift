import AgentSimSpec

/// The number and string forms of the trace file: fixed, so the same run gives the same bytes.
enum TraceJSON {
    /// Virtual nanoseconds as microseconds, exactly: `1234.567`, or `1234` when whole.
    static func micros(_ nanos: Int64) -> String {
        let sign = nanos < 0 ? "-" : ""
        let n = nanos.magnitude
        let whole = n / 1000
        let fraction = n % 1000
        if fraction == 0 { return sign + String(whole) }
        var digits = String(fraction)
        while digits.count < 3 { digits = "0" + digits }
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + String(whole) + "." + digits
    }

    /// A finite number in Swift's shortest round-trip form (a JSON number); 0 for a non-finite one.
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }

    /// `s` as a JSON string literal, quotes included: the scenario layer's ``quoted(_:)`` (control
    /// characters as `\uXXXX`), which is valid JSON.
    static func string(_ s: String) -> String { quoted(s) }

    /// An object from (key, already-encoded value) pairs, in the order given.
    static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }
}
