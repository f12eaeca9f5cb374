extension ArrivalProcess {
    /// The long-run mean arrival rate, per second: the rate; a bursty process's time-weighted
    /// average of its two rates; a trace's arrivals ÷ its last arrival time (0 when that is 0).
    public var meanRatePerSecond: Double {
        switch self {
        case .poisson(let rate), .constant(let rate):
            return rate
        case .bursty(let onRate, let offRate, let on, let off):
            return (onRate * on.seconds + offRate * off.seconds) / (on.seconds + off.seconds)
        case .trace(let times):
            guard let last = times.last, last.nanos > 0 else { return 0 }
            return Double(times.count) / last.seconds
        }
    }
}
