import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `run --trace` and `chaos --seed S --trace`: trace.json is written and no CSV byte moves.
@Suite struct CLITraceTests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scenarios/support-desk.json").path

    @Test func traceLeavesEveryCSVUnchanged() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let common = ["run", Self.scenario, "--set", "workload.jobs=300", "--replications", "2"]
        let plain = CLITestSupport.run(common + ["--out", directory + "/plain"], environment: .live)
        let traced = CLITestSupport.run(
            common + [
                "--out", directory + "/traced", "--trace", "--trace-jobs", "7", "--trace-replication", "1",
            ],
            environment: .live)
        #expect(plain.code == 0 && traced.code == 0)
        for name in ["summary.csv", "stats.csv", "costs.csv", "timeseries.csv", "alerts.csv", "failures.csv"]
        {
            let a = try #require(CLITestSupport.read(directory + "/plain/" + name))
            #expect(CLITestSupport.read(directory + "/traced/" + name) == a, "\(name)")
        }
        #expect(!CLITestSupport.exists(directory + "/plain/trace.json"))
        let trace = try #require(CLITestSupport.read(directory + "/traced/trace.json"))
        #expect(trace.contains("\"replication\":1") && trace.contains("only the first 7 jobs"))
    }

    @Test func badTraceOptionsAreUsageErrors() {
        let tooMany = CLITestSupport.run([
            "run", Self.scenario, "--replications", "2", "--trace-replication", "2",
        ])
        #expect(tooMany.code == 2)
        #expect(tooMany.stderr.contains("--trace-replication 2 is not run"))
        let zero = CLITestSupport.run(["run", Self.scenario, "--trace", "--trace-jobs", "0"])
        #expect(zero.code == 2 && zero.stderr.contains("--trace-jobs must be in 1...100000"))
        let noSeed = CLITestSupport.run(["chaos", Self.scenario, "--trace"])
        #expect(noSeed.code == 2 && noSeed.stderr.contains("--trace needs --seed S"))
    }

    @Test func chaosTracesOneSeed() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(
            [
                "chaos", Self.scenario, "--seed", "42", "--trace", "--set", "workload.jobs=120", "--set",
                "faults=[{\"at\":\"40m\",\"crash\":\"support[0..1]\",\"for\":\"10m\"}]", "--out", directory,
            ], environment: .live)
        #expect(result.code == 0, "\(result.stderr)")
        let trace = try #require(CLITestSupport.read(directory + "/trace.json"))
        #expect(trace.contains("\"seed\":\"42\""))
        #expect(
            trace.contains("\"name\":\"fault starts\"") && trace.contains("crash on support[0], support[1]"))
    }

    @Test func reportCommandWritesOneFileOrExitsTwo() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let missing = CLITestSupport.run(["report", directory + "/none"])
        #expect(missing.code == 2 && missing.stderr.contains("no such folder"))
        let empty = CLITestSupport.run(["report", directory])
        #expect(empty.code == 2 && empty.stderr.contains("no summary.csv or sweep.csv"))
        #expect(!CLITestSupport.exists(directory + "/report.html"))
        let run = CLITestSupport.run(
            ["run", Self.scenario, "--set", "workload.jobs=150", "--out", directory, "--report"],
            environment: .live)
        #expect(run.code == 0 && run.stdout.contains("report.html"))
        let html = try #require(CLITestSupport.read(directory + "/report.html"))
        #expect(html.contains("support-desk: hub_and_spoke"))
        try FileManager.default.removeItem(atPath: directory + "/report.html")
        #expect(CLITestSupport.run(["report", directory]).code == 0)
        #expect(CLITestSupport.read(directory + "/report.html") == html)
    }
}
