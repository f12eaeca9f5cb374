import AgentSim

/// A command: a value built from parsed arguments, checked by `validate()`, then run.
///
/// This is swift-argument-parser's shape, by hand: ``configuration`` declares the arguments and
/// options once, and both parsing and `--help` are generated from it.
protocol ParsableCommand: Sendable {
    /// The declaration of the command's name, help, arguments, options and subcommands.
    static var configuration: CommandConfiguration { get }

    /// Builds the command from the parsed values (converting them to their types).
    init(parsed: ParsedValues) throws(UsageError)

    /// Checks the values together, before anything runs; the default accepts everything.
    func validate() throws(UsageError)

    /// Runs the command and returns its exit code (see ``ExitCode``).
    func run(_ context: inout CommandContext) -> Int32
}

extension ParsableCommand {
    func validate() throws(UsageError) {}

    /// Dispatchers (commands with subcommands) are never run; they satisfy the requirement.
    func run(_ context: inout CommandContext) -> Int32 { ExitCode.usage }
}

/// The exit codes of ARCHITECTURE.md §3.
enum ExitCode {
    /// Success.
    static let success: Int32 = 0
    /// The run worked but a check failed (an invariant broke, a regression was found).
    static let checkFailed: Int32 = 1
    /// Bad usage or bad input; nothing was written.
    static let usage: Int32 = 2
}

/// A usage mistake: rendered as `error: MESSAGE`, the command's usage line and a `--help` hint, and
/// exit code 2.
struct UsageError: Error, Equatable {
    /// What is wrong, in one line.
    var message: String
    /// Creates an error.
    init(_ message: String) { self.message = message }
}

/// Where a command writes and what it runs with.
struct CommandContext {
    /// Standard output: results.
    var out: any TextOutputStream
    /// Standard error: errors, warnings, wall-clock timings.
    var err: any TextOutputStream
    /// The loader and the runner (real ones, or fakes in tests).
    var environment: CommandEnvironment

    /// Writes `text` and a newline to standard output.
    mutating func print(_ text: String) { out.write(text + "\n") }

    /// Writes `text` and a newline to standard error.
    mutating func printError(_ text: String) { err.write(text + "\n") }
}

/// The library entry points commands call, replaceable so commands can be tested on their own.
struct CommandEnvironment: Sendable {
    /// Loads, overrides and validates a scenario file (``ScenarioLoader/load(path:overrides:)``).
    var loadScenario:
        @Sendable (_ path: String, _ overrides: [String]) throws(ScenarioError) -> (
            scenario: Scenario, warnings: [ScenarioWarning]
        )
    /// Runs one replication (``ScenarioRunner/detailedRun(_:replication:)``).
    var runReplication: @Sendable (_ scenario: Scenario, _ replication: Int) -> RunResult
    /// The `agentsim` executable, when commands may run it again in a child process (a fresh hash
    /// seed, for `chaos --check-determinism`); `nil` in tests, where commands run in process.
    var executable: String? = nil
    /// The program's name in commands printed for the user to run (`agentsim`, or a user's own
    /// binary built on ``AgentSimCommand``).
    var programName = "agentsim"

    /// The library's own loader and runner.
    static let live = CommandEnvironment(
        loadScenario: { path, overrides throws(ScenarioError) in
            try ScenarioLoader.load(path: path, overrides: overrides)
        },
        runReplication: { scenario, replication in
            ScenarioRunner.detailedRun(scenario, replication: replication)
        }
    )
}

/// An in-memory output stream.
struct TextBuffer: TextOutputStream {
    /// Everything written so far.
    var text = ""
    mutating func write(_ string: String) { text += string }
}
