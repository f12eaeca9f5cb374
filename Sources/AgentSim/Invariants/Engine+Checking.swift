import AgentSimSpec

/// The public ways to create a run: the invariant checker observes it when the scenario asks for
/// checks (`scenario.checkInvariants`: chaos runs, `run --check`). They live above the model, which
/// only declares the observer protocol (``ModelObserver``) and never names the checker.
extension Engine {
    /// Creates the run of `scenario` with root seed `seed`, coordinated by `coordinator` over `fleet`.
    public init(scenario: Scenario, seed: UInt64, fleet: Fleet, coordinator: C) {
        self.init(scenario: scenario, seed: seed, fleet: fleet) { _ in coordinator }
    }

    /// Creates the run of `scenario` with root seed `seed` over `fleet`, with a coordinator built
    /// against the run's context (e.g. to look up its pools).
    public init(
        scenario: Scenario, seed: UInt64, fleet: Fleet, makeCoordinator: (inout CoordinationContext) -> C
    ) {
        let observers: [any ModelObserver] =
            scenario.checkInvariants
            ? [InvariantObserver(seed: seed, maxDepth: scenario.delegationDepthLimit)] : []
        self.init(
            scenario: scenario, seed: seed, fleet: fleet, observers: observers,
            makeCoordinator: makeCoordinator)
    }
}

extension CoordinationContext {
    /// The invariant observer, when one is installed (the checks' state, for tests).
    var invariantObserver: InvariantObserver? {
        for observer in observers {
            if let checker = observer as? InvariantObserver { return checker }
        }
        return nil
    }
}
