import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

/// A sweep over `pattern.type` derives the roles a pattern needs as `compare` does, prints each
/// assumption once and writes them to derived.csv through compare's writer; merge keeps it.
@Suite struct CLISweepDerivedTests {
    /// One role that serves the only step: hub-and-spoke needs a derived coordinator.
    static let scenarioJSON = """
        {"name": "sweep-derived", "seed": 4,
         "workload": {"arrivals": {"process": "poisson", "rate": "1/s"}, "jobs": 60,
           "job": {"steps": [{"name": "serve", "skill": "serve"}]}},
         "agents": {"server": {"count": 2, "skills": ["serve"], "latency": {"dist": "exponential", "mean": "1s"}}},
         "pattern": {"type": "pipeline"}}
        """

    static func agentsim(_ arguments: [String]) -> CLIResult {
        CLITestSupport.run(arguments, environment: .live)
    }

    static let sweep = [
        "--vary", "pattern.type=pipeline,hub_and_spoke", "--vary", "agents.server.count=2,3",
    ]

    @Test func derivedAssumptionsArePrintedOnceAndWrittenAsCompareWritesThem() throws {
        let dir = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/s.json")
        let result = Self.agentsim(["sweep", "\(dir)/s.json"] + Self.sweep + ["--out", "\(dir)/sweep"])
        #expect(result.code == 0, "\(result.stderr)")
        let compare = Self.agentsim([
            "compare", "\(dir)/s.json", "--patterns", "pipeline,hub_and_spoke", "--out", "\(dir)/compare",
        ])
        #expect(compare.code == 0, "\(compare.stderr)")
        let compared = try #require(CLITestSupport.read("\(dir)/compare/derived.csv")).split(separator: "\n")
        let line = try #require(compare.stdout.split(separator: "\n").first { $0.hasPrefix("derived ") })
        // The same assumption at points 2 and 3 (hub_and_spoke with 2 and 3 servers): printed once.
        #expect(result.stdout.components(separatedBy: String(line)).count == 2, "\(result.stdout)")
        let derived = try #require(CLITestSupport.read("\(dir)/sweep/derived.csv")).split(separator: "\n")
        #expect(derived[0] == "point,pattern.type,agents.server.count," + compared[0])
        // compare's rows (2 servers) at point 2; point 3 differs only in its leading columns.
        let rows = compared.dropFirst()
        #expect(!rows.isEmpty)
        #expect(
            Array(derived.dropFirst()) == rows.map { "2,hub_and_spoke,2," + $0 }
                + rows.map { "3,hub_and_spoke,3," + $0 })
    }

    @Test func mergedShardsKeepDerivedCSVByteForByte() throws {
        let dir = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/s.json")
        let base = ["sweep", "\(dir)/s.json"] + Self.sweep
        #expect(Self.agentsim(base + ["--out", "\(dir)/whole"]).code == 0)
        for i in 0..<3 {
            let result = Self.agentsim(base + ["--shard", "\(i)/3", "--out", "\(dir)/s\(i)"])
            #expect(result.code == 0, "\(result.stderr)")
        }
        let merged = Self.agentsim(["merge", "\(dir)/s2", "\(dir)/s0", "\(dir)/s1", "--out", "\(dir)/merged"])
        #expect(merged.code == 0, "\(merged.stderr)")
        let whole = try #require(CLITestSupport.read("\(dir)/whole/derived.csv"))
        #expect(CLITestSupport.read("\(dir)/merged/derived.csv") == whole)
    }

    @Test func aSweepThatKeepsItsPatternWritesNoDerivedCSV() throws {
        let dir = CLITestSupport.makeDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/s.json")
        let result = Self.agentsim([
            "sweep", "\(dir)/s.json", "--vary", "agents.server.count=2,3", "--out", "\(dir)/sweep",
        ])
        #expect(result.code == 0, "\(result.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/sweep/derived.csv"))
        #expect(!result.stdout.contains("derived "))
    }
}
