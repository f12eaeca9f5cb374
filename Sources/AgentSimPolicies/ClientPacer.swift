import AgentSimKernel

/// A shared client-side bucket in front of a provider's rate limits: calls wait for capacity instead
/// of being refused with 429s.
///
/// Generic cell rate algorithm (virtual scheduling, as in ATM traffic shaping): each limit keeps a
/// theoretical arrival time TAT; a call of T tokens may start at max(now, TAT − τ), where τ is the
/// burst (one minute's worth, as providers replenish limits continuously up to the per-minute
/// figure), and then moves TAT past its start by its share of the minute (T × 60 s ÷ TPM, and
/// 60 s ÷ RPM). Reservations are first come, first served, and exact in integer nanoseconds.
public struct ClientPacer: Sendable, Hashable {
    private let nanosPerRequest: Int64?
    private let nanosPerToken: Double?
    private let requestBurst: Int64
    private let tokenBurst: Int64
    private var requestTAT: Int64 = 0
    private var tokenTAT: Int64 = 0

    /// A pacer for `requestsPerMinute` and `tokensPerMinute` (`nil`: no such limit).
    public init(requestsPerMinute: Int64?, tokensPerMinute: Int64?) {
        precondition((requestsPerMinute ?? 1) > 0 && (tokensPerMinute ?? 1) > 0, "limits must be positive")
        nanosPerRequest = requestsPerMinute.map { 60_000_000_000 / $0 }
        nanosPerToken = tokensPerMinute.map { 60e9 / Double($0) }
        requestBurst = 60_000_000_000
        tokenBurst = 60_000_000_000
    }

    /// Reserves capacity for a call of `tokens` tokens asked at `t`.
    /// - Returns: How long the call must wait before it starts (zero when capacity is free).
    /// - Complexity: O(1).
    public mutating func reserve(tokens: Int64, at t: SimTime) -> SimDuration {
        var start = t.nanos
        if nanosPerRequest != nil { start = max(start, requestTAT - requestBurst) }
        if nanosPerToken != nil { start = max(start, tokenTAT - tokenBurst) }
        if let per = nanosPerRequest { requestTAT = Self.later(max(start, requestTAT), by: Double(per)) }
        if let per = nanosPerToken {
            tokenTAT = Self.later(max(start, tokenTAT), by: (Double(tokens) * per).rounded())
        }
        return SimDuration(nanos: start - t.nanos)
    }

    /// `nanos` plus a whole number of nanoseconds `delta` ≥ 0, saturating at 2⁶² ns (about 146
    /// years: "never", with room left for the burst arithmetic above). Exact below that.
    static func later(_ nanos: Int64, by delta: Double) -> Int64 {
        let never: Int64 = 1 << 62
        guard delta < 0x1p62 else { return never }
        let (sum, overflow) = nanos.addingReportingOverflow(Int64(delta))
        return overflow || sum > never ? never : sum
    }
}
