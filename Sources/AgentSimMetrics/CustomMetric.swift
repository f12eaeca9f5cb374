/// Which way a metric gets better: the gate fails only on a change the other way.
public enum MetricDirection: String, Sendable, Hashable {
    /// More is better (throughput, completed jobs, accuracy).
    case higherIsBetter = "higher"
    /// Less is better (latency, cost, failures, messages, calls).
    case lowerIsBetter = "lower"
}

/// A number a coordinator reports about its own run, e.g. tasks stolen or the deepest queue it
/// kept: it appears in summary.csv (after every built-in column), in stats.csv and in the gate.
public struct CustomMetric: Sendable, Hashable {
    /// The column name: lower-case letters, digits and `_`, e.g. `steals_per_job`.
    public var name: String
    /// The value at the end of the run.
    public var value: Double
    /// Which way it gets better (what the gate holds it to).
    public var direction: MetricDirection

    /// A metric called `name` with `value`.
    /// - Precondition: `name` is a valid column name (see ``isValidName(_:)``).
    public init(_ name: String, _ value: Double, better direction: MetricDirection) {
        precondition(Self.isValidName(name), "a custom metric name is lower_snake_case, got '\(name)'")
        self.name = name
        self.value = value
        self.direction = direction
    }

    /// Whether `name` is a column name: non-empty, lower-case ASCII letters, digits and `_`,
    /// starting with a letter (so it needs no quoting in CSV and never collides with a number).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
