import AgentSimKernel

/// A provider-style rate limit: requests per minute and tokens per minute, consulted together.
///
/// A call that carries T tokens needs 1 request *and* T tokens; it is admitted only if both buckets
/// can pay, and then both are charged (never one without the other). When refused, the answer is
/// a 429 whose retry-after is the longer of the two buckets' waits.
///
/// Default depths equal the per-minute limits: the provider's capacity "replenishes continuously up
/// to the limit" (Anthropic's description of its token-bucket limits), so an idle key can burst a
/// full minute's allowance. Pass smaller bursts to model providers that enforce a minute's limit
/// over shorter intervals.
///
/// Real provider limits are per model and API key and shared by every agent using them: keep one
/// limiter per (model, key), and optionally one per agent, and admit a call only if all apply.
/// Which tokens count (input, output, or both) is the caller's choice: pass that number as T.
public struct RateLimiter: Sendable, Hashable {
    /// The requests bucket, or `nil` for no request limit.
    public var requests: TokenBucket?
    /// The tokens bucket, or `nil` for no token limit.
    public var tokens: TokenBucket?

    /// Creates a limiter from its two buckets.
    /// - Parameters:
    ///   - requests: The requests bucket; `nil` means unlimited.
    ///   - tokens: The tokens bucket; `nil` means unlimited.
    public init(requests: TokenBucket?, tokens: TokenBucket?) {
        self.requests = requests
        self.tokens = tokens
    }

    /// Creates a limiter from per-minute limits.
    /// - Parameters:
    ///   - requestsPerMinute: RPM, or `nil` for none.
    ///   - tokensPerMinute: TPM, or `nil` for none.
    ///   - requestBurst: The requests bucket's depth; default the RPM.
    ///   - tokenBurst: The tokens bucket's depth; default the TPM.
    public init(
        requestsPerMinute: Int64?, tokensPerMinute: Int64?, requestBurst: Int64? = nil,
        tokenBurst: Int64? = nil
    ) {
        requests = requestsPerMinute.map { TokenBucket.perMinute($0, depth: requestBurst ?? $0) }
        tokens = tokensPerMinute.map { TokenBucket.perMinute($0, depth: tokenBurst ?? $0) }
    }

    /// Admits a call of `callTokens` tokens at `t` if both limits allow it, charging both.
    /// - Parameters:
    ///   - callTokens: The tokens the call counts against the TPM limit; not negative.
    ///   - t: The time of the call; never earlier than a time given before.
    /// - Returns: `true` if admitted; `false` (nothing charged) for a 429.
    /// - Complexity: O(1).
    public mutating func tryAcquire(tokens callTokens: Int, at t: SimTime) -> Bool {
        guard requests?.canTake(1, at: t) ?? true, tokens?.canTake(callTokens, at: t) ?? true else {
            return false
        }
        _ = requests?.tryTake(1, at: t)
        _ = tokens?.tryTake(callTokens, at: t)
        return true
    }

    /// The retry-after of a refused call: how long until both buckets could pay, if nothing else
    /// took from them.
    /// - Parameters:
    ///   - callTokens: The call's tokens.
    ///   - t: The time asked about.
    /// - Returns: `.zero` if it would be admitted now; ``TokenBucket/unavailable`` if never (a call
    ///   larger than the token bucket's depth).
    public func retryAfter(tokens callTokens: Int, at t: SimTime) -> SimDuration {
        let r = requests?.timeUntilAvailable(1, at: t) ?? .zero
        let k = tokens?.timeUntilAvailable(callTokens, at: t) ?? .zero
        return Swift.max(r, k)
    }
}
