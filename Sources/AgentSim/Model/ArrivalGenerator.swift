import AgentSimKernel
import AgentSimRandom
import AgentSimSpec

/// Produces the arrival times of a workload from its own random stream.
///
/// The stream is "workload:arrivals": nothing else draws from it, so no change to agents, patterns
/// or faults can move an arrival.
public struct ArrivalGenerator: Sendable {
    let process: ArrivalProcess
    var rng: Xoshiro256StarStar
    var produced = 0
    let maxJobs: Int
    let horizon: SimTime

    /// Creates the generator for `workload` drawing from `rng`.
    public init(workload: WorkloadSpec, rng: Xoshiro256StarStar) {
        process = workload.arrivals
        self.rng = rng
        var limit = workload.jobs ?? .max
        if case .trace(let times) = workload.arrivals { limit = Swift.min(limit, times.count) }
        maxJobs = limit
        horizon = workload.horizon.map { SimTime.zero + $0 } ?? .never
    }

    /// Whether every arrival has been produced (none will come).
    public private(set) var isDone = false

    /// The time of the next arrival after one at `now`, or `nil` when arrivals are over.
    public mutating func next(after now: SimTime) -> SimTime? {
        guard produced < maxJobs else {
            isDone = true
            return nil
        }
        let t: SimTime
        switch process {
        case .poisson(let rate):
            t = now + SimDuration(seconds: -SimMath.log(1 - rng.nextDouble()) / rate)
        case .constant(let rate):
            // k-th arrival at k / rate, computed afresh each time so rounding never accumulates.
            t = SimTime.zero + SimDuration(seconds: Double(produced + 1) / rate)
        case .trace(let times):
            t = times[produced]
        case .bursty(let onRate, let offRate, let on, let off):
            t = nextBursty(after: now, onRate: onRate, offRate: offRate, on: on, off: off)
        }
        guard t <= horizon, t != .never else {
            isDone = true
            return nil
        }
        produced += 1
        return t
    }

    /// Poisson with a rate that alternates between on and off periods (starting on at time 0).
    ///
    /// Memorylessness makes this exact: draw at the current period's rate; if the draw crosses the
    /// period's end, restart from the boundary at the next period's rate.
    mutating func nextBursty(
        after now: SimTime, onRate: Double, offRate: Double, on: SimDuration, off: SimDuration
    ) -> SimTime {
        let cycle = on.nanos + off.nanos
        var t = now
        for _ in 0..<10_000 {  // a bound on empty periods crossed in one draw
            let phase = cycle > 0 ? t.nanos % cycle : 0
            let isOn = phase < on.nanos
            let periodEnd = SimTime(nanos: t.nanos - phase + (isOn ? on.nanos : cycle))
            let rate = isOn ? onRate : offRate
            if rate > 0 {
                let candidate = t + SimDuration(seconds: -SimMath.log(1 - rng.nextDouble()) / rate)
                if candidate < periodEnd || cycle == 0 { return candidate }
            }
            t = periodEnd
        }
        return .never
    }
}
