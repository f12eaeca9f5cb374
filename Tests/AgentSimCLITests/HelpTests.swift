import AgentSim
import Testing

@testable import AgentSimCLI

@Suite struct HelpTests {
    /// `text` with every run of spaces and newlines collapsed to one space, so wrapped descriptions
    /// can be searched.
    static func flattened(_ text: String) -> String {
        text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    @Test func rootHelpListsUsageAndCommands() {
        let result = CLITestSupport.run(["--help"])
        #expect(result.code == 0 && result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("OVERVIEW: "))
        #expect(result.stdout.contains("USAGE: agentsim <subcommand>\n"))
        #expect(result.stdout.contains("-h, --help"))
        for command in RootCommand.configuration.subcommands {
            #expect(result.stdout.contains("\n  \(command.configuration.name) "))
        }
        #expect(result.stdout.contains("\n  run "))
        #expect(result.stdout.contains("\n  validate "))
        #expect(result.stdout.contains("\n  chaos "))
        #expect(result.stdout.contains("Exit codes: 0 success; 1"))
    }

    @Test(arguments: ["run", "validate", "chaos", "check"])
    func everyCommandHelpShowsUsageArgumentsAndEveryOption(command: String) throws {
        let result = CLITestSupport.run([command, "--help"])
        #expect(result.code == 0 && result.stderr.isEmpty)
        let type = try #require(
            RootCommand.configuration.subcommands.first { $0.configuration.name == command })
        let configuration = type.configuration
        #expect(result.stdout.hasPrefix("OVERVIEW: \(configuration.abstract)\n"))
        #expect(result.stdout.contains("USAGE: agentsim \(command) "))
        for argument in configuration.arguments { #expect(result.stdout.contains("  <\(argument.name)>")) }
        for option in configuration.options {
            let synopsis =
                option.kind == .flag ? "  --\(option.name)" : "  --\(option.name) <\(option.valueName)>"
            #expect(result.stdout.contains(synopsis))
            #expect(Self.flattened(result.stdout).contains(Self.flattened(option.help)))
            if let value = option.defaultDescription {
                #expect(Self.flattened(result.stdout).contains("(default: \(value))"))
            }
        }
        #expect(result.stdout.contains("  -h, --help"))
    }

    @Test func runHelpHasTheContractUsage() {
        let help = CLITestSupport.run(["run", "--help"]).stdout
        #expect(
            help.contains(
                "USAGE: agentsim run <scenario> [--seed <n>] [--replications <n>] [--set <path=value> ...] "
                    + "[--out <dir>] [--check]"))
        for option in ["--seed <n>", "--replications <n>", "--set <path=value>", "--out <dir>"] {
            #expect(help.contains(option))
        }
        #expect(Self.flattened(help).contains("(default: results/<scenario name>/)"))
        #expect(Self.flattened(help).contains("e.g. agents.worker.count=8. Can be repeated."))
    }

    @Test func checkHelpHasTheContractUsage() {
        let help = CLITestSupport.run(["check", "--help"]).stdout
        #expect(
            help.contains(
                "USAGE: agentsim check <scenario> ... [--baseline <dir>] [--update] [--set <path=value> ...] "
                    + "[--tolerance <metric=rel> ...] [--markdown <file>] [--junit <file>]\n"))
        let flat = Self.flattened(help)
        #expect(flat.contains("(default: results/baselines/)"))
        #expect(
            flat.contains(
                "Exit codes: 0 no metric got worse beyond its tolerance; 1 a regression; 2 a missing"))
        for metric in GatedMetric.builtInNames { #expect(flat.contains(metric)) }
    }

    @Test func validateHelpIsExactlyThis() {
        #expect(
            CLITestSupport.run(["validate", "--help"]).stdout == """
                OVERVIEW: Check scenario files without running them.

                Prints 'ok: FILE' for each valid file, its warnings to standard error, and for
                an invalid one where and what the first problem is. Exit code 2 when any file is
                invalid.

                USAGE: agentsim validate <scenario> ...

                ARGUMENTS:
                  <scenario>              The scenario files (JSON).

                OPTIONS:
                  -h, --help              Show help information.

                """)
    }

    @Test func helpSpellingsAgree() {
        let long = CLITestSupport.run(["run", "--help"]).stdout
        #expect(CLITestSupport.run(["run", "-h"]).stdout == long)
        #expect(CLITestSupport.run(["help", "run"]).stdout == long)
        #expect(CLITestSupport.run(["run", "s.json", "--bogus", "--help"]).stdout == long)  // help wins
        #expect(CLITestSupport.run(["-h"]).stdout == CLITestSupport.run(["help"]).stdout)
    }

    @Test func helpLinesFitTheTerminal() {
        for arguments in [["--help"], ["run", "--help"], ["validate", "--help"]] {
            for line in CLITestSupport.run(arguments).stdout.split(separator: "\n")
            where !line.hasPrefix("USAGE:") {
                #expect(line.count <= HelpFormatter.lineWidth, "\(line)")
            }
        }
    }
}
