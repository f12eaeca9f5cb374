import AgentSimKernel
import AgentSimSpec

/// One row of timeseries.csv: the state of the run at the end of an interval.
public struct SeriesRow: Sendable, Hashable {
    /// The end of the interval, seconds.
    public var timeSeconds: Double
    /// Jobs completed in the interval.
    public var completed: Int
    /// ``completed`` divided by the interval's length in seconds.
    public var throughputPerSecond: Double
    /// Jobs in flight at the end of the interval.
    public var inFlight: Int
    /// Calls waiting in every queue at the end of the interval.
    public var queued: Int
    /// Retries scheduled in the interval.
    public var retries: Int
    /// Call attempts that timed out in the interval.
    public var timeouts: Int
    /// Cost booked in the interval (calls that ended), US dollars per second.
    public var costRateUSDPerSecond: Double
    /// Cost booked from the start of the run to the end of the interval, US dollars.
    public var cumulativeCostUSD: Double
    /// Budget alerts raised in the interval, e.g. `run 80%`.
    public var alerts: [String]
    /// Faults active at some time in the interval (0: a fault-free interval): marks fault windows.
    public var faultsActive = 0
    /// Jobs in the dead-letter queue at the end of the interval (it only grows during a run).
    public var deadLettered = 0
}

extension CoordinationContext {
    /// Records a row and schedules the next sample while anything else may still happen.
    mutating func recordSample(arrivalsDone: Bool) {
        let interval = plan.sampleInterval.seconds
        var queued = coordinatorWaits.count
        for q in poolQueue { queued += q.count }
        for q in agentQueue { queued += q.count }
        let mark = seriesBook.mark
        let completed = stats.jobsCompleted - mark.completed
        let row = SeriesRow(
            timeSeconds: now.seconds, completed: completed, throughputPerSecond: Double(completed) / interval,
            inFlight: jobsInFlight, queued: queued, retries: stats.retries - mark.retries,
            timeouts: stats.timeouts - mark.timeouts,
            costRateUSDPerSecond: (costs.bookedUSD - mark.cost) / interval,
            cumulativeCostUSD: costs.bookedUSD,
            alerts: seriesBook.takePendingAlerts(), faultsActive: layer.touched,
            deadLettered: stats.jobsDeadLettered)
        layer.touched = faultsActiveNow
        seriesBook.rows.append(row)
        seriesBook.mark = (stats.jobsCompleted, stats.retries, stats.timeouts, costs.bookedUSD)
        // The sampler must not keep an otherwise finished run alive, nor grow without bound.
        let idle = arrivalsDone && sim.pendingCount == 0
        if !idle && seriesBook.rows.count < Self.maxSeriesRows {
            sim.schedule(.sample, after: plan.sampleInterval)
        }
    }

    /// About a hundred rows over the arrival span: the horizon, or the expected time to the last
    /// arrival (jobs ÷ rate, or the trace's last time); never under a second.
    static func defaultSampleInterval(_ workload: WorkloadSpec) -> SimDuration {
        var span = workload.horizon?.seconds ?? 1000
        if workload.horizon == nil, let jobs = workload.jobs {
            switch workload.arrivals {
            case .poisson(let rate), .constant(let rate):
                span = Double(jobs) / rate
            case .bursty(let on, let off, let onTime, let offTime):
                let mean = (on * onTime.seconds + off * offTime.seconds) / (onTime.seconds + offTime.seconds)
                if mean > 0 { span = Double(jobs) / mean }
            case .trace(let times):
                span = times.last?.seconds ?? span
            }
        }
        return SimDuration(seconds: max(1, (span / 100).rounded(.up)))
    }

    /// Put a limit on everything: at most this many time-series rows per run.
    static let maxSeriesRows = 100_000
}
