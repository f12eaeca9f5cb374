/// A bad sweep option or sweep folder: which option or file, what is wrong, what is allowed.
///
/// Rendered once, at the edge, as `error: WHERE: MESSAGE; allowed: ALLOWED` (exit code 2, nothing
/// written), like ``ScenarioError``.
public struct SweepError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The option or file at fault, e.g. `--vary agents.worker.count` or `shard-2/manifest.txt`.
    public var subject: String
    /// What is wrong.
    public var message: String
    /// What would have been accepted; empty when there is nothing useful to list.
    public var allowed: String

    /// Creates an error.
    public init(_ subject: String, _ message: String, allowed: String = "") {
        self.subject = subject
        self.message = message
        self.allowed = allowed
    }

    /// `error: SUBJECT: MESSAGE[; allowed: ALLOWED]`.
    public var description: String {
        "error: \(subject): \(message)" + (allowed.isEmpty ? "" : "; allowed: \(allowed)")
    }
}
