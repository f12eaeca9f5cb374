import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim run` with a fake loader and runner: everything but the simulation itself.
@Suite struct CLIRunCommandTests {
    @Test func runsEveryReplicationAndWritesTheCSVInReplicationOrder() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let out = "\(directory)/nested/out"
        let result = CLITestSupport.run(["run", "s.json", "--out", out])
        #expect(result.code == 0)

        let scenario = CLITestSupport.scenario()
        let expected = SummaryCSV.text(for: (0..<3).map { CLITestSupport.fakeSummary(scenario, $0) })
        #expect(CLITestSupport.read("\(out)/summary.csv") == expected)
        #expect(
            result.stdout.hasSuffix(
                "wrote \(out)/summary.csv (and costs.csv, timeseries.csv, alerts.csv, failures.csv, stats.csv)\n"
            ))
        #expect(CLITestSupport.exists("\(out)/costs.csv") && CLITestSupport.exists("\(out)/timeseries.csv"))
        #expect(result.stderr.hasPrefix("ran 3 replications of fake in "))
        #expect(result.stderr.hasSuffix(" s (wall clock)\n"))
        #expect(!(CLITestSupport.read("\(out)/summary.csv") ?? "").contains("wall"))
    }

    @Test func printsOneTableRowPerRun() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run(["run", "s.json", "--out", directory, "--replications", "2"])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        // header, rule, 2 rows, blank, the interval table's title, header, rule, row, "wrote", "".
        #expect(lines.count == 11)
        #expect(
            lines[0]
                == "pattern   rep  seed  jobs done  throughput/s   p50 s  p99 s  msgs/job  llm calls  cost/job $"
        )
        #expect(
            lines[2]
                == "pipeline    0   100       1000        0.8000  0.3333  4.605     2.000       3000     0.01235"
        )
        #expect(lines[3].hasPrefix("pipeline    1   101       1001        0.8100"))
    }

    @Test func seedAndReplicationsOverrideTheScenario() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = CLITestSupport.run([
            "run", "s.json", "--out", directory, "--seed", "7", "--replications", "5",
        ])
        #expect(result.code == 0)
        let rows = (CLITestSupport.read("\(directory)/summary.csv") ?? "").split(separator: "\n").dropFirst()
        #expect(rows.count == 5)
        for (replication, row) in rows.enumerated() {
            #expect(row.hasPrefix("fake,pipeline,\(replication),\(7 + replication),"))
        }
    }

    @Test func outputIsTheSameWhateverTheThreadTiming() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var outputs: Set<String> = []
        for attempt in 0..<4 {
            let out = "\(directory)/\(attempt)"
            let result = CLITestSupport.run(["run", "s.json", "--out", out, "--replications", "8"])
            outputs.insert(
                (CLITestSupport.read("\(out)/summary.csv") ?? "")
                    + result.stdout.replacingOccurrences(of: out, with: ""))
        }
        #expect(outputs.count == 1)
    }

    @Test func warningsGoToStandardError() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let warning = ScenarioWarning(file: "s.json", path: "agents.server", message: "utilisation 1.2 ≥ 1")
        let environment = CLITestSupport.fakeEnvironment(warnings: [warning])
        let result = CLITestSupport.run(["run", "s.json", "--out", directory], environment: environment)
        #expect(result.code == 0)
        #expect(result.stderr.hasPrefix("s.json: warning: agents.server: utilisation 1.2 ≥ 1\n"))
        #expect(!result.stdout.contains("warning"))
    }

    @Test func aBadReplicationCountInTheScenarioWritesNothing() {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let environment = CLITestSupport.fakeEnvironment(CLITestSupport.scenario(replications: 0))
        let result = CLITestSupport.run(
            ["run", "s.json", "--out", "\(directory)/x"], environment: environment)
        #expect(result.code == 2)
        #expect(result.stderr.contains("run.replications is 0"))
        #expect(!CLITestSupport.exists("\(directory)/x"))
    }

    @Test func aScenarioNameThatIsNotAFolderNameNeedsOut() {
        let environment = CLITestSupport.fakeEnvironment(CLITestSupport.scenario(name: "../escape"))
        let result = CLITestSupport.run(["run", "s.json"], environment: environment)
        #expect(result.code == 2)
        #expect(result.stderr.contains("choose one with --out"))
        for unsafe in ["..", "", "."] {
            let env = CLITestSupport.fakeEnvironment(CLITestSupport.scenario(name: unsafe))
            #expect(CLITestSupport.run(["run", "s.json"], environment: env).code == 2)
            #expect(CLITestSupport.run(["compare", "s.json"], environment: env).code == 2)
        }
    }

    @Test func anUnwritableOutputIsAnErrorNamingThePath() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try AtomicFile.write("a file, not a folder\n", to: "\(directory)/blocker")
        let result = CLITestSupport.run(["run", "s.json", "--out", "\(directory)/blocker"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("error: cannot write \(directory)/blocker/summary.csv: mkdir"))
        #expect(CLITestSupport.read("\(directory)/blocker") == "a file, not a folder\n")
    }

    @Test func validateReportsEachFile() {
        let warning = ScenarioWarning(file: "b.json", path: "workload", message: "no warm-up")
        let result = CLITestSupport.run(
            ["validate", "a.json", "b.json"], environment: CLITestSupport.fakeEnvironment(warnings: [warning])
        )
        #expect(result.code == 0)
        #expect(result.stdout == "ok: a.json\nok: b.json\n")
        #expect(result.stderr.contains("b.json: warning: workload: no warm-up\n"))
    }

    @Test func parallelRunsCollectByIndex() {
        #expect(ParallelRuns.map(count: 0) { $0 }.isEmpty)
        let squares = ParallelRuns.map(count: 50) { index in
            usleep(UInt32((50 - index) * 100))
            return index * index
        }
        #expect(squares == (0..<50).map { $0 * $0 })
    }
}

@Suite struct CLICompareCommandTests {
    @Test func compareHelpListsItsOptions() {
        let result = CLITestSupport.run(["compare", "--help"])
        #expect(result.code == 0)
        for option in [
            "--patterns <list>", "--replications <n>", "--seed <n>", "--set <path=value>", "--out <dir>",
        ] {
            #expect(result.stdout.contains(option), "missing \(option)")
        }
        #expect(result.stdout.contains("USAGE: agentsim compare <scenario>"))
    }

    @Test func anUnknownPatternIsAUsageError() {
        let result = CLITestSupport.run(["compare", "s.json", "--patterns", "pipeline,hub_and_spok"])
        #expect(result.code == 2)
        #expect(result.stderr.contains("unknown pattern 'hub_and_spok'; did you mean 'hub_and_spoke'?"))
    }
}
