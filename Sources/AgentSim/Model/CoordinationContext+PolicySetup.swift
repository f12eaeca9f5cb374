import AgentSimPolicies
import AgentSimSpec

/// Building the run's resilience policies from the scenario: circuit-breaker configurations, which
/// `init(scenario:seed:fleet:)` builds before the first event (the budgets: ``BudgetBook``).
extension CoordinationContext {
    /// resilience4j's configuration from a scenario's breaker (thresholds there are fractions).
    static func breakerConfiguration(_ spec: BreakerSpec) -> CircuitBreaker.Configuration {
        var c = CircuitBreaker.Configuration()
        c.failureRateThreshold = max(spec.failureRateThreshold * 100, 1e-9)
        c.slowCallRateThreshold = max(spec.slowCallRateThreshold * 100, 1e-9)
        c.slowCallDurationThreshold = spec.slowCallDuration
        c.slidingWindowType = spec.timeBased ? .timeBased : .countBased
        c.slidingWindowSize = spec.windowSize
        c.minimumNumberOfCalls = spec.minimumCalls
        c.waitDurationInOpenState = spec.waitInOpen
        c.permittedNumberOfCallsInHalfOpenState = spec.permittedInHalfOpen
        return c
    }
}
