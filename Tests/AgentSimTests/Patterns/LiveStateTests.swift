import Foundation
import Testing

@testable import AgentSim

/// Nothing a pattern keeps per job outlives the job. Exact oracle, for every built-in pattern: after
/// a drained run (every job ended) the coordinator reports no per-job state left
/// (``LiveStateReporting``), no agent still holds a slot for a job, and no work attempt is left. The
/// run is pattern-showdown as `compare --patterns all` fits it to each pattern, made hostile: 5%
/// message loss and 10% duplicates all run long, bounded worker queues that refuse, a work timeout
/// with one retry, and a job timeout that ends the jobs a lost message stranded. Invariants are
/// checked too, so a late event acted on for an ended job fails the run.
@Suite struct LiveStateTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios").path

    static let hostile = [
        "workload.jobs=400", "workload.warmup=0s", "agents.workers.queue_capacity=3",
        #"agents.workers.policies={"timeout": "20s", "retry": {"max_attempts": 2, "backoff": "constant", "base": "1s"}}"#,
        #"policies={"job_timeout": "10m"}"#,
        #"faults=[{"at": "0s", "loss": 0.05}, {"at": "0s", "duplicate": 0.1}]"#,
    ]

    /// Every built-in pattern.
    static let patterns: [String] = PatternRegistry.all.map { $0.name }

    /// The patterns whose coordinators keep per-job state and report it.
    static let reporting: Set<String> = [
        "pipeline", "hub_and_spoke", "hierarchical", "consensus", "human_gate", "handoff", "hybrid",
    ]

    @Test(arguments: Self.patterns)
    func nothingOutlivesItsJob(_ pattern: String) throws {
        let base = try ScenarioLoader.load(
            path: "\(Self.folder)/pattern-showdown.json", overrides: Self.hostile
        ).scenario
        guard case .runs(let scenario, _) = PatternRegistry.definition(named: pattern)!.fit(to: base) else {
            Issue.record("\(pattern) does not run on pattern-showdown")
            return
        }
        let run = LiveStateSupport.liveState(scenario)
        #expect(run.left.violations.isEmpty, "\(run.left.violations.prefix(3).map(\.description))")
        #expect(run.summary.jobsInFlight == 0, "not drained: \(run.summary.jobsInFlight) in flight")
        #expect(run.summary.jobsArrived == 400)
        #expect(run.left.heldSlots == 0, "\(run.left.heldSlots) agent slots still held")
        #expect(run.left.attempts == 0, "\(run.left.attempts) work attempts left")
        if Self.reporting.contains(pattern) {
            #expect(run.count == 0, "\(pattern): \(run.count.map(String.init) ?? "nil") per-job entries left")
        }
    }
}
