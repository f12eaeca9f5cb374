import Foundation
import Testing

@testable import AgentSimCLI

/// `agentsim chaos` survives a seed that traps: the planted trap of the ChaosTrapFixture binary (a
/// pipeline whose coordinator calls `preconditionFailure` in about one seed in three) is that seed's
/// failure, and every other seed still runs.
@Suite struct ChaosIsolationTests {
    static let scenario = """
        {"name": "trap", "seed": 40,
         "workload": {"arrivals": {"process": "poisson", "rate": 2}, "jobs": 20,
                      "job": {"steps": [{"name": "a", "skill": "s"}, {"name": "b", "skill": "s", "after": ["a"]}]}},
         "agents": {"w": {"skills": ["s"], "latency": "100ms", "count": 2}},
         "pattern": {"type": "planted_trap"}}
        """

    /// The fixture binary, next to `agentsim`.
    static func fixture() throws -> String {
        let agentsim = try CLIRunEndToEndTests.binary()
        return URL(fileURLWithPath: agentsim).deletingLastPathComponent().appendingPathComponent(
            "ChaosTrapFixture"
        )
        .path
    }

    /// Runs the fixture binary in `directory`: exit code, stdout, stderr.
    static func run(_ arguments: [String], in directory: String) throws -> (
        code: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try fixture())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationReason == .exit ? process.terminationStatus : -process.terminationStatus,
            String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self)
        )
    }

    @Test func aTrappingSeedIsReportedAndTheCampaignGoesOn() throws {
        let directory = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.scenario.write(toFile: "\(directory)/trap.json", atomically: true, encoding: .utf8)
        let result = try Self.run(["chaos", "trap.json", "--seeds", "12", "--out", "out"], in: directory)
        #expect(result.code == 1, "\(result.stderr)")
        let csv = try #require(CLITestSupport.read("\(directory)/out/summary.csv"))
        let lines = csv.split(separator: "\n").map { CSVLine.fields(String($0)) }
        let header = try #require(lines.first)
        let seed = try #require(header.firstIndex(of: "seed"))
        let outcome = try #require(header.firstIndex(of: "outcome"))
        let detail = try #require(header.firstIndex(of: "detail"))
        let rows = lines.dropFirst()
        // Every seed has its row, in order, with every column: the campaign did not stop at a trap.
        #expect(rows.map { $0[seed] } == (40..<52).map { "\($0)" })
        #expect(rows.allSatisfy { $0.count == header.count })
        let trapped = rows.filter { $0[outcome] == "trap" }
        // About one seed in three is armed: at least one trap and at least one seed that ran.
        #expect(!trapped.isEmpty && trapped.count < 12, "\(rows.map { $0[outcome] })")
        #expect(rows.allSatisfy { ["trap", "pass"].contains($0[outcome]) })
        // A debug build prints the precondition's message, and the report carries it.
        for row in trapped {
            #expect(row[detail].contains("planted trap: the fifth finished task"), "\(row)")
        }
        #expect(result.stdout.contains("(\(trapped.count) trapped"), "\(result.stdout)")
        for row in trapped {
            #expect(result.stdout.contains("replay: ChaosTrapFixture chaos trap.json --seed \(row[seed])"))
        }
        // Replaying a trapped seed traps again; a seed that ran replays clean.
        let trappedSeed = try #require(trapped.first?[seed])
        let replay = try Self.run(
            ["chaos", "trap.json", "--seed", trappedSeed, "--out", "r1"], in: directory)
        #expect(replay.code == 1)
        #expect(CLITestSupport.read("\(directory)/r1/summary.csv")?.contains(",trap,") == true)
        let passingSeed = try #require(rows.first { $0[outcome] == "pass" }?[seed])
        let clean = try Self.run(["chaos", "trap.json", "--seed", passingSeed, "--out", "r2"], in: directory)
        #expect(clean.code == 0, "\(clean.stderr)")
    }

    @Test func trapMessages() {
        let debug = "chaos: 3/3 seeds run\nAgentSim/X.swift:12: Fatal error: planted trap\n"
        #expect(ChaosIsolation.trapMessage(debug) == "AgentSim/X.swift:12: Fatal error: planted trap")
        #expect(ChaosIsolation.trapMessage("chaos: 3/3 seeds run, 0 failing\n") == "")
        #expect(ChaosIsolation.signalName(4) == "SIGILL" && ChaosIsolation.signalName(5) == "SIGTRAP")
    }
}
