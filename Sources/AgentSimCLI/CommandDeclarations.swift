/// What a command declares about itself: its name, its help text, its arguments, options and
/// subcommands. Parsing, `--help` and usage lines are all generated from this one declaration.
struct CommandConfiguration {
    /// The name users type, e.g. `run`.
    var name: String
    /// One sentence: what the command does (the OVERVIEW line and the subcommand list entry).
    var abstract: String
    /// More paragraphs for `--help` (may be empty).
    var discussion: String = ""
    /// Positional arguments, in order.
    var arguments: [ArgumentDeclaration] = []
    /// Options and flags (`--help` is implied and not listed here).
    var options: [OptionDeclaration] = []
    /// Nested commands; a command with subcommands is a dispatcher and is never run itself.
    var subcommands: [any ParsableCommand.Type] = []

    /// The option whose long name or short name is `name` (without dashes).
    func option(named name: String) -> OptionDeclaration? {
        options.first { $0.name == name }
    }

    /// The option with the one-letter name `letter`.
    func option(short letter: Character) -> OptionDeclaration? {
        options.first { $0.shortName == letter }
    }
}

/// A named option (`--seed 7`, `--seed=7`) or flag (`--verbose`).
struct OptionDeclaration: Sendable {
    /// Whether the option takes a value, and how many times it may appear.
    enum Kind: Sendable, Equatable {
        /// Takes a value; given more than once, the last one wins (as in swift-argument-parser).
        case single
        /// Takes a value; every occurrence is kept, in order.
        case repeating
        /// Takes no value.
        case flag
    }

    /// The long name without the leading `--`.
    var name: String
    /// The one-letter name without the leading `-`, if any.
    var shortName: Character?
    /// The kind.
    var kind: Kind
    /// The placeholder shown in help, e.g. `n` for `--seed <n>`; empty for flags.
    var valueName: String
    /// What the option does.
    var help: String
    /// What applies when the option is absent, shown as `(default: ...)`.
    var defaultDescription: String?

    /// An option taking one value.
    static func single(
        _ name: String, short: Character? = nil, valueName: String, help: String, default: String? = nil
    ) -> OptionDeclaration {
        OptionDeclaration(
            name: name, shortName: short, kind: .single, valueName: valueName, help: help,
            defaultDescription: `default`)
    }

    /// An option that may be given several times.
    static func repeating(_ name: String, short: Character? = nil, valueName: String, help: String)
        -> OptionDeclaration
    {
        OptionDeclaration(
            name: name, shortName: short, kind: .repeating, valueName: valueName, help: help,
            defaultDescription: nil)
    }

    /// A flag.
    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionDeclaration {
        OptionDeclaration(
            name: name, shortName: short, kind: .flag, valueName: "", help: help, defaultDescription: nil)
    }

    /// `--name <value>`, `--name <value> ...` or `--name`, as in usage lines and errors.
    var synopsis: String {
        switch kind {
        case .flag: "--\(name)"
        case .single: "--\(name) <\(valueName)>"
        case .repeating: "--\(name) <\(valueName)> ..."
        }
    }
}

/// A positional argument.
struct ArgumentDeclaration: Sendable {
    /// How many values the argument takes.
    enum Arity: Sendable, Equatable {
        /// Exactly one.
        case one
        /// Zero or one.
        case optional
        /// One or more; only the last argument may have this arity.
        case oneOrMore
    }

    /// The placeholder, e.g. `scenario` for `<scenario>`.
    var name: String
    /// What the argument is.
    var help: String
    /// How many values.
    var arity: Arity = .one

    /// `<name>`, `[<name>]` or `<name> ...`.
    var synopsis: String {
        switch arity {
        case .one: "<\(name)>"
        case .optional: "[<\(name)>]"
        case .oneOrMore: "<\(name)> ..."
        }
    }
}
