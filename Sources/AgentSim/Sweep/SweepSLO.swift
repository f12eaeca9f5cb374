import AgentSimMetrics
import AgentSimSpec

/// One `--slo-max METRIC=X` or `--slo-min METRIC=X`: a bound on a point's mean of a summary column.
///
/// A point is feasible when the mean over its replications of every bounded metric is within its
/// bound (`≤ X` for max, `≥ X` for min; an absent value, e.g. no completed job, is not within).
/// X takes units where the metric has them: a duration (`2m`, `250ms`) for a `_s` column, a rate
/// (`30/min`) for a `_per_s` column, money (`$0.05`) for a `_usd` column; a plain number always.
public struct SweepSLO: Sendable, Hashable, CustomStringConvertible {
    /// Which side the bound is on.
    public enum Bound: String, Sendable, Hashable {
        /// The mean must be at most the limit.
        case max
        /// The mean must be at least the limit.
        case min
    }

    /// The summary column.
    public var metric: String
    /// Max or min.
    public var bound: Bound
    /// The limit, in the column's unit (seconds, per second, US dollars, or none).
    public var limit: Double

    /// Parses `METRIC=X` for `--slo-max` or `--slo-min`.
    /// - Throws: ``SweepError`` naming the option.
    public init(parsing text: String, bound: Bound) throws(SweepError) {
        let option = "--slo-\(bound.rawValue) \(text)"
        guard let equals = text.firstIndex(of: "="), equals > text.startIndex else {
            throw SweepError(
                option, "expected METRIC=X", allowed: "e.g. latency_p99_s=120 or latency_p99_s=2m")
        }
        metric = String(text[..<equals])
        self.bound = bound
        let known = SummaryColumns.numeric
        guard known.contains(metric) else {
            throw SweepError(
                option,
                "\(quoted(metric)) is not a numeric summary column"
                    + ClosestKey.didYouMean(metric, among: known),
                allowed: known.joined(separator: ", "))
        }
        let value = String(text[text.index(after: equals)...])
        if let number = Double(value), number.isFinite {
            limit = number
            return
        }
        do throws(UnitError) {
            if metric.hasSuffix("_per_s") {
                limit = try Units.rate(value)
            } else if metric.hasSuffix("_s") {
                limit = try Units.duration(value).seconds
            } else if metric.hasSuffix("_usd") {
                limit = try Units.money(value)
            } else {
                throw UnitError(message: "\(quoted(value)) is not a number", allowed: "a number")
            }
        } catch {
            throw SweepError(option, error.message, allowed: error.allowed)
        }
    }

    /// Whether `mean` meets the bound.
    public func holds(_ mean: Double?) -> Bool {
        guard let mean else { return false }
        return bound == .max ? mean <= limit : mean >= limit
    }

    /// `max latency_p99_s=120` (the limit in the column's unit, shortest round-trip form).
    public var description: String { "\(bound.rawValue) \(metric)=\(CSV.format(limit))" }

    /// `latency_p99_s<=120`, as in analysis.csv's `slo_failed`.
    public var condition: String { "\(metric)\(bound == .max ? "<=" : ">=")\(CSV.format(limit))" }
}
