import AgentSimMetrics

/// summary.csv: one row per run, the contract columns of ARCHITECTURE.md §3 first, then extensions.
///
/// Formatting follows ``CSVWriter``: integers in decimal, doubles in Swift's shortest round-trip form,
/// seconds and US dollars, `nil` (a pattern without a coordinator) as an empty field. The bytes depend
/// only on the summaries and their order, never on wall-clock time or thread timing.
public enum SummaryCSV {
    /// The columns every summary.csv has, with these names and in this order (ARCHITECTURE.md §3).
    public static let contractColumns = [
        "scenario", "pattern", "replication", "seed", "sim_time_s", "events", "jobs_arrived",
        "jobs_completed", "jobs_failed", "jobs_in_flight", "throughput_per_s", "latency_mean_s",
        "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_max_s", "messages", "messages_per_job",
        "llm_calls", "tokens_in", "tokens_out", "cost_usd", "cost_per_completed_job_usd",
    ]

    /// The columns after the contract ones; new columns are appended here, never inserted.
    public static let extensionColumns = [
        "coordination_calls", "coordination_cost_usd", "coordinator_utilization", "max_role_utilization",
        "wait_mean_s", "jobs_in_system_mean", "arrival_rate_per_s", "accuracy", "delegation_depth_max",
        "retries", "timeouts", "rate_limited", "breaker_open_s", "dlq_jobs", "budget_stops",
        "wasted_cost_usd",
        "cost_amplification", "faults_injected", "reworks", "cache_hits", "bulkhead_rejected",
        "messages_lost", "messages_retransmitted", "warmup_s", "jobs_rejected",
    ]

    /// The header: ``contractColumns`` then ``extensionColumns``.
    public static var header: [String] { contractColumns + extensionColumns }

    /// The fields of one row, in ``header`` order.
    public static func fields(of run: RunSummary) -> [any CSVField] {
        [
            run.scenario, run.pattern, run.replication, run.seed, run.simTimeSeconds, run.events,
            run.jobsArrived, run.jobsCompleted, run.jobsFailed, run.jobsInFlight, run.throughputPerSecond,
            run.measuredLatencyMeanSeconds, run.measuredLatencyP50Seconds, run.measuredLatencyP95Seconds,
            run.measuredLatencyP99Seconds, run.measuredLatencyMaxSeconds, run.messages, run.messagesPerJob,
            run.llmCalls, run.tokensIn, run.tokensOut, run.costUSD, run.measuredCostPerCompletedJobUSD,
            // Extensions.
            run.coordinationCalls, run.coordinationCostUSD, run.coordinatorUtilization,
            run.maxRoleUtilization, run.measuredWaitMeanSeconds, run.jobsInSystemMean,
            run.arrivalRatePerSecond,
            run.accuracy, run.delegationDepthMax, run.retries, run.timeouts, run.rateLimited,
            run.breakerOpenSeconds,
            run.dlqJobs, run.budgetStops, run.wastedCostUSD, run.costAmplification, run.faultsInjected,
            run.reworks, run.cacheHits, run.bulkheadRejected, run.messagesLost, run.messagesRetransmitted,
            run.warmupSeconds, run.jobsRejected,
        ]
    }

    /// The custom metric columns of `runs`: every name some run reported, in order of first
    /// appearance (runs in order, then each run's own order). Empty for built-in patterns.
    public static func customColumns(of runs: [RunSummary]) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        for run in runs {
            for metric in run.customMetrics where seen.insert(metric.name).inserted {
                names.append(metric.name)
            }
        }
        return names
    }

    /// The header of a file of `runs`: ``header``, then ``customColumns(of:)``.
    public static func header(for runs: [RunSummary]) -> [String] { header + customColumns(of: runs) }

    /// The fields of one row under `customColumns`: ``fields(of:)``, then the run's value of each
    /// custom column (empty where the run did not report it).
    public static func fields(of run: RunSummary, customColumns: [String]) -> [any CSVField] {
        var values: [String: Double] = [:]
        for metric in run.customMetrics { values[metric.name] = metric.value }
        return fields(of: run) + customColumns.map { values[$0] }
    }

    /// The whole file: the header line, then one line per run in the given order.
    public static func text(for runs: [RunSummary]) -> String {
        let custom = customColumns(of: runs)
        var writer = CSVWriter(header: header + custom)
        for run in runs { writer.append(fields(of: run, customColumns: custom)) }
        return writer.text
    }
}
