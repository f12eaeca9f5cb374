import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// The knee of a hub-and-spoke worker-count sweep lands where the coordinator's capacity puts it.
///
/// The coordinator (1 agent, capacity 1) makes one route call per job (plan and synthesize off),
/// each a constant 200 ms: its service demand is D = 0.2 s per job, so it completes at most
/// 1/D = 5 jobs/s. Each worker (capacity 1) serves a job in a constant 1 s, so n workers complete at
/// most n jobs/s. Arrivals (10/s) exceed both, so throughput is min(n, 5) jobs/s: the gain per added
/// worker is 1 job/s up to n = 5 and 0 after. By the knee rule (``SweepKnee``: the first point whose
/// next step gains < 0.5 × the best per-unit rate) the knee is n* = S_worker / D = 5 exactly.
///
/// Tolerance: none in grid units — the test expects the knee at n = 5 itself. The rule needs the
/// measured gains to be within 0.5 job/s of 1 (below the knee) and of 0 (past it). Each point's
/// throughput is 2,000 jobs ÷ the run's length; the only deviation from min(n, 5) is the start-up
/// and drain transient, at most a few service times (≈ 1–2 s) out of a run of 2000/min(n,5) ≥ 400 s,
/// i.e. < 0.5% of throughput, about 0.025 job/s: 20 times smaller than the margin.
@Suite struct CLISweepKneeTests {
    static let scenarioJSON = """
        {
          "name": "knee-hub",
          "seed": 3,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "10/s" },
            "jobs": 2000,
            "job": { "steps": [ { "name": "work", "skill": "work" } ] }
          },
          "agents": {
            "lead": { "count": 1, "skills": ["plan"], "capacity": 1,
                      "latency": { "dist": "constant", "value": "200ms" } },
            "worker": { "count": 4, "skills": ["work"], "capacity": 1,
                        "latency": { "dist": "constant", "value": "1s" } }
          },
          "pattern": { "type": "hub_and_spoke", "coordinator": "lead", "plan": null, "synthesize": null }
        }
        """

    @Test func kneeAtTheCoordinatorsCapacity() throws {
        let dir = CLITestSupport.makeDirectory()
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/hub.json")
        let result = CLITestSupport.run(
            [
                "sweep", "\(dir)/hub.json", "--vary", "agents.worker.count=1..10", "--replications", "2",
                "--out",
                "\(dir)/out",
            ], environment: .live)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("knee: agents.worker.count=5 (point 4)"), "\(result.stdout)")
        let rows = SweepCSVReaderForTests.rows(try #require(CLITestSupport.read("\(dir)/out/analysis.csv")))
        let header = rows[0]
        let knee = header.firstIndex(of: "knee")!
        let throughput = header.firstIndex(of: "throughput_per_s")!
        #expect(rows.dropFirst().filter { $0[knee] == "true" }.map { $0[1] } == ["5"])
        // The throughputs the derivation predicts, min(n, 5), within the transient's 0.5%.
        for row in rows.dropFirst() {
            let n = Double(row[1])!
            let measured = Double(row[throughput])!
            #expect(abs(measured - min(n, 5)) <= 0.005 * min(n, 5), "n = \(n): \(measured)")
        }
    }

    /// Past n = 5 the coordinator (utilisation 1 by the derivation above) limits every point, so an SLO
    /// that needs more than 5 jobs/s is met nowhere, and the sweep says the coordinator is why; the
    /// workers then run at 5/n ≤ 0.5, so the busiest role is the coordinator without any tolerance issue.
    @Test func anInfeasibleSweepNamesTheSaturatedCoordinator() throws {
        let dir = CLITestSupport.makeDirectory()
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/hub.json")
        let result = CLITestSupport.run(
            [
                "sweep", "\(dir)/hub.json", "--vary", "agents.worker.count=6..10:2", "--slo-min",
                "throughput_per_s=6", "--out", "\(dir)/out",
            ], environment: .live)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("no point meets every SLO"), "\(result.stdout)")
        #expect(result.stdout.contains("why: at the last point (agents.worker.count=10)"), "\(result.stdout)")
        #expect(result.stdout.contains("it is the coordinator"), "\(result.stdout)")
    }
}

/// analysis.csv has no quoted fields here: a plain split is enough.
enum SweepCSVReaderForTests {
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }
}
