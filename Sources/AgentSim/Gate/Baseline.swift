import AgentSimMetrics
import AgentSimSpec

/// The recorded gated metrics of one scenario: what `agentsim check` compares a new run against.
///
/// On disk it is a small line-oriented text file (see ``Baseline/text`` for the format), one per
/// scenario, so a changed baseline reads in code review like a golden-file diff: one line per
/// metric and replication that moved.
public struct Baseline: Sendable, Hashable {
    /// One gated value of one run.
    public struct Entry: Sendable, Hashable {
        /// The pattern of the run (summary.csv's `pattern`).
        public var pattern: String
        /// The replication (its seed is the scenario's seed + replication).
        public var replication: Int
        /// The run's root seed.
        public var seed: UInt64
        /// The metric and which way it gets better.
        public var metric: GatedMetric
        /// Its value; `nil` when not defined for the run (accuracy when nothing completed).
        public var value: Double?

        /// An entry.
        public init(pattern: String, replication: Int, seed: UInt64, metric: GatedMetric, value: Double?) {
            self.pattern = pattern
            self.replication = replication
            self.seed = seed
            self.metric = metric
            self.value = value
        }
    }

    /// The scenario's name.
    public var scenario: String
    /// ``ScenarioDigest/of(_:)`` of the scenario that was run.
    public var scenarioDigest: String
    /// The AgentSim version that recorded it.
    public var version: String
    /// Every gated value, by pattern, then replication, then metric (the run's order).
    public var entries: [Entry]

    /// A baseline.
    public init(scenario: String, scenarioDigest: String, version: String, entries: [Entry]) {
        self.scenario = scenario
        self.scenarioDigest = scenarioDigest
        self.version = version
        self.entries = entries
    }

    /// The baseline of `runs` of `scenario` (runs in replication order).
    public init(scenario: Scenario, runs: [RunSummary]) {
        var entries: [Entry] = []
        for run in runs {
            for (metric, value) in GatedMetric.values(of: run) {
                entries.append(
                    Entry(
                        pattern: run.pattern, replication: run.replication, seed: run.seed, metric: metric,
                        value: value))
            }
        }
        self.init(
            scenario: scenario.name, scenarioDigest: ScenarioDigest.of(scenario),
            version: AgentSimVersion.current, entries: entries)
    }

    /// The replications the baseline holds.
    public var replications: [Int] {
        var seen: Set<Int> = []
        return entries.map(\.replication).filter { seen.insert($0).inserted }
    }

    /// The file name of the baseline of scenario `name` in a baseline folder.
    public static func fileName(forScenario name: String) -> String { name + ".baseline.csv" }
}
