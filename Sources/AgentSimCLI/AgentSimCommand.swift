import AgentSim
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `agentsim` command-line tool.
///
/// Exit codes (ARCHITECTURE.md §3): 0 success; 1 the run worked but a check failed; 2 bad usage or
/// bad input, in which case nothing is written.
public enum AgentSimCommand {
    /// Parses the process arguments, runs the command, and exits with its status.
    public static func main() { main(registering: [], programName: "agentsim") }

    /// The whole `agentsim` tool for your own coordinators: registers `patterns` (see
    /// ``PatternRegistry/register(_:)``) so scenario files name them, then runs like ``main()``.
    ///
    /// A package's executable target is then one line:
    ///
    /// ```swift
    /// AgentSimCommand.main(registering: [WorkStealingPattern.self])
    /// ```
    ///
    /// and `run`, `compare`, `chaos`, `check` and `validate` all accept scenarios that use them.
    /// - Parameters:
    ///   - patterns: Your pattern definitions.
    ///   - programName: The name printed in replay and update commands; default: the executable's
    ///     file name.
    public static func main(registering patterns: [any PatternDefinition.Type], programName: String? = nil) {
        PatternRegistry.register(patterns)
        var environment = CommandEnvironment.live
        environment.programName =
            programName ?? CommandLine.arguments.first.map {
                String($0.split(separator: "/").last ?? "agentsim")
            }
            ?? "agentsim"
        environment.executable =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first
        var context = CommandContext(
            out: StandardStream(descriptor: 1), err: StandardStream(descriptor: 2), environment: environment)
        exit(run(arguments: Array(CommandLine.arguments.dropFirst()), context: &context))
    }

    /// Runs the tool on `arguments` (without the program name), writing to the given streams.
    ///
    /// - Parameters:
    ///   - arguments: The command line after `agentsim`, e.g. `["run", "s.json", "--seed", "3"]`.
    ///   - stdout: Receives results and help.
    ///   - stderr: Receives errors, warnings and wall-clock timings.
    /// - Returns: The exit code.
    public static func run(
        arguments: [String], stdout: inout some TextOutputStream, stderr: inout some TextOutputStream
    ) -> Int32 {
        var context = CommandContext(out: TextBuffer(), err: TextBuffer(), environment: .live)
        let code = run(arguments: arguments, context: &context)
        stdout.write((context.out as? TextBuffer)?.text ?? "")
        stderr.write((context.err as? TextBuffer)?.text ?? "")
        return code
    }

    /// Runs the tool in `context` (tests pass fake loaders and runners through it).
    static func run(arguments: [String], context: inout CommandContext) -> Int32 {
        do {
            switch try CommandLineParser.parse(arguments, root: RootCommand.self) {
            case .help(let path):
                context.out.write(HelpFormatter.help(path))
                return ExitCode.success
            case .run(let command, _):
                return command.run(&context)
            }
        } catch {
            context.printError("error: \(error.error.message)")
            context.printError(HelpFormatter.usageHint(error.path))
            return ExitCode.usage
        }
    }
}

/// `agentsim`: dispatches to the subcommands.
struct RootCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "agentsim",
            abstract: "A deterministic discrete-event simulator for multi-agent AI systems.",
            discussion: """
                Runs coordination patterns on a virtual clock and writes CSV metrics: throughput, \
                latency, messages and cost. The same scenario and seed give byte-identical CSV.

                Exit codes: 0 success; 1 the run worked but a check failed; 2 bad usage or bad \
                input (nothing is written then).
                """,
            subcommands: [
                RunCommand.self, CompareCommand.self, ChaosCommand.self, CheckCommand.self,
                ValidateCommand.self, CalibrateCommand.self, SweepCommand.self, MergeCommand.self,
                ReportCommand.self,
            ]
        )
    }

    init(parsed: ParsedValues) {}
}
