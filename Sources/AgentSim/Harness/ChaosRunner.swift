import AgentSimSpec

/// Runs chaos: seeded, checked runs of a scenario under its chaos spec, and the shrinking of a
/// failing seed's faults to a minimal schedule that still fails.
///
/// The runner is the library behind `agentsim chaos`, and the way to chaos-test your own
/// coordinator: build it with ``custom(_:excludedRoles:coordinatorRole:makeCoordinator:)``. Every run
/// is deterministic: the same scenario and seed give the same faults, the same events and the same
/// violation at the same virtual time.
public struct ChaosRunner: Sendable {
    /// The scenario every run starts from (overrides already applied).
    public let scenario: Scenario
    /// Runs one prepared scenario (its seed set, checking on) as replication 0.
    let runOne: @Sendable (Scenario) -> RunResult

    /// A runner that runs prepared scenarios with `run`.
    public init(scenario: Scenario, run: @escaping @Sendable (Scenario) -> RunResult) {
        self.scenario = scenario
        runOne = run
    }

    /// A runner for the scenario's own built-in pattern.
    public static func builtIn(_ scenario: Scenario) -> ChaosRunner {
        ChaosRunner(scenario: scenario) { ScenarioRunner.detailedRun($0, replication: 0) }
    }

    /// A runner for your own coordinator.
    ///
    /// - Parameters:
    ///   - scenario: The scenario (its `pattern` is not used, except for a `max_depth` limit).
    ///   - excludedRoles: Roles left out of the skill pools (roles that only coordinate).
    ///   - coordinatorRole: The role reported as the coordinator's in the summary, if any.
    ///   - makeCoordinator: Builds the coordinator of one run against its context.
    public static func custom<C: Coordinator & SendableMetatype>(
        _ scenario: Scenario, excludedRoles: Set<String> = [], coordinatorRole: String? = nil,
        makeCoordinator: @escaping @Sendable (inout CoordinationContext) -> C
    ) -> ChaosRunner {
        ChaosRunner(scenario: scenario) { prepared in
            ScenarioRunner.detailedRun(
                prepared, replication: 0, excludedRoles: excludedRoles, coordinatorRole: coordinatorRole,
                makeCoordinator: makeCoordinator)
        }
    }

    /// The chaos spec runs use: the scenario's, or (for a scenario without one) no random faults and
    /// the default 30-minute drain after the last scheduled fault heals.
    public var chaos: ChaosSpec { scenario.chaos ?? ChaosSpec(horizon: .zero) }

    /// The scenario of seed `seed`: that root seed, checking on, and a chaos spec whose random
    /// faults are injected.
    public func prepared(seed: UInt64) -> Scenario {
        var s = scenario
        s.seed = seed
        s.chaos = chaos
        s.injectsRandomChaos = true
        s.checkInvariants = true
        return s
    }

    /// One checked chaos run with root seed `seed`.
    public func run(seed: UInt64) -> ChaosRun {
        let s = prepared(seed: seed)
        return ChaosRun(seed: seed, faults: ChaosPlan.faults(for: s, seed: seed), result: runOne(s))
    }

    /// The scenario that replays exactly `faults` under seed `seed`: no random faults (the chaos
    /// spec keeps only its horizon and drain, so the liveness deadline is computed the same way), and
    /// `faults` as the scheduled faults.
    public func replayScenario(seed: UInt64, faults: [ScheduledFault]) -> Scenario {
        var s = prepared(seed: seed)
        s.chaos = ChaosSpec(horizon: chaos.horizon, drain: chaos.drain)
        s.injectsRandomChaos = false  // as its scenario file loads: the faults are all scheduled
        s.setScheduledFaults(faults)
        return s
    }

    /// A run of exactly `faults` under seed `seed` (a probe of shrinking).
    public func probe(seed: UInt64, faults: [ScheduledFault]) -> ChaosRun {
        let s = replayScenario(seed: seed, faults: faults)
        return ChaosRun(seed: seed, faults: faults, result: runOne(s))
    }

    /// Shrinks a failing run's faults by delta debugging: the smallest sublist (1-minimal unless the
    /// budget runs out) whose run still breaks the same invariant. Every probe is a deterministic
    /// re-run of the seed.
    ///
    /// - Parameters:
    ///   - failing: A run with a violation.
    ///   - maxProbes: Put a limit on everything: at most this many re-runs.
    /// - Returns: The minimal schedule and its run; `nil` when `failing` did not fail.
    public func shrink(_ failing: ChaosRun, maxProbes: Int = 200) -> ShrunkSchedule? {
        guard let target = failing.violation?.invariant else { return nil }
        var lastFailing: ChaosRun?  // ddmin's result is always its last failing probe
        let indices = Array(failing.faults.indices)
        let outcome = DeltaDebugging.minimize(indices, maxProbes: maxProbes) { subset in
            let run = probe(seed: failing.seed, faults: subset.map { failing.faults[$0] })
            let fails = run.violation?.invariant == target
            if fails { lastFailing = run }
            return fails
        }
        let minimal = outcome.minimal.map { failing.faults[$0] }
        let run = lastFailing ?? probe(seed: failing.seed, faults: minimal)
        return ShrunkSchedule(
            original: failing.faults.count, faults: minimal, run: run, probes: outcome.probes,
            isOneMinimal: outcome.isOneMinimal)
    }
}

/// One seeded chaos run: its faults and its result.
public struct ChaosRun: Sendable {
    /// The root seed.
    public var seed: UInt64
    /// The faults injected (scheduled, then drawn).
    public var faults: [ScheduledFault]
    /// Summary, ledger, time series and violations.
    public var result: RunResult

    /// Creates a run record (e.g. to report a run made another way).
    public init(seed: UInt64, faults: [ScheduledFault], result: RunResult) {
        self.seed = seed
        self.faults = faults
        self.result = result
    }

    /// The first violation, if the run broke an invariant.
    public var violation: Violation? { result.violations.first }
    /// Whether the run broke an invariant.
    public var failed: Bool { !result.violations.isEmpty }
    /// Jobs the liveness check found stuck, every one counted (only the oldest
    /// ``CoordinationContext/maxStuckListed`` are listed as violations).
    public var stuckJobs: Int { result.violations.first { $0.stuck != nil }?.stuck?.stuckJobs ?? 0 }
    /// The violations the run saw: every stuck job counts as one.
    public var violationCount: Int {
        result.violations.filter { $0.stuck == nil }.count + stuckJobs
    }
}

/// A failing seed's faults shrunk to a minimal schedule that still fails.
public struct ShrunkSchedule: Sendable {
    /// How many faults the seed injected.
    public var original: Int
    /// The minimal schedule.
    public var faults: [ScheduledFault]
    /// The run of the minimal schedule (it fails with the same invariant).
    public var run: ChaosRun
    /// Re-runs made while shrinking.
    public var probes: Int
    /// Whether removing any one fault makes the run pass (false when the probe budget ran out).
    public var isOneMinimal: Bool
}
