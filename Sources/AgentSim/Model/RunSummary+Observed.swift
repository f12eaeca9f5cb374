/// The statistics of a run that need observations, as `nil` when there were none: a latency with
/// no completed job, a wait with no started call, a cost per completed job with no completed job
/// are undefined, never 0. summary.csv, stats.csv, the gate and the tables read these.
extension RunSummary {
    /// ``latencyMeanSeconds``, or `nil` when no latency was measured.
    public var measuredLatencyMeanSeconds: Double? { latencyObserved ? latencyMeanSeconds : nil }
    /// ``latencyP50Seconds``, or `nil` when no latency was measured.
    public var measuredLatencyP50Seconds: Double? { latencyObserved ? latencyP50Seconds : nil }
    /// ``latencyP95Seconds``, or `nil` when no latency was measured.
    public var measuredLatencyP95Seconds: Double? { latencyObserved ? latencyP95Seconds : nil }
    /// ``latencyP99Seconds``, or `nil` when no latency was measured.
    public var measuredLatencyP99Seconds: Double? { latencyObserved ? latencyP99Seconds : nil }
    /// ``latencyMaxSeconds``, or `nil` when no latency was measured.
    public var measuredLatencyMaxSeconds: Double? { latencyObserved ? latencyMaxSeconds : nil }
    /// ``waitMeanSeconds``, or `nil` when no wait was measured.
    public var measuredWaitMeanSeconds: Double? { waitObserved ? waitMeanSeconds : nil }
    /// ``costPerCompletedJobUSD``, or `nil` when no job completed (a run leaves the field 0 then;
    /// a summary built by hand with a cost and no completion count keeps its cost).
    public var measuredCostPerCompletedJobUSD: Double? {
        jobsCompleted == 0 && costPerCompletedJobUSD == 0 ? nil : costPerCompletedJobUSD
    }
}
