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
        file: String, path: String, line: Int? = nil, column: Int? = nil, message: String,
        allowed: String = ""
    ) {
        self.file = file
        self.path = path
        self.line = line
        self.column = column
        self.message = message
        self.allowed = allowed
    }

    /// The one-line rendering shown to users: `FILE:LINE:COLUMN: PATH: MESSAGE; allowed: ALLOWED`.
    ///
    /// Unknown parts are left out. An empty path is the document's root and shows as `(root)`,
    /// except on an error with neither path nor position, which is about the file as a whole (it
    /// could not be read, say). Line breaks in any part are escaped, so the rendering is one line.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        var parts: [String] = []
        if !location.isEmpty { parts.append(location) }
        if !path.isEmpty {
            parts.append(path)
        } else if line != nil {
            parts.append("(root)")
        }
        parts.append(message)
        var text = parts.joined(separator: ": ")
        if !allowed.isEmpty { text += "; allowed: " + allowed }
        return text.replacingLineBreaks
    }
}

extension String {
    /// The string with CR and LF written as `\r` and `\n`, so it stays on one line.
    fileprivate var replacingLineBreaks: String {
        guard contains(where: \.isNewline) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
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
