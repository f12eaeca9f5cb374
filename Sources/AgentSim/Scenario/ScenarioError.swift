/// A problem with a scenario file: where it is, what is wrong, and what is allowed.
///
/// Rendered once, at the edge (the CLI), as
/// `FILE:LINE:COLUMN: PATH: MESSAGE; allowed: ALLOWED`.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The scenario file (or `<--set>` for an override), as the user named it.
    public var file: String
    /// The JSON path of the offending value, e.g. `workload.job.steps[1].fanout`; empty for the root.
    public var path: String
    /// 1-based line of the offending value or syntax error, when known.
    public var line: Int?
    /// 1-based column, when known.
    public var column: Int?
    /// What is wrong.
    public var message: String
    /// What is allowed instead (may be empty).
    public var allowed: String

    /// Creates an error.
    public init(
        file: String, path: String, line: Int? = nil, column: Int? = nil, message: String, allowed: String = ""
    ) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.allowed = allowed
    }

    /// The one-line rendering shown to users.
    public var description: String { fatalError("TODO(helper-scenario)") }
}

/// Something valid but suspicious in a scenario, e.g. a pool offered more work than it can serve.
public struct ScenarioWarning: Sendable, Hashable, CustomStringConvertible {
    /// The scenario file.
    public var file: String
    /// The JSON path the warning is about.
    public var path: String
    /// What is suspicious, and what will happen.
    public var message: String
    /// Creates a warning.
    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }
    /// The one-line rendering shown to users.
    public var description: String { "\(file): warning: \(path): \(message)" }
}
