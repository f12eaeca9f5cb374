/// What `agentsim report` reads from a folder: the text of the files it knows, by name.
public struct ReportInputs: Sendable {
    /// File name → contents, for the files present.
    public var files: [String: String]
    /// Every file name in the folder (e.g. to find shrunk chaos scenarios).
    public var listing: [String]
    /// The folder as the user named it (for replay commands).
    public var folder: String
    /// The scenario file, when the command that wrote the folder knows it.
    public var scenarioPath: String?
    /// The program replay commands name: `agentsim`, or a user's own binary built with
    /// `AgentSimCommand.main(registering:)` (whose coordinators `agentsim` does not know).
    public var program: String

    /// The inputs of `folder`.
    public init(
        files: [String: String], listing: [String], folder: String, scenarioPath: String? = nil,
        program: String = "agentsim"
    ) {
        self.files = files
        self.listing = listing
        self.folder = folder
        self.scenarioPath = scenarioPath
        self.program = program
    }

    /// The files a report may read.
    public static let known = [
        "summary.csv", "stats.csv", "differences.csv", "timeseries.csv", "costs.csv", "alerts.csv",
        "failures.csv",
        "sweep.csv", "analysis.csv",
    ]

    /// The table in `name`, if the folder has it.
    public func table(_ name: String) -> CSVTable? { files[name].map { CSVTable(parsing: $0) } }
}

/// Why a folder cannot be reported on.
public struct ReportError: Error, Sendable, CustomStringConvertible {
    /// One line: which folder, what is missing, what is expected.
    public var description: String
}

/// The kind of folder and its page.
public enum Report {
    /// What a folder holds.
    public enum Kind: String, Sendable {
        case run, compare, sweep, chaos
    }

    /// The kind of output in `inputs`: a sweep (sweep.csv), a chaos suite (summary.csv with an
    /// `outcome` column), a comparison (several patterns, or differences.csv), else a run.
    public static func kind(of inputs: ReportInputs) throws(ReportError) -> Kind {
        if inputs.files["sweep.csv"] != nil { return .sweep }
        guard let summary = inputs.table("summary.csv") else {
            throw ReportError(
                description:
                    "\(inputs.folder): no summary.csv or sweep.csv, so nothing to report; the folder "
                    + "must be the --out of agentsim run, compare, sweep or chaos")
        }
        if summary.index("outcome") != nil && summary.index("invariant") != nil { return .chaos }
        if inputs.files["differences.csv"] != nil || summary.distinct("pattern").count > 1 { return .compare }
        return .run
    }

    /// The HTML page for `inputs`.
    public static func html(_ inputs: ReportInputs) throws(ReportError) -> String {
        switch try kind(of: inputs) {
        case .run: return try RunReport.page(inputs).html
        case .compare: return try CompareReport.page(inputs).html
        case .sweep: return try SweepReport.page(inputs).html
        case .chaos: return try ChaosReport.page(inputs).html
        }
    }

    /// The mean of the numbers in `values` (0 for none).
    static func mean(_ values: [Double?]) -> Double {
        let v = values.compactMap { $0 }.filter(\.isFinite)
        return v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count)
    }

    /// A required table, or an error naming it.
    static func require(_ name: String, _ inputs: ReportInputs, for kind: String) throws(ReportError)
        -> CSVTable
    {
        guard let table = inputs.table(name), !table.header.isEmpty else {
            throw ReportError(description: "\(inputs.folder): \(name) is missing; a \(kind) report needs it")
        }
        return table
    }

    /// The mean, interval and replications of `metric` for `pattern` in stats.csv, if it has the row.
    static func interval(_ stats: CSVTable?, pattern: String, metric: String) -> (
        mean: Double, low: Double, high: Double
    )? {
        guard let stats, let p = stats.index("pattern"), let m = stats.index("metric"),
            let mean = stats.index("mean"),
            let lo = stats.index("ci_low"), let hi = stats.index("ci_high")
        else { return nil }
        for row in stats.rows where row[p] == pattern && row[m] == metric {
            if let a = Double(row[mean]), let b = Double(row[lo]), let c = Double(row[hi]) {
                return (a, b, c)
            }
        }
        return nil
    }
}
