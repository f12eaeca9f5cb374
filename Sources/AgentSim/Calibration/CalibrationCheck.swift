import AgentSimMetrics
import AgentSimRandom
import Foundation

/// Closing the loop: the traces against a simulation of the calibrated scenario, per role and for the
/// whole job — calls per job, tokens per job, latency mean and p95.
public struct CalibrationCheck: Sendable {
    /// One line of the comparison.
    public struct Row: Sendable {
        /// A role name, or `job` for the whole job.
        public var subject: String
        /// Calls per job: trace, simulated.
        public var callsPerJob: (trace: Double, simulated: Double)
        /// Input tokens per job: trace, simulated.
        public var tokensInPerJob: (trace: Double, simulated: Double)
        /// Output tokens per job: trace, simulated.
        public var tokensOutPerJob: (trace: Double, simulated: Double)
        /// Mean latency, seconds: trace, simulated (for a role: its fitted call duration, sampled).
        public var latencyMeanSeconds: (trace: Double, simulated: Double)
        /// 95th-percentile latency, seconds: trace, simulated.
        public var latencyP95Seconds: (trace: Double, simulated: Double)
    }

    /// Draws per role when a role's latency is summarised from its fitted distribution.
    public static let latencyDraws = 20_000

    /// The roles in step order, then `job`.
    public var rows: [Row]

    /// Compares `calibration` with `result`, a run of the scenario it produced.
    ///
    /// Per role, calls and tokens come from the run's ledger (work calls); a role's latency row is
    /// its fitted distribution summarised over ``latencyDraws`` seeded draws, since the run's summary
    /// keeps latency per job, not per call. The job row's latency is the run's job latency.
    public init(calibration: Calibration, result: RunResult) {
        let jobs = Double(calibration.jobs)
        let simJobs = Double(max(result.summary.jobsArrived, 1))
        var rows: [Row] = []
        var rng = Xoshiro256StarStar(seed: 1)
        for role in calibration.roles {
            let index = result.ledger.roles.firstIndex(of: role.name)
            let entry = index.map { result.ledger.entry(.work, role: $0) } ?? Ledger.Entry()
            var draws = (0..<Self.latencyDraws).map { _ in role.latency.distribution.sampleNonNegative(&rng) }
            draws.sort()
            rows.append(
                Row(
                    subject: role.name,
                    callsPerJob: (Double(role.calls) / jobs, Double(entry.calls) / simJobs),
                    tokensInPerJob: (Double(role.tokensInTotal) / jobs, Double(entry.tokensIn) / simJobs),
                    tokensOutPerJob: (Double(role.tokensOutTotal) / jobs, Double(entry.tokensOut) / simJobs),
                    latencyMeanSeconds: (role.latency.dataMean, draws.reduce(0, +) / Double(draws.count)),
                    latencyP95Seconds: (role.latency.dataP95, DistributionFit.quantile(draws, 0.95))))
        }
        let work = result.ledger.total(.work)
        let s = result.summary
        rows.append(
            Row(
                subject: "job",
                callsPerJob: (
                    Double(calibration.roles.reduce(0) { $0 + $1.calls }) / jobs, Double(work.calls) / simJobs
                ),
                tokensInPerJob: (
                    Double(calibration.roles.reduce(0) { $0 + $1.tokensInTotal }) / jobs,
                    Double(work.tokensIn) / simJobs
                ),
                tokensOutPerJob: (
                    Double(calibration.roles.reduce(0) { $0 + $1.tokensOutTotal }) / jobs,
                    Double(work.tokensOut) / simJobs
                ),
                latencyMeanSeconds: (calibration.jobLatency?.dataMean ?? 0, s.latencyMeanSeconds),
                latencyP95Seconds: (calibration.jobLatency?.dataP95 ?? 0, s.latencyP95Seconds)))
        self.rows = rows
    }

    /// The comparison as a text table, figures rounded to 4 significant digits for reading.
    public func table() -> String {
        var t = TextTable(
            columns: [TextTable.Column("role", .left)]
                + ["calls/job", "tokens_in/job", "tokens_out/job", "latency_mean_s", "latency_p95_s"].flatMap
            {
                [TextTable.Column($0 + " trace"), TextTable.Column("sim")]
            })
        for r in rows {
            let pairs = [
                r.callsPerJob, r.tokensInPerJob, r.tokensOutPerJob, r.latencyMeanSeconds, r.latencyP95Seconds,
            ]
            t.append([r.subject] + pairs.flatMap { [Self.short($0.trace), Self.short($0.simulated)] })
        }
        return t.render()
    }

    /// `x` to 4 significant digits (display only; printf's %.4g is correctly rounded).
    public static func short(_ x: Double) -> String { String(format: "%.4g", x) }
}
