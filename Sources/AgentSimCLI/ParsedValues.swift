/// The raw values the parser found for one command, with typed access for its initializer.
struct ParsedValues {
    /// The declaration the values were parsed against (for error messages).
    let configuration: CommandConfiguration
    /// Every value of every option, in command-line order, by long name.
    var options: [String: [String]] = [:]
    /// The flags given.
    var flags: Set<String> = []
    /// The values of each positional argument, by name.
    var arguments: [String: [String]] = [:]

    /// The value of a single-value option converted to `T`, or `nil` when absent; the last one wins.
    /// - Throws: ``UsageError`` when the value does not convert.
    func value<T: ExpressibleByArgument>(_ name: String, as type: T.Type = T.self) throws(UsageError) -> T? {
        guard let raw = options[name]?.last else { return nil }
        return try convert(raw, for: "'\(configuration.option(named: name)?.synopsis ?? "--\(name)")'")
    }

    /// Every value of a repeating option, in order.
    func values(_ name: String) -> [String] { options[name] ?? [] }

    /// Whether a flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a required positional argument converted to `T`.
    /// - Throws: ``UsageError`` when the value does not convert.
    func argument<T: ExpressibleByArgument>(_ name: String, as type: T.Type = T.self) throws(UsageError) -> T
    {
        guard let raw = arguments[name]?.first else {
            throw UsageError("missing expected argument '<\(name)>'")
        }
        return try convert(raw, for: "'<\(name)>'")
    }

    /// Every value of a positional argument (for `oneOrMore` and `optional` ones).
    func argumentValues(_ name: String) -> [String] { arguments[name] ?? [] }

    private func convert<T: ExpressibleByArgument>(_ raw: String, for what: String) throws(UsageError) -> T {
        guard let value = T(argument: raw) else {
            throw UsageError("the value '\(raw)' is invalid for \(what): expected \(T.expectation)")
        }
        return value
    }
}

/// A type an argument string converts to.
protocol ExpressibleByArgument {
    /// The value, or `nil` when `argument` is not one.
    init?(argument: String)
    /// What a valid value looks like, for error messages ("a non-negative integer").
    static var expectation: String { get }
}

extension String: ExpressibleByArgument {
    init?(argument: String) { self = argument }
    static var expectation: String { "a string" }
}

extension Int: ExpressibleByArgument {
    init?(argument: String) { self.init(argument) }
    static var expectation: String { "an integer" }
}

extension UInt64: ExpressibleByArgument {
    init?(argument: String) { self.init(argument) }
    static var expectation: String { "an integer in 0...\(UInt64.max)" }
}
