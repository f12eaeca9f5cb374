import AgentSim
import Foundation
import Testing

/// The real `agentsim` binary on a real scenario file: loader, runner, CSV and exit codes together.
///
/// These run the executable in a child process, so a missing piece (a `fatalError` stub) fails the
/// test instead of crashing the test runner. They need ScenarioLoader and ScenarioRunner, i.e. the
/// merge of the scenario helper's and the lead's work; until then only the `--help` test passes.
@Suite struct CLIRunEndToEndTests {
    /// A pure M/M/1 queue (ρ = 0.8), in the scenario format of ARCHITECTURE.md §4.
    static let scenarioJSON = """
        {
          "name": "e2e-mm1",
          "seed": 11,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "0.8/s" },
            "jobs": 400,
            "job": { "steps": [ { "name": "serve", "skill": "serve" } ] }
          },
          "agents": {
            "server": { "count": 1, "skills": ["serve"], "latency": { "dist": "exponential", "mean": "1s" } }
          },
          "pattern": { "type": "pipeline" }
        }
        """

    struct Invocation {
        var code: Int32
        var stdout: String
        var stderr: String
    }

    /// A temporary working directory holding `scenario.json` (and `broken.json`, not JSON).
    static func workspace() throws -> String {
        let directory = CLITestSupport.makeDirectory()
        try AtomicFile.write(scenarioJSON, to: "\(directory)/scenario.json")
        try AtomicFile.write("{ \"name\": \"broken\", ", to: "\(directory)/broken.json")
        return directory
    }

    /// The `agentsim` executable next to the test binary, or `$AGENTSIM_BINARY`.
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["AGENTSIM_BINARY"] { return path }
        let executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        for _ in 0..<4 {  // macOS nests the test binary in an .xctest bundle
            let candidate = directory.appendingPathComponent("agentsim").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        throw CocoaError(
            .fileNoSuchFile, userInfo: [NSFilePathErrorKey: "agentsim (run `swift build` first)"])
    }

    /// Runs `agentsim ARGUMENTS` in `directory`.
    static func agentsim(_ arguments: [String], in directory: String) throws -> Invocation {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outPath = "\(directory)/.stdout"
        let errPath = "\(directory)/.stderr"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        process.waitUntilExit()
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        return Invocation(
            code: process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus,
            stdout: CLITestSupport.read(outPath) ?? "", stderr: CLITestSupport.read(errPath) ?? "")
    }

    /// The values of `column` in summary.csv text.
    static func column(_ name: String, of csv: String) throws -> [String] {
        let lines = csv.split(separator: "\n")
        let index = try #require(lines.first?.split(separator: ",").firstIndex { $0 == name })
        return lines.dropFirst().map {
            String($0.split(separator: ",", omittingEmptySubsequences: false)[index])
        }
    }

    @Test func helpRunsThroughTheBinary() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.agentsim(["--help"], in: directory)
        #expect(result.code == 0)
        #expect(result.stdout.contains("USAGE: agentsim <subcommand>"))
        let bad = try Self.agentsim(["run", "scenario.json", "--sed", "1"], in: directory)
        #expect(bad.code == 2)
        #expect(bad.stderr.hasPrefix("error: unknown option '--sed'; did you mean '--seed'?\n"))
    }

    @Test func runWritesSummaryCSVToTheDefaultFolder() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.agentsim(["run", "scenario.json", "--replications", "3"], in: directory)
        #expect(result.code == 0, "\(result.stderr)")
        #expect(result.stdout.contains("wrote results/e2e-mm1/summary.csv"))
        #expect(result.stderr.contains("(wall clock)"))
        let csv = try #require(CLITestSupport.read("\(directory)/results/e2e-mm1/summary.csv"))
        #expect(csv.hasPrefix(SummaryCSV.header.joined(separator: ",") + "\n"))
        #expect(try Self.column("replication", of: csv) == ["0", "1", "2"])
        #expect(try Self.column("seed", of: csv) == ["11", "12", "13"])
        #expect(try Self.column("scenario", of: csv) == ["e2e-mm1", "e2e-mm1", "e2e-mm1"])
        #expect(try Self.column("jobs_arrived", of: csv) == ["400", "400", "400"])
    }

    @Test func outputIsByteIdenticalAndIndependentOfParallelism() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        for (out, count) in [("a", "4"), ("b", "4"), ("c", "1")] {
            let result = try Self.agentsim(
                ["run", "scenario.json", "--replications", count, "--out", out], in: directory)
            #expect(result.code == 0, "\(result.stderr)")
        }
        let a = try #require(CLITestSupport.read("\(directory)/a/summary.csv"))
        let b = try #require(CLITestSupport.read("\(directory)/b/summary.csv"))
        let c = try #require(CLITestSupport.read("\(directory)/c/summary.csv"))
        #expect(a == b)
        #expect(a.hasPrefix(c))  // replication 0 alone = replication 0 among four in parallel
        #expect(a.split(separator: "\n").count == 5)
    }

    @Test func seedAndSetOverrideTheScenario() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.agentsim(
            [
                "run", "scenario.json", "--seed", "500", "--replications", "2", "--set", "workload.jobs=50",
                "--out", "o",
            ],
            in: directory)
        #expect(result.code == 0, "\(result.stderr)")
        let csv = try #require(CLITestSupport.read("\(directory)/o/summary.csv"))
        #expect(try Self.column("seed", of: csv) == ["500", "501"])
        #expect(try Self.column("jobs_arrived", of: csv) == ["50", "50"])
    }

    @Test(arguments: [
        ["run", "missing.json", "--out", "o"], ["run", "broken.json", "--out", "o"],
        ["run", "scenario.json", "--set", "workload.jobz=5", "--out", "o"],
    ])
    func badInputExitsTwoAndWritesNothing(arguments: [String]) throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let result = try Self.agentsim(arguments, in: directory)
        #expect(result.code == 2)
        #expect(!result.stderr.isEmpty)
        #expect(result.stdout.isEmpty)
        #expect(!CLITestSupport.exists("\(directory)/o"))
        #expect(!CLITestSupport.exists("\(directory)/results"))
    }

    @Test func validateReportsEachFileAndFailsOnAnyBadOne() throws {
        let directory = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let good = try Self.agentsim(["validate", "scenario.json"], in: directory)
        #expect(good.code == 0, "\(good.stderr)")
        #expect(good.stdout == "ok: scenario.json\n")
        let mixed = try Self.agentsim(["validate", "scenario.json", "broken.json"], in: directory)
        #expect(mixed.code == 2)
        #expect(mixed.stdout == "ok: scenario.json\n")
        #expect(mixed.stderr.contains("broken.json"))
    }
}
