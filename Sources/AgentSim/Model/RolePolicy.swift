import AgentSimKernel
import AgentSimPolicies
import AgentSimSpec

/// The resilience policies of calls to one role, compiled for the run loop from the scenario's
/// policies overridden by the role's own.
struct RolePolicy {
    /// Attempts including the first (1: no retries).
    var maxAttempts = 1
    /// Retry delays; `nil` with `maxAttempts` 1.
    var backoff: Backoff?
    var retryOn: Set<RetryTrigger> = []
    /// The retry budget, shared by every call to the role.
    var budget: RetryBudget?
    var timeout: SimDuration?
    var cancellable = false
    var errorRate = 0.0
    var bulkhead: BulkheadSpec?

    init(scenario: PolicySpec, role: AgentRoleSpec) {
        let policy = scenario.overridden(by: role.policies)
        errorRate = role.errorRate
        timeout = policy.timeout
        bulkhead = policy.bulkhead
        cancellable = policy.cancellable ?? false
        if let retry = policy.retry {
            maxAttempts = retry.maxAttempts
            retryOn = retry.on
            backoff = Backoff(
                kind: Self.kind(retry.backoff), base: retry.base, cap: max(retry.cap, retry.base),
                jitter: Self.jitter(retry.jitter))
            if let b = retry.budget {
                budget = RetryBudget(
                    ratio: b.ratio, minRetriesPerWindow: Int64(b.minimumPerWindow), window: b.window)
            }
        }
    }

    static func kind(_ k: BackoffKind) -> Backoff.Kind {
        switch k {
        case .constant: .constant
        case .linear: .linear
        case .exponential: .exponential
        }
    }

    static func jitter(_ j: JitterKind) -> Backoff.Jitter {
        switch j {
        case .none: .none
        case .full: .full
        case .equal: .equal
        case .decorrelated: .decorrelated
        }
    }
}
