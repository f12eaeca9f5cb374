import AgentSim
import Foundation
import Testing

@testable import AgentSimCLI

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `agentsim check` on a real scenario with the real runner, in process.
///
/// The scenario is an M/M/1 queue (one agent, FIFO, exponential service): its k-th service time is
/// the k-th draw of the agent's own stream, −mean·log u_k, so changing the mean scales every
/// service time and leaves the arrivals alone (common random numbers). By Lindley's recursion
/// W_{k+1} = max(0, W_k + S_k − A_{k+1}) every job's sojourn is then monotone in the mean: a slower
/// server makes no job faster (and the mean latency and the last departure strictly later), a
/// faster one makes none slower. Those are the oracles of the verdicts below, not recorded values.
@Suite struct CLICheckCommandTests {
    static let scenarioJSON = """
        {
          "name": "gate-mm1",
          "seed": 11,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "0.8/s" },
            "jobs": 400,
            "job": { "steps": [ { "name": "serve", "skill": "serve" } ] }
          },
          "agents": {
            "server": { "count": 1, "skills": ["serve"], "latency": { "dist": "exponential", "mean": "1s" } }
          },
          "run": { "replications": 3 }
        }
        """

    /// The metrics whose values a service-time change moves in this scenario (everything else:
    /// jobs, accuracy, cost, messages, calls, is the same for any mean).
    static let timeMetrics: Set<String> = [
        "throughput_per_s", "latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s",
    ]

    /// A folder with the scenario file and a baseline folder path (not created).
    struct Workspace {
        let directory = CLITestSupport.makeDirectory()
        var scenario: String { directory + "/mm1.json" }
        var baselines: String { directory + "/baselines" }

        init() throws { try AtomicFile.write(CLICheckCommandTests.scenarioJSON, to: directory + "/mm1.json") }

        func remove() { try? FileManager.default.removeItem(atPath: directory) }

        /// `agentsim check SCENARIO --baseline DIR ARGUMENTS`.
        func check(_ arguments: [String] = []) -> CLIResult {
            CLITestSupport.run(["check", scenario, "--baseline", baselines] + arguments, environment: .live)
        }

        /// Records the baseline and requires that it worked.
        func record() throws {
            let result = check(["--update"])
            try #require(result.code == 0, "\(result.stderr)")
        }
    }

    /// The verdict of each metric row in check's table (rows of metrics that moved).
    static func verdicts(_ stdout: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in stdout.split(separator: "\n") where line.hasPrefix("  pipeline ") {
            let cells = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            out[cells[1]] = cells.last == "tolerance" ? "within tolerance" : cells.last
        }
        return out
    }

    @Test func updateThenCheckPasses() throws {
        let w = try Workspace()
        defer { w.remove() }
        let update = w.check(["--update"])
        #expect(update.code == 0, "\(update.stderr)")
        let path = w.baselines + "/gate-mm1.baseline.csv"
        #expect(update.stdout == "recorded \(path) (36 values, 3 replications)\n")
        let check = w.check()
        #expect(check.code == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout == "PASS gate-mm1: 12 of 12 metrics as recorded\ncheck: 1 scenario passed\n")
    }

    @Test func baselinesAreByteIdenticalWhenRecordedTwice() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let first = try #require(CLITestSupport.read(w.baselines + "/gate-mm1.baseline.csv"))
        try w.record()
        let second = try #require(CLITestSupport.read(w.baselines + "/gate-mm1.baseline.csv"))
        #expect(first == second)
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines.prefix(5).joined(separator: "\n").hasPrefix("# agentsim baseline 1\n# scenario: gate-mm1\n")
        )
        #expect(lines[3] == "# agentsim_version: \(AgentSimVersion.current)")
        #expect(lines[4] == "pattern,replication,seed,metric,better,value")
        // One row per replication × gated metric, then the final newline.
        #expect(lines.count == 5 + 3 * GatedMetric.builtIn.count + 1 && lines.last == "")
        #expect(lines[5].hasPrefix("pipeline,0,11,throughput_per_s,higher,"))
        #expect(lines[5 + GatedMetric.builtIn.count].hasPrefix("pipeline,1,12,throughput_per_s,higher,"))
    }

    @Test func aSlowerServerFailsAndNamesTheMetric() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let result = w.check(["--set", "agents.server.latency.mean=1.25s"])
        #expect(result.code == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.hasPrefix("FAIL gate-mm1: "))
        #expect(result.stdout.contains("note: the scenario changed since the baseline was recorded"))
        #expect(result.stdout.hasSuffix("check: 1 of 1 scenario regressed (exit 1)\n"))
        let verdicts = Self.verdicts(result.stdout)
        // Strictly worse by the monotonicity argument above; the rest can only stay or worsen.
        #expect(verdicts["latency_mean_s"] == "regressed", "\(result.stdout)")
        #expect(verdicts["throughput_per_s"] == "regressed", "\(result.stdout)")
        #expect(Set(verdicts.keys).isSubset(of: Self.timeMetrics))
        #expect(verdicts.values.allSatisfy { $0 == "regressed" }, "\(verdicts)")
    }

    @Test func fewerWorkersFail() throws {
        let w = try Workspace()
        defer { w.remove() }
        let jobs = ["--set", "workload.jobs=2000"]
        #expect(w.check(jobs + ["--set", "agents.server.count=2", "--update"]).code == 0)
        // M/M/2 → M/M/1 at λ = 0.8/s, μ = 1/s: mean sojourn 1.19 s → 5 s in theory. Daley's asymptotic
        // variance of the M/M/1 mean wait, ρ(2 + 5ρ − 4ρ² + ρ³)/(1 − ρ)⁴ = 1976 s² at ρ = 0.8, gives a
        // standard error of √(1976/2000) ≈ 1 s per 2000-job run and 0.57 s over the 3 replications;
        // the gap of 3.8 s is 6.6 of them (starting empty only lowers the M/M/1 mean, by well under
        // a second at this run length). So the mean latency regresses, at any seed but with
        // probability below 10⁻¹⁰.
        let result = w.check(jobs + ["--set", "agents.server.count=1"])
        #expect(result.code == 1, "\(result.stdout)\(result.stderr)")
        #expect(Self.verdicts(result.stdout)["latency_mean_s"] == "regressed", "\(result.stdout)")
        #expect(result.stdout.contains("  pipeline  latency_mean_s "))
    }

    @Test func aFasterServerPassesAndSaysSo() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let result = w.check(["--set", "agents.server.latency.mean=0.8s"])
        #expect(result.code == 0, "\(result.stdout)\(result.stderr)")
        let verdicts = Self.verdicts(result.stdout)
        #expect(verdicts["latency_mean_s"] == "improved" && verdicts["throughput_per_s"] == "improved")
        #expect(verdicts.values.allSatisfy { $0 == "improved" }, "\(verdicts)")
        #expect(
            result.stdout.hasSuffix(
                "check: 1 scenario passed; accept the improvements with: agentsim check \(w.scenario) "
                    + "--baseline \(w.baselines) --set agents.server.latency.mean=0.8s --update\n"))
    }

    @Test func toleranceLoosensExactlyOneMetric() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let slower = ["--set", "agents.server.latency.mean=1.01s"]
        let strict = w.check(slower)
        let before = Self.verdicts(strict.stdout)
        #expect(strict.code == 1 && before["latency_mean_s"] == "regressed", "\(strict.stdout)")
        // At ρ = 0.8 a 1% slower server moves the M/M/1 mean sojourn by about 5% (dW/W = dρ/(1 − ρ)):
        // 50% covers it with room, and nothing else may change.
        let loose = w.check(slower + ["--tolerance", "latency_mean_s=50%"])
        var after = Self.verdicts(loose.stdout)
        #expect(after["latency_mean_s"] == "within tolerance", "\(loose.stdout)")
        #expect(loose.code == 1, "the other regressions still fail")
        after["latency_mean_s"] = "regressed"
        #expect(after == before)
        // Loosening every metric that moved passes.
        let all = before.keys.sorted().flatMap { ["--tolerance", "\($0)=0.5"] }
        #expect(w.check(slower + all).code == 0)
    }

    @Test func anUnknownToleranceMetricIsBadUsage() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let result = w.check(["--tolerance", "latency_p99=1%"])
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("--tolerance latency_p99: no gated metric has this name"))
        #expect(result.stderr.contains("did you mean \"latency_p99_s\"?"))
        #expect(w.check(["--tolerance", "latency_p99_s=-1"]).code == 2)
        #expect(w.check(["--update", "--tolerance", "latency_p99_s=1%"]).code == 2)
    }

    @Test func aMissingBaselineExits2WithTheUpdateCommandAndWritesNothing() throws {
        let w = try Workspace()
        defer { w.remove() }
        let markdown = w.directory + "/check.md"
        let junit = w.directory + "/check.xml"
        let result = w.check(["--markdown", markdown, "--junit", junit])
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == "error: gate-mm1: no baseline at \(w.baselines)/gate-mm1.baseline.csv; "
                + "record it with: agentsim check \(w.scenario) --baseline \(w.baselines) --update\n")
        #expect(!CLITestSupport.exists(markdown) && !CLITestSupport.exists(junit))
    }

    /// With one baseline recorded and another missing, the fix re-records only the missing one.
    @Test func theUpdateCommandNamesOnlyTheScenariosWithoutABaseline() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let other = w.directory + "/other.json"
        try AtomicFile.write(
            CLICheckCommandTests.scenarioJSON.replacingOccurrences(of: "gate-mm1", with: "gate-other"),
            to: other)
        let result = CLITestSupport.run(
            ["check", w.scenario, other, "--baseline", w.baselines], environment: .live)
        #expect(result.code == 2)
        #expect(
            result.stderr == "error: gate-other: no baseline at \(w.baselines)/gate-other.baseline.csv; "
                + "record it with: agentsim check \(other) --baseline \(w.baselines) --update\n")
    }

    @Test func aForeignBaselineExits2() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        // Another scenario's baseline under this scenario's file name.
        let path = w.baselines + "/gate-mm1.baseline.csv"
        let text = try #require(CLITestSupport.read(path))
        try AtomicFile.write(
            text.replacingOccurrences(of: "# scenario: gate-mm1\n", with: "# scenario: support-desk\n"),
            to: path)
        let result = w.check()
        #expect(result.code == 2 && result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path) is the baseline of scenario 'support-desk', not of this one"))
        #expect(result.stderr.contains("--update"))
        // Not a baseline at all: exit 2, with the file and line.
        try AtomicFile.write("pattern,metric\n", to: path)
        let junk = w.check()
        #expect(junk.code == 2)
        #expect(junk.stderr.contains("\(path):1"), "\(junk.stderr)")
        #expect(junk.stderr.contains("not an AgentSim baseline"))
    }

    @Test func markdownAndJUnitParseAndMatchTheVerdicts() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.record()
        let markdown = w.directory + "/check.md"
        let junit = w.directory + "/check.xml"
        let result = w.check([
            "--set", "agents.server.latency.mean=1.25s", "--markdown", markdown, "--junit", junit,
        ])
        #expect(result.code == 1)
        let verdicts = Self.verdicts(result.stdout)
        #expect(!verdicts.isEmpty)

        let md = try #require(CLITestSupport.read(markdown))
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("| ") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
        #expect(rows.first == ["scenario", "status", "metrics as recorded", "note"])
        #expect(rows.dropFirst().first?.prefix(3) == ["gate-mm1", "FAIL", "\(12 - verdicts.count) of 12"])
        let header = [
            "scenario", "pattern", "metric", "baseline", "now", "change", "95% CI", "spread", "verdict",
        ]
        let metricRows = rows.drop { $0 != header }.dropFirst()
        #expect(metricRows.count == verdicts.count)
        for row in metricRows {
            #expect(row.count == header.count)
            let verdict = row[8] == "**regressed**" ? "regressed" : row[8]
            #expect(verdicts[row[2]] == verdict, "\(row)")
        }

        let cases = try JUnitCases(path: junit)
        #expect(cases.suites == ["gate-mm1"])
        #expect(cases.tests.count == GatedMetric.builtIn.count)
        #expect(Set(cases.tests.keys) == Set(GatedMetric.builtInNames.map { "pipeline." + $0 }))
        let failed = Set(cases.tests.filter { $0.value }.keys)
        #expect(failed == Set(verdicts.filter { $0.value == "regressed" }.keys.map { "pipeline." + $0 }))
        #expect(cases.declaredFailures == failed.count)
    }
}

/// The test cases of a JUnit XML file, read with Foundation's XML parser.
final class JUnitCases: NSObject, XMLParserDelegate {
    /// Test case name → whether it has a `<failure>`.
    var tests: [String: Bool] = [:]
    /// The `name` of each `<testsuite>`.
    var suites: [String] = []
    /// The root's `failures` attribute.
    var declaredFailures = -1
    private var current: String?

    init(path: String) throws {
        super.init()
        let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
        parser.delegate = self
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    }

    func parser(
        _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        switch element {
        case "testsuites": declaredFailures = Int(attributes["failures"] ?? "") ?? -1
        case "testsuite": suites.append(attributes["name"] ?? "")
        case "testcase":
            current = attributes["name"]
            tests[current ?? ""] = false
        case "failure": tests[current ?? ""] = true
        default: break
        }
    }
}
