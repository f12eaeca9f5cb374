import AgentSim
import Testing

@testable import AgentSimCLI

@Suite struct CLIParsingTests {
    func parseRun(_ arguments: [String]) throws -> RunCommand {
        guard
            case .run(let command, _) = try CommandLineParser.parse(
                ["run"] + arguments, root: RootCommand.self)
        else { throw UsageError("expected a command") }
        return try #require(command as? RunCommand)
    }

    /// The usage error of `agentsim ARGUMENTS`, checking the exit code and the usage hint.
    func usageError(_ arguments: [String]) -> String {
        let result = CLITestSupport.run(arguments)
        #expect(result.code == 2)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\nUsage: agentsim"))
        #expect(result.stderr.contains("--help' for more information."))
        return String(result.stderr.prefix { $0 != "\n" })
    }

    @Test func unknownOptionSuggestsTheClosest() {
        #expect(
            usageError(["run", "s.json", "--sed", "4"])
                == "error: unknown option '--sed'; did you mean '--seed'?")
        #expect(usageError(["run", "s.json", "--replication=4"]).hasSuffix("did you mean '--replications'?"))
        #expect(usageError(["run", "s.json", "--outt", "x"]).hasSuffix("did you mean '--out'?"))
        #expect(usageError(["run", "s.json", "--zzzzzz"]) == "error: unknown option '--zzzzzz'")
        #expect(usageError(["run", "s.json", "-x"]) == "error: unknown option '-x'")
        #expect(usageError(["--verbose"]) == "error: unknown option '--verbose'")
    }

    @Test func unknownSubcommandSuggestsTheClosest() {
        #expect(usageError(["rn", "s.json"]) == "error: unknown subcommand 'rn'; did you mean 'run'?")
        #expect(usageError(["valdate"]) == "error: unknown subcommand 'valdate'; did you mean 'validate'?")
        #expect(
            usageError(["comapre", "s.json"])
                == "error: unknown subcommand 'comapre'; did you mean 'compare'?")
        #expect(
            usageError(["chaoss", "s.json"]) == "error: unknown subcommand 'chaoss'; did you mean 'chaos'?")
        #expect(usageError(["help", "nope"]).hasPrefix("error: unknown subcommand 'nope'"))
    }

    @Test func missingPiecesAreUsageErrors() {
        #expect(usageError([]) == "error: missing subcommand")
        #expect(usageError(["run"]) == "error: missing expected argument '<scenario>'")
        #expect(usageError(["validate"]) == "error: missing expected argument '<scenario>'")
        #expect(usageError(["run", "s.json", "--seed"]) == "error: missing value for '--seed <n>'")
        #expect(
            usageError(["run", "--out", "--seed", "1", "s.json"]) == "error: missing value for '--out <dir>'")
    }

    @Test func badValuesAreUsageErrors() {
        #expect(
            usageError(["run", "s.json", "--seed", "abc"])
                == "error: the value 'abc' is invalid for '--seed <n>': expected an integer in 0...18446744073709551615"
        )
        #expect(usageError(["run", "s.json", "--seed=-1"]).hasPrefix("error: the value '-1' is invalid"))
        #expect(usageError(["run", "s.json", "--replications", "two"]).hasPrefix("error: the value 'two'"))
        #expect(
            usageError(["run", "s.json", "--replications", "0"])
                == "error: --replications must be in 1...100000, got 0")
        #expect(
            usageError(["run", "s.json", "--replications", "-3"]).hasPrefix("error: --replications must be"))
        #expect(
            usageError(["run", "s.json", "--set", "workload.jobs"]).hasPrefix(
                "error: --set expects PATH=VALUE"))
        #expect(usageError(["run", "s.json", "--set", "=5"]).hasPrefix("error: --set expects PATH=VALUE"))
        #expect(usageError(["run", "s.json", "--out="]) == "error: --out needs a folder name")
        #expect(usageError(["run", "a.json", "b.json"]) == "error: unexpected argument 'b.json'")
    }

    @Test func usageErrorsWriteNothing() throws {
        let directory = CLITestSupport.makeDirectory()
        let out = "\(directory)/out"
        #expect(CLITestSupport.run(["run", "s.json", "--out", out, "--seed", "x"]).code == 2)
        #expect(!CLITestSupport.exists(out))
    }

    @Test func optionsParseInEveryForm() throws {
        let command = try parseRun([
            "--seed=5", "s.json", "--set", "a.b=1", "--replications", "7", "--set=c=2", "--seed", "9",
            "--out", "o",
        ])
        #expect(command.scenarioPath == "s.json")
        #expect(command.seed == 9)  // the last one wins
        #expect(command.replications == 7)
        #expect(command.overrides == ["a.b=1", "c=2"])  // order kept; only the first '=' splits
        #expect(command.outputDirectory == "o")

        let defaults = try parseRun(["s.json"])
        #expect(defaults.seed == nil && defaults.replications == nil && defaults.overrides.isEmpty)
        #expect(defaults.outputDirectory == nil)
    }

    @Test func doubleDashEndsOptions() throws {
        #expect(try parseRun(["--", "--odd-name.json"]).scenarioPath == "--odd-name.json")
        #expect(try parseRun(["--seed", "3", "--", "-h"]).scenarioPath == "-h")
    }

    @Test func validateTakesOneOrMoreFiles() throws {
        let outcome = try CommandLineParser.parse(["validate", "a.json", "b.json"], root: RootCommand.self)
        guard case .run(let command, _) = outcome else {
            Issue.record("expected a command")
            return
        }
        #expect((command as? ValidateCommand)?.scenarioPaths == ["a.json", "b.json"])
    }

    @Test func optionSuggestionsUseTheScenarioLayersClosestKey() {
        // One edit-distance implementation serves both layers (ClosestKey, tested with the
        // scenario errors); here only the CLI's use of it.
        #expect(ClosestKey.suggestion(for: "sed", among: ["seed", "set", "out"]) == "seed")
        #expect(ClosestKey.suggestion(for: "replicatons", among: ["seed", "replications"]) == "replications")
        #expect(ClosestKey.suggestion(for: "xyz", among: ["seed", "out"]) == nil)
    }
}
