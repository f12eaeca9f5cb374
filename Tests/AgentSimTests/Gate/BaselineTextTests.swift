import Foundation
import Testing

@testable import AgentSim

/// The baseline file: a round trip that keeps every double, and errors that say where.
@Suite struct BaselineTextTests {
    static let sample = AgentSim.Baseline(
        scenario: "desk", scenarioDigest: "00ff00ff00ff00ff", version: "9.9.9",
        entries: [
            .init(
                pattern: "pipeline", replication: 0, seed: 7,
                metric: .init("throughput_per_s", .higherIsBetter), value: 0.1 + 0.2),
            .init(
                pattern: "pipeline", replication: 0, seed: 7,
                metric: .init("jobs_completed", .higherIsBetter), value: 200),
            .init(
                pattern: "pipeline", replication: 0, seed: 7, metric: .init("accuracy", .higherIsBetter),
                value: nil),
            .init(
                pattern: "pipeline", replication: 1, seed: 8, metric: .init("latency_p99_s", .lowerIsBetter),
                value: 1e-300),
            .init(
                pattern: "own", replication: 1, seed: 8, metric: .init("steals", .lowerIsBetter),
                value: -2.5e17),
        ])

    @Test func theTextIsLineOrientedAndReadsBackExactly() throws {
        let text = Self.sample.text
        #expect(
            text == """
                # agentsim baseline 1
                # scenario: desk
                # scenario_digest: 00ff00ff00ff00ff
                # agentsim_version: 9.9.9
                pattern,replication,seed,metric,better,value
                pipeline,0,7,throughput_per_s,higher,0.30000000000000004
                pipeline,0,7,jobs_completed,higher,200
                pipeline,0,7,accuracy,higher,
                pipeline,1,8,latency_p99_s,lower,1e-300
                own,1,8,steals,lower,-2.5e+17

                """)
        #expect(try AgentSim.Baseline.parse(text, file: "b") == Self.sample)
        #expect(Self.sample.replications == [0, 1])
    }

    @Test(arguments: [
        ("pattern,replication\n", 1, "not an AgentSim baseline"),
        (
            "# agentsim baseline 1\n# scenario: x\n# agentsim_version: 1\npattern,replication,seed,metric,better,value\n",
            4,
            "missing header line '# scenario_digest: ...'"
        ),
        (
            "# agentsim baseline 1\n# scenario: x\n# scenario_digest: d\n# agentsim_version: 1\npattern,seed\n",
            5,
            "expected the table header"
        ),
        (
            "# agentsim baseline 1\n# scenario: x\n# scenario_digest: d\n# agentsim_version: 1\npattern,replication,seed,metric,better,value\np,0,1,m,higher\n",
            6,
            "expected 6 fields"
        ),
        (
            "# agentsim baseline 1\n# scenario: x\n# scenario_digest: d\n# agentsim_version: 1\npattern,replication,seed,metric,better,value\np,0,1,m,up,1\n",
            6,
            "better must be 'higher' or 'lower', found 'up'"
        ),
        (
            "# agentsim baseline 1\n# scenario: x\n# scenario_digest: d\n# agentsim_version: 1\npattern,replication,seed,metric,better,value\np,-1,1,m,higher,1\n",
            6,
            "replication '-1' is not a whole number"
        ),
        (
            "# agentsim baseline 1\n# scenario: x\n# scenario_digest: d\n# agentsim_version: 1\npattern,replication,seed,metric,better,value\np,0,1,m,higher,nan\n",
            6,
            "value 'nan' is not a number"
        ),
    ])
    func aDamagedFileSaysWhichLineAndWhat(text: String, line: Int, message: String) {
        #expect {
            _ = try AgentSim.Baseline.parse(text, file: "x.baseline.csv")
        } throws: { error in
            let error = error as! ScenarioError
            return error.file == "x.baseline.csv" && error.line == line && error.message.contains(message)
        }
    }

    @Test func gateRecordIsByteIdenticalTwiceAndCheckPassesOnIt() throws {
        let scenario = Oracle.mmc(lambda: 0.8, mu: 1, servers: 2, jobs: 300, seed: 5)
        var three = scenario
        three.limits.replications = 3
        let a = NSTemporaryDirectory() + "gate-a-\(UUID().uuidString)"
        let b = NSTemporaryDirectory() + "gate-b-\(UUID().uuidString)"
        defer { for d in [a, b] { try? FileManager.default.removeItem(atPath: d) } }
        let recorded = try Gate.record(three, baselineDirectory: a)
        try Gate.record(three, baselineDirectory: b)
        let first = try String(contentsOfFile: Gate.path(of: three.name, in: a), encoding: .utf8)
        let second = try String(contentsOfFile: Gate.path(of: three.name, in: b), encoding: .utf8)
        #expect(first == second && first == recorded.text)
        #expect(recorded.entries.count == 3 * GatedMetric.builtIn.count)
        #expect(Gate.check(three, baselineDirectory: a).exitCode == 0)
    }
}
