import AgentSim
import Testing

@testable import AgentSimCLI

/// Bad input found only after running (a fixed warm-up longer than the run) is located like any
/// other: FILE:LINE:COL of the value, or the `--set` that gave it, and nothing is written.
@Suite struct CLILocatedAfterRunTests {
    /// Ten jobs at 1/s end long before the 2000 s warm-up (found by the fuzz harness, case 178).
    static let text = """
        {"name": "short", "seed": 1,
         "workload": {"arrivals": {"process": "poisson", "rate": "1/s"}, "jobs": 10,
                      "warmup": "2000s",
           "job": {"steps": [{"name": "serve", "skill": "s"}]}},
         "agents": {"server": {"skills": ["s"], "latency": {"dist": "exponential", "mean": "0.5s"}}}}
        """

    @Test func aWarmupLongerThanTheRunNamesItsLineAndColumn() throws {
        let dir = CLITestSupport.makeDirectory()
        try AtomicFile.write(Self.text, to: "\(dir)/short.json")
        let r = CLITestSupport.run(
            ["run", "\(dir)/short.json", "--out", "\(dir)/out"], environment: .live)
        #expect(r.code == 2)
        // Line 3, column 25 (14 spaces and `"warmup": ` before it): where "2000s" starts in the file above.
        #expect(
            r.stderr.contains("\(dir)/short.json:3:25: workload.warmup: the warm-up (2000s)"), "\(r.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/out"))
        let set = CLITestSupport.run(
            ["compare", "\(dir)/short.json", "--set", "workload.warmup=3000s", "--out", "\(dir)/c"],
            environment: .live)
        #expect(set.code == 2)
        #expect(
            set.stderr.contains("--set workload.warmup: workload.warmup: the warm-up (50m)"),
            "\(set.stderr)")
        #expect(!CLITestSupport.exists("\(dir)/c"))
    }
}
