import AgentSim
import Foundation

@testable import AgentSimCLI

/// The outcome of one in-process `agentsim` invocation.
struct CLIResult {
    var code: Int32
    var stdout: String
    var stderr: String
}

enum CLITestSupport {
    /// Runs `agentsim ARGUMENTS` in process with `environment` (fakes by default).
    static func run(_ arguments: [String], environment: CommandEnvironment = fakeEnvironment()) -> CLIResult {
        var context = CommandContext(out: TextBuffer(), err: TextBuffer(), environment: environment)
        let code = AgentSimCommand.run(arguments: arguments, context: &context)
        return CLIResult(
            code: code, stdout: (context.out as? TextBuffer)?.text ?? "",
            stderr: (context.err as? TextBuffer)?.text ?? "")
    }

    /// A small valid scenario value (built in code: the loader is not needed).
    static func scenario(name: String = "fake", seed: UInt64 = 100, replications: Int = 3) -> Scenario {
        Scenario(
            name: name, seed: seed,
            workload: WorkloadSpec(
                arrivals: .poisson(ratePerSecond: 1), jobs: 10,
                job: JobTemplateSpec(steps: [StepSpec(name: "serve", skill: "serve")])),
            agents: [AgentRoleSpec(name: "server", skills: ["serve"])],
            limits: RunLimits(replications: replications))
    }

    /// The summary the fake runner returns: distinct per replication, derived from the seed only.
    static func fakeSummary(_ scenario: Scenario, _ replication: Int) -> RunSummary {
        var run = RunSummary(
            scenario: scenario.name, pattern: scenario.pattern.name, replication: replication,
            seed: scenario.seed &+ UInt64(replication))
        run.jobsCompleted = 1_000 + replication
        run.throughputPerSecond = 0.8 + Double(replication) / 100
        run.latencyP50Seconds = 1.0 / 3.0
        run.latencyP99Seconds = 4.605_170_186
        run.messagesPerJob = 2
        run.llmCalls = 3_000
        run.costPerCompletedJobUSD = 0.012_345_6
        return run
    }

    /// A loader that returns `scenario` for every path and a runner that sleeps longer for earlier
    /// replications, so workers finish out of order.
    static func fakeEnvironment(
        _ scenario: Scenario = scenario(), warnings: [ScenarioWarning] = []
    ) -> CommandEnvironment {
        CommandEnvironment(
            loadScenario: { _, _ throws(ScenarioError) in (scenario, warnings) },
            runReplication: { scenario, replication in
                usleep(UInt32(max(0, 5 - replication)) * 2_000)
                return RunResult(
                    summary: fakeSummary(scenario, replication), ledger: Ledger(roles: [], prices: []),
                    series: [])
            })
    }

    /// A fresh empty directory.
    static func makeDirectory() -> String {
        let base =
            NSTemporaryDirectory().hasSuffix("/") ? NSTemporaryDirectory() : NSTemporaryDirectory() + "/"
        var template = Array("\(base)agentsim-cli-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        return template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
