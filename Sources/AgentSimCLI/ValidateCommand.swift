import AgentSim

/// `agentsim validate SCENARIO.json...`.
struct ValidateCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "validate",
            abstract: "Check scenario files without running them.",
            discussion: """
                Prints 'ok: FILE' for each valid file, its warnings to standard error, and for an \
                invalid one where and what the first problem is. Exit code 2 when any file is invalid.
                """,
            arguments: [
                ArgumentDeclaration(name: "scenario", help: "The scenario files (JSON).", arity: .oneOrMore)
            ]
        )
    }

    /// The files to check, in the order given.
    var scenarioPaths: [String]

    init(parsed: ParsedValues) {
        scenarioPaths = parsed.argumentValues("scenario")
    }

    func run(_ context: inout CommandContext) -> Int32 {
        var failures = 0
        for path in scenarioPaths {
            do {
                let loaded = try context.environment.loadScenario(path, [])
                context.print("ok: \(path)")
                for warning in loaded.warnings { context.printError(warning.description) }
            } catch {
                context.printError(error.description)
                failures += 1
            }
        }
        return failures == 0 ? ExitCode.success : ExitCode.usage
    }
}
