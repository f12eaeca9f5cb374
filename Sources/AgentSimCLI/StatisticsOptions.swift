import AgentSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The statistics options `run` and `compare` share: the confidence level of every interval, the
/// precision target that decides how many replications to run, and how many threads run them.
struct StatisticsOptions {
    /// The confidence level when `--confidence` is absent.
    static let defaultConfidence = 0.95
    /// The replication cap when `--max-replications` is absent.
    static let defaultMaxReplications = 1_000

    /// The option declarations, in help order.
    static let declarations: [OptionDeclaration] = [
        .single(
            "confidence", valueName: "level",
            help: "The two-sided coverage of the Student-t intervals in stats.csv and the tables, in (0, 1).",
            default: "0.95"),
        .single(
            "precision", valueName: "rel[:metric,...]",
            help: "Add replications, \(ParallelRuns.precisionBatch) at a time, until every named summary "
                + "column's half-width is at most rel times its mean (for every pattern); metrics "
                + "default to " + PrecisionTarget.defaultMetrics.joined(separator: ", ")
                + "; --replications sets the first batch.",
            default: "off"),
        .single(
            "max-replications", valueName: "n",
            help: "The most replications --precision may run (per pattern).",
            default: "\(defaultMaxReplications)"),
        .single(
            "threads", valueName: "n",
            help: "Run at most n replications at once. Output is the same for every n.",
            default: "one per core"),
    ]

    /// The two-sided coverage of every interval, in (0, 1).
    var confidence: Double
    /// `--precision`, if given.
    var precision: PrecisionTarget?
    /// `--max-replications`.
    var maxReplications: Int?
    /// `--threads`.
    var threads: Int?

    init(parsed: ParsedValues) throws(UsageError) {
        confidence = try parsed.value("confidence") ?? Self.defaultConfidence
        precision = try parsed.value("precision", as: String.self).map { text throws(UsageError) in
            try PrecisionTarget(parsing: text)
        }
        maxReplications = try parsed.value("max-replications")
        threads = try parsed.value("threads")
    }

    /// Checks the options; `replications` is `--replications`, the first batch of a precision run.
    func validate(replications: Int?) throws(UsageError) {
        guard confidence > 0 && confidence < 1 else {
            throw UsageError("--confidence must be in (0, 1), e.g. 0.95; got \(confidence)")
        }
        if let maxReplications {
            guard precision != nil else { throw UsageError("--max-replications needs --precision") }
            guard (2...RunCommand.maxReplications).contains(maxReplications) else {
                throw UsageError(
                    "--max-replications must be in 2...\(RunCommand.maxReplications), got \(maxReplications)")
            }
        }
        if precision != nil, let replications, replications > cap {
            throw UsageError(
                "--replications (\(replications), the first batch of --precision) exceeds --max-replications (\(cap))"
            )
        }
        if let threads, threads < 1 { throw UsageError("--threads must be at least 1, got \(threads)") }
    }

    /// The replication cap of a precision run.
    var cap: Int { maxReplications ?? Self.defaultMaxReplications }
}

/// `--precision REL[:METRIC,...]`: the relative half-width every named metric must reach.
struct PrecisionTarget: Equatable {
    /// The metrics when none are named.
    static let defaultMetrics = ["throughput_per_s", "latency_mean_s", "cost_per_completed_job_usd"]

    /// The largest half-width ÷ |mean| accepted, > 0.
    var relative: Double
    /// Summary columns, each one of ``SummaryColumns/numeric``.
    var metrics: [String]

    init(parsing text: String) throws(UsageError) {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard let relative = Double(argument: String(parts[0])), relative > 0 else {
            throw UsageError(
                "--precision expects REL[:METRIC,...] with REL > 0, e.g. 0.02 or 0.05:latency_p99_s; got '\(text)'"
            )
        }
        self.relative = relative
        metrics = parts.count > 1 ? parts[1].split(separator: ",").map { String($0).trimmingSpaces() } : []
        if parts.count > 1 && metrics.isEmpty {
            throw UsageError("--precision '\(text)' names no metric after ':'")
        }
        if metrics.isEmpty { metrics = Self.defaultMetrics }
        let known = SummaryColumns.numeric
        for metric in metrics where !known.contains(metric) {
            throw UsageError(
                "--precision: '\(metric)' is not a numeric summary column"
                    + (ClosestKey.suggestion(for: metric, among: known).map { "; did you mean '\($0)'?" }
                        ?? "")
                    + "; allowed: \(known.joined(separator: ", "))")
        }
    }

    /// The worst relative half-width over every pattern's named metrics, and where it is; `nil`
    /// relative half-width (one replication, or no value) counts as infinitely wide.
    func worst(_ groups: [[RunSummary]], confidence: Double) -> (
        value: Double, metric: String, pattern: String
    ) {
        let columns = SummaryColumns.numeric
        var worst = (value: -Double.infinity, metric: "", pattern: "")
        for runs in groups {
            let table = SummaryColumns.table(runs)
            for metric in metrics {
                let values = table[columns.firstIndex(of: metric)!].compactMap { $0 }
                let value = Estimate(values, confidence: confidence)?.relativeHalfWidth ?? .infinity
                if value > worst.value { worst = (value, metric, runs.first?.pattern ?? "") }
            }
        }
        return worst
    }
}

extension Double: ExpressibleByArgument {
    init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self = value
    }
    static var expectation: String { "a number, e.g. 0.95" }
}

/// Removing output files that a run no longer writes.
enum OutputFiles {
    /// Removes the file at `path` if there is one; a missing file is not an error.
    static func remove(_ path: String) { _ = unlink(path) }
}
