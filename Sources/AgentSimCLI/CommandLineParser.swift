import AgentSim

/// Turns `argv` into a ready-to-run command (or a help request) by walking the declarations.
///
/// Conventions, as in swift-argument-parser: `--name value` and `--name=value`; `-h`/`--help`
/// anywhere before `--` asks for help and wins over other mistakes; `--` ends the options; a value
/// that looks like a negative number is a value, not an option; a single-value option given twice
/// keeps the last value.
enum CommandLineParser {
    /// What the command line asks for.
    enum Outcome {
        /// Print the help of the last command of the path.
        case help([any ParsableCommand.Type])
        /// Run this validated command, reached through the path.
        case run(any ParsableCommand, [any ParsableCommand.Type])
    }

    /// A usage mistake, with the command whose usage line should be shown.
    struct Failure: Error {
        var error: UsageError
        var path: [any ParsableCommand.Type]
    }

    /// Parses `arguments` (without the program name) against `root` and its subcommands.
    static func parse(_ arguments: [String], root: any ParsableCommand.Type) throws(Failure) -> Outcome {
        var path: [any ParsableCommand.Type] = [root]
        var rest = arguments[...]
        while let current = path.last, !current.configuration.subcommands.isEmpty {
            let subcommands = current.configuration.subcommands
            guard let first = rest.first else {
                throw Failure(error: UsageError("missing subcommand"), path: path)
            }
            if isHelp(first) { return .help(path) }
            if first == "help", !subcommands.contains(where: { $0.configuration.name == "help" }) {
                return .help(try resolve(Array(rest.dropFirst()), from: path))
            }
            if first.hasPrefix("-") {
                throw Failure(error: unknownOption(first, among: current.configuration), path: path)
            }
            path.append(try subcommand(first, of: path))
            rest = rest.dropFirst()
        }
        do throws(UsageError) {
            let command = try parseLeaf(rest, as: path.last!)
            guard let command else { return .help(path) }
            try command.validate()
            return .run(command, path)
        } catch {
            throw Failure(error: error, path: path)
        }
    }

    private static func isHelp(_ token: String) -> Bool { token == "-h" || token == "--help" }

    /// The subcommand of the end of `path` called `name`.
    private static func subcommand(_ name: String, of path: [any ParsableCommand.Type]) throws(Failure)
        -> any ParsableCommand.Type
    {
        let subcommands = path.last!.configuration.subcommands
        if let match = subcommands.first(where: { $0.configuration.name == name }) { return match }
        let names = subcommands.map { $0.configuration.name }
        let hint = ClosestKey.suggestion(for: name, among: names).map { "; did you mean '\($0)'?" } ?? ""
        throw Failure(error: UsageError("unknown subcommand '\(name)'\(hint)"), path: path)
    }

    /// The path named by `help NAME...`.
    private static func resolve(_ names: [String], from path: [any ParsableCommand.Type]) throws(Failure)
        -> [any ParsableCommand.Type]
    {
        var path = path
        for name in names { path.append(try subcommand(name, of: path)) }
        return path
    }

    private static func unknownOption(_ token: String, among configuration: CommandConfiguration)
        -> UsageError
    {
        let name = token.drop { $0 == "-" }.prefix { $0 != "=" }
        let shown = token.hasPrefix("--") ? "--\(name)" : token
        let names = configuration.options.map(\.name) + ["help"]
        let hint =
            ClosestKey.suggestion(for: String(name), among: names).map { "; did you mean '--\($0)'?" } ?? ""
        return UsageError("unknown option '\(shown)'\(hint)")
    }

    private static func looksLikeNegativeNumber(_ token: String) -> Bool {
        token.count > 1 && token.hasPrefix("-") && Double(token) != nil
    }

    /// The command built from the leaf's tokens, or `nil` when they ask for help.
    private static func parseLeaf(_ tokens: ArraySlice<String>, as command: any ParsableCommand.Type)
        throws(UsageError) -> (any ParsableCommand)?
    {
        let configuration = command.configuration
        if tokens.prefix(while: { $0 != "--" }).contains(where: isHelp) { return nil }
        var values = ParsedValues(configuration: configuration)
        var positionals: [String] = []
        var index = tokens.startIndex
        var optionsEnded = false
        while index < tokens.endIndex {
            let token = tokens[index]
            index += 1
            if optionsEnded || !token.hasPrefix("-") || token == "-" || looksLikeNegativeNumber(token) {
                positionals.append(token)
                continue
            }
            if token == "--" {
                optionsEnded = true
                continue
            }
            var inline: String?
            var declaration: OptionDeclaration?
            if token.hasPrefix("--") {
                let body = token.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                if name.count < body.count { inline = String(body.dropFirst(name.count + 1)) }
                declaration = configuration.option(named: String(name))
            } else if token.count == 2 {
                declaration = configuration.option(short: token.last!)
            }
            guard let declaration else { throw unknownOption(token, among: configuration) }
            switch declaration.kind {
            case .flag:
                if inline != nil { throw UsageError("'--\(declaration.name)' takes no value") }
                values.flags.insert(declaration.name)
            case .single, .repeating:
                let value: String
                if let inline {
                    value = inline
                } else if index < tokens.endIndex, !tokens[index].hasPrefix("--") {
                    value = tokens[index]
                    index += 1
                } else {
                    throw UsageError("missing value for '--\(declaration.name) <\(declaration.valueName)>'")
                }
                values.options[declaration.name, default: []].append(value)
            }
        }
        try assign(positionals, to: &values)
        return try command.init(parsed: values)
    }

    /// Hands positional values to the declared arguments, in order.
    private static func assign(_ positionals: [String], to values: inout ParsedValues) throws(UsageError) {
        var remaining = positionals[...]
        for argument in values.configuration.arguments {
            switch argument.arity {
            case .one:
                guard let value = remaining.popFirst() else {
                    throw UsageError("missing expected argument '<\(argument.name)>'")
                }
                values.arguments[argument.name] = [value]
            case .optional:
                if let value = remaining.popFirst() { values.arguments[argument.name] = [value] }
            case .oneOrMore:
                guard !remaining.isEmpty else {
                    throw UsageError("missing expected argument '<\(argument.name)>'")
                }
                values.arguments[argument.name] = Array(remaining)
                remaining = []
            }
        }
        if let extra = remaining.first { throw UsageError("unexpected argument '\(extra)'") }
    }
}
