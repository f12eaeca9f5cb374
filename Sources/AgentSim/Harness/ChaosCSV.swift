import AgentSimMetrics
import AgentSimRandom

/// The files of a chaos suite: one summary row per seed, and the bytes a determinism check compares.
public enum ChaosCSV {
    /// The columns of the chaos summary.csv.
    public static let columns = [
        "scenario", "pattern", "seed", "outcome", "invariant", "violation_time_s", "job", "agent",
        "violations",
        "faults_injected", "jobs_arrived", "jobs_completed", "jobs_failed", "dlq_jobs", "jobs_in_flight",
        "sim_time_s", "events", "shrunk_faults", "output_digest", "detail", "step", "copy", "last_event",
        "last_event_time_s", "stuck_jobs", "quiet_time_s", "liveness_deadline_s",
    ]

    /// One row of the chaos summary.
    public struct Row: Sendable {
        /// The run.
        public var run: ChaosRun
        /// Set when the run's output differed between two runs of the seed (`--check-determinism`).
        public var nondeterministic: Bool
        /// The size of the shrunk schedule, when the seed was shrunk.
        public var shrunkFaults: Int?

        /// Creates a row.
        public init(run: ChaosRun, nondeterministic: Bool = false, shrunkFaults: Int? = nil) {
            self.run = run
            self.nondeterministic = nondeterministic
            self.shrunkFaults = shrunkFaults
        }

        /// `pass`, `fail` (an invariant broke) or `nondeterministic`.
        public var outcome: String { nondeterministic ? "nondeterministic" : run.failed ? "fail" : "pass" }
    }

    /// summary.csv for `rows`, in the given (seed) order.
    public static func summary(_ rows: [Row]) -> String {
        var writer = CSVWriter(header: columns)
        for row in rows {
            let s = row.run.result.summary
            let v = row.run.violation
            writer.append(
                [
                    s.scenario, s.pattern, row.run.seed, row.outcome, v?.invariant.rawValue ?? "",
                    v.map { CSV.format($0.time.seconds) } ?? "", v?.job, v?.agent ?? "",
                    row.run.violationCount,
                    s.faultsInjected, s.jobsArrived, s.jobsCompleted, s.jobsFailed, s.dlqJobs, s.jobsInFlight,
                    s.simTimeSeconds, s.events, row.shrunkFaults, digest(row.run.result), v?.detail ?? "",
                ] + stuckFields(v?.stuck, stuckJobs: row.run.stuckJobs))
        }
        return writer.text
    }

    /// The liveness columns of a row: where its first violation's job was left, how many jobs were
    /// stuck, when the system went quiet and the deadline (empty when the first violation is not
    /// a stuck job; `stuck_jobs` is 0 then).
    static func stuckFields(_ stuck: StuckJob?, stuckJobs: Int) -> [any CSVField] {
        [
            stuck?.step ?? "", stuck?.copy, stuck?.lastEvent ?? "",
            stuck.map { CSV.format($0.lastEventTime.seconds) } ?? "", stuckJobs,
            stuck.map { CSV.format($0.quietTime.seconds) } ?? "",
            stuck?.deadline.map { CSV.format($0.seconds) } ?? "",
        ]
    }

    /// The summary row of a seed whose run trapped (its process died of a signal): outcome `trap`,
    /// the signal and the runtime's message in `detail`, every measurement empty.
    public static func trappedRow(scenario: String, pattern: String, seed: UInt64, detail: String) -> String {
        var writer = CSVWriter(header: columns)
        var fields: [any CSVField] = Array(repeating: "", count: columns.count)
        fields[0] = scenario
        fields[1] = pattern
        fields[2] = seed
        fields[3] = "trap"
        fields[columns.firstIndex(of: "detail")!] = detail
        writer.append(fields)
        let row = writer.text.split(separator: "\n", maxSplits: 1)[1]
        return String(row.hasSuffix("\n") ? row.dropLast() : row)
    }

    /// The FNV-1a 64-bit hash of ``outputBytes(_:)``, as 16 hex digits: equal digests on two
    /// machines or processes mean (all but certainly) equal output.
    public static func digest(_ result: RunResult) -> String {
        let hex = String(RandomStreams.fnv1a64(outputBytes(result)), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Every byte a run reports (its summary, costs and time series CSV and its violations): two
    /// runs of one seed must give the same.
    public static func outputBytes(_ result: RunResult) -> String {
        SummaryCSV.text(for: [result.summary]) + DetailCSV.costs([result]) + DetailCSV.series([result])
            + result.violations.map { $0.description + "\n" }.joined()
    }
}
