import AgentSimMetrics

/// The numeric columns of summary.csv, read off the code that writes it.
///
/// Statistics run over every numeric column of a summary row. Rather than keep a second list that
/// would drift, the columns and their values come from ``SummaryCSV/header`` and
/// ``SummaryCSV/fields(of:)``: a column appended there appears in stats.csv and differences.csv with
/// no change here. A coordinator's custom metrics (``RunSummary/customMetrics``) follow the built-in
/// columns, as in summary.csv (``numeric(for:)``, ``table(_:customColumns:)``). The identity columns (scenario, pattern, replication, seed) are not measurements
/// and are left out; so are text columns.
public enum SummaryColumns {
    /// The columns that name a run rather than measure it.
    public static let identityColumns: Set<String> = ["scenario", "pattern", "replication", "seed"]

    /// The numeric measurement columns, in summary.csv order.
    public static var numeric: [String] {
        let probe = RunSummary(scenario: "", pattern: "", replication: 0, seed: 0)
        return zip(SummaryCSV.header, SummaryCSV.fields(of: probe)).compactMap { name, field in
            !identityColumns.contains(name) && field is any NumericCSVField ? name : nil
        }
    }

    /// The values of ``numeric`` for `run`, in the same order: `nil` where the field is empty
    /// (a pattern without a coordinator, no completed job) or not finite.
    public static func values(of run: RunSummary) -> [Double?] {
        zip(SummaryCSV.header, SummaryCSV.fields(of: run)).compactMap { name, field -> Double?? in
            guard !identityColumns.contains(name), let number = field as? any NumericCSVField else {
                return nil
            }
            return .some(number.numericValue.flatMap { $0.isFinite ? $0 : nil })
        }
    }

    /// The values of ``numeric`` for each run: `result[column][run]`.
    public static func table(_ runs: [RunSummary]) -> [[Double?]] {
        let rows = runs.map(values(of:))
        return numeric.indices.map { column in rows.map { $0[column] } }
    }

    /// The numeric columns of a summary.csv of `runs`: ``numeric``, then the coordinators' custom
    /// metrics (``SummaryCSV/customColumns(of:)``), as ``SummaryCSV/header(for:)`` orders them.
    public static func numeric(for runs: [RunSummary]) -> [String] {
        numeric + SummaryCSV.customColumns(of: runs)
    }

    /// The values of ``numeric`` then of each of `customColumns` for `run`: `nil` where the run did
    /// not report that custom metric or the value is not finite.
    public static func values(of run: RunSummary, customColumns: [String]) -> [Double?] {
        var custom: [String: Double] = [:]
        for metric in run.customMetrics { custom[metric.name] = metric.value }
        return values(of: run) + customColumns.map { name in custom[name].flatMap { $0.isFinite ? $0 : nil } }
    }

    /// The values of ``numeric`` then of `customColumns` for each run: `result[column][run]`.
    public static func table(_ runs: [RunSummary], customColumns: [String]) -> [[Double?]] {
        let rows = runs.map { values(of: $0, customColumns: customColumns) }
        return (0..<(numeric.count + customColumns.count)).map { column in rows.map { $0[column] } }
    }
}

/// A CSV field that holds a number (possibly absent), so that statistics can read it.
public protocol NumericCSVField: CSVField {
    /// The number, or `nil` for an empty field.
    var numericValue: Double? { get }
}

extension Int: NumericCSVField {
    /// The integer as a double.
    public var numericValue: Double? { Double(self) }
}

extension Int64: NumericCSVField {
    /// The integer as a double.
    public var numericValue: Double? { Double(self) }
}

extension UInt64: NumericCSVField {
    /// The integer as a double.
    public var numericValue: Double? { Double(self) }
}

extension Double: NumericCSVField {
    /// The double itself.
    public var numericValue: Double? { self }
}

extension Optional: NumericCSVField where Wrapped: NumericCSVField {
    /// The wrapped number, or `nil`.
    public var numericValue: Double? { self?.numericValue ?? nil }
}
