import AgentSim
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The built `agentsim` binary as a job-array engine runs it: one process per shard, each told its
/// index by its engine's variable, then `merge`; and a sweep killed with SIGKILL, then resumed.
@Suite(.serialized) struct CLISweepProcessTests {
    static let scenarioJSON = """
        {
          "name": "sweep-mm1",
          "seed": 11,
          "workload": {
            "arrivals": { "process": "poisson", "rate": "0.8/s" },
            "jobs": 5000,
            "job": { "steps": [ { "name": "serve", "skill": "serve" } ] }
          },
          "agents": {
            "server": { "count": 1, "skills": ["serve"], "latency": { "dist": "exponential", "mean": "1s" } }
          },
          "pattern": { "type": "pipeline" }
        }
        """

    static let indexVariables = Shard.indexVariables + ["SLURM_ARRAY_TASK_MIN"]

    /// A started `agentsim ARGUMENTS` in `directory` with `variables` added to a copy of this
    /// process's environment from which every shard index variable was removed.
    static func start(_ arguments: [String], in directory: String, variables: [String: String] = [:]) throws
        -> Process
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try CLIRunEndToEndTests.binary())
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        for name in indexVariables { environment[name] = nil }
        process.environment = environment.merging(variables) { $1 }
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = "\(directory)/.stderr-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        return process
    }

    static func sweep(_ extra: [String]) -> [String] {
        ["sweep", "scenario.json", "--vary", "workload.arrivals.rate=0.50..0.73:0.01", "--replications", "1"]
            + extra
    }

    /// Three shard processes, each finding its index the way its engine gives it (a Kubernetes
    /// Indexed Job, a Slurm array numbered from 10, a plain variable), run at once; `merge` of their
    /// folders is the unsharded sweep byte for byte.
    @Test func shardProcessesWithEachEnginesVariableMerge() throws {
        let dir = CLITestSupport.makeDirectory()
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/scenario.json")
        let engines: [[String: String]] = [
            ["JOB_COMPLETION_INDEX": "0"], ["SLURM_ARRAY_TASK_ID": "11", "SLURM_ARRAY_TASK_MIN": "10"],
            ["AGENTSIM_SHARD_INDEX": "2"],
        ]
        let shards = try engines.enumerated().map { index, variables in
            try Self.start(
                Self.sweep(["--shard", "auto/3", "--out", "s\(index)"]), in: dir, variables: variables)
        }
        let whole = try Self.start(Self.sweep(["--out", "whole"]), in: dir)
        for process in shards + [whole] {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        for index in 0..<3 {
            let manifest = try #require(CLITestSupport.read("\(dir)/s\(index)/manifest.txt"))
            #expect(manifest.contains("shard: \(index)/3\n"))
        }
        let merge = try Self.start(["merge", "s2", "s1", "s0", "--out", "merged"], in: dir)
        merge.waitUntilExit()
        #expect(merge.terminationStatus == 0)
        for name in ["sweep.csv", "analysis.csv"] {
            let expected = try #require(CLITestSupport.read("\(dir)/whole/\(name)"))
            #expect(CLITestSupport.read("\(dir)/merged/\(name)") == expected, "\(name)")
        }
        // No index variable at all: exit 2 and nothing written.
        let lost = try Self.start(Self.sweep(["--shard", "auto/3", "--out", "lost"]), in: dir)
        lost.waitUntilExit()
        #expect(lost.terminationStatus == 2)
        #expect(!CLITestSupport.exists("\(dir)/lost"))
    }

    /// SIGKILL after the first points are kept, the same command again, and the bytes of an
    /// uninterrupted sweep.
    @Test func killedSweepResumesToTheSameBytes() throws {
        let dir = CLITestSupport.makeDirectory()
        try AtomicFile.write(Self.scenarioJSON, to: "\(dir)/scenario.json")
        // One thread: points run in batches of 8, so the kill lands with 8 or 16 of 24 points kept.
        let command = Self.sweep(["--threads", "1", "--out", "killed"])
        let victim = try Self.start(command, in: dir)
        let first = SweepFiles.rowsPath(0, in: "\(dir)/killed")
        let deadline = Date().addingTimeInterval(300)
        while !FileManager.default.fileExists(atPath: first) && victim.isRunning && Date() < deadline {
            usleep(2_000)
        }
        kill(victim.processIdentifier, SIGKILL)
        victim.waitUntilExit()
        #expect(victim.terminationReason == .uncaughtSignal)
        #expect(CLITestSupport.exists(first))
        #expect(!CLITestSupport.exists("\(dir)/killed/sweep.csv"))

        let resumed = try Self.start(command, in: dir)
        resumed.waitUntilExit()
        #expect(resumed.terminationStatus == 0)
        let whole = try Self.start(Self.sweep(["--out", "whole"]), in: dir)
        whole.waitUntilExit()
        #expect(whole.terminationStatus == 0)
        for name in ["sweep.csv", "analysis.csv"] {
            let expected = try #require(CLITestSupport.read("\(dir)/whole/\(name)"))
            #expect(CLITestSupport.read("\(dir)/killed/\(name)") == expected, "\(name)")
        }
    }
}
