import AgentSimMetrics

/// A metric the CI gate holds to its baseline, with the direction in which it gets better.
public struct GatedMetric: Sendable, Hashable {
    /// The summary.csv column name (or a custom metric's name).
    public var name: String
    /// Which way it gets better.
    public var direction: MetricDirection

    /// A gated metric.
    public init(_ name: String, _ direction: MetricDirection) {
        self.name = name
        self.direction = direction
    }

    /// The built-in gated metrics, in the order the gate reports them (issue 12's list).
    public static let builtIn: [GatedMetric] = builtInValues.map(\.metric)

    /// The names of ``builtIn``.
    public static var builtInNames: [String] { builtIn.map(\.name) }

    /// Every gated value of `run`: the built-in metrics, then the coordinator's own in the order it
    /// reported them. `nil` means "not defined for this run" (accuracy, latency and cost per
    /// job when nothing completed): a missing value, never 0.
    public static func values(of run: RunSummary) -> [(metric: GatedMetric, value: Double?)] {
        builtInValues.map { ($0.metric, $0.value(run)) }
            + run.customMetrics.map { (GatedMetric($0.name, $0.direction), $0.value) }
    }

    private static let builtInValues: [(metric: GatedMetric, value: @Sendable (RunSummary) -> Double?)] = [
        (GatedMetric("throughput_per_s", .higherIsBetter), { $0.throughputPerSecond }),
        (GatedMetric("jobs_completed", .higherIsBetter), { Double($0.jobsCompleted) }),
        (GatedMetric("accuracy", .higherIsBetter), { $0.accuracy }),
        (GatedMetric("latency_mean_s", .lowerIsBetter), { $0.measuredLatencyMeanSeconds }),
        (GatedMetric("latency_p50_s", .lowerIsBetter), { $0.measuredLatencyP50Seconds }),
        (GatedMetric("latency_p95_s", .lowerIsBetter), { $0.measuredLatencyP95Seconds }),
        (GatedMetric("latency_p99_s", .lowerIsBetter), { $0.measuredLatencyP99Seconds }),
        (GatedMetric("cost_per_completed_job_usd", .lowerIsBetter), { $0.measuredCostPerCompletedJobUSD }),
        (GatedMetric("wasted_cost_usd", .lowerIsBetter), { $0.wastedCostUSD }),
        (GatedMetric("jobs_failed", .lowerIsBetter), { Double($0.jobsFailed) }),
        (GatedMetric("messages_per_job", .lowerIsBetter), { $0.messagesPerJob }),
        (
            GatedMetric("llm_calls_per_job", .lowerIsBetter),
            { $0.jobsArrived > 0 ? Double($0.llmCalls) / Double($0.jobsArrived) : 0 }
        ),
    ]
}
