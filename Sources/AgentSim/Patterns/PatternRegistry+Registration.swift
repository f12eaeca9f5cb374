import AgentSimMetrics
import Foundation

/// Patterns of a user's own: a coordinator packaged as a ``PatternDefinition`` and registered, so
/// scenario files name it (`"pattern": { "type": "work_stealing", ... }`) and every command and
/// library entry point that takes a scenario runs it like a built-in one.
extension PatternRegistry {
    /// The lock around ``registeredStorage`` (registration may happen while tests run in parallel).
    private static let lock = NSLock()
    /// Registered patterns, in registration order. Guarded by ``lock``.
    nonisolated(unsafe) private static var registeredStorage: [any PatternDefinition.Type] = []

    /// The registered (non-built-in) patterns, in registration order.
    public static var registered: [any PatternDefinition.Type] { lock.withLock { registeredStorage } }

    /// The built-in patterns, then the registered ones.
    public static var available: [any PatternDefinition.Type] { all + registered }

    /// Makes `patterns` available to scenario files by their ``PatternDefinition/name``.
    ///
    /// Registering a type again does nothing, so tests may register in every suite. Built-in
    /// patterns keep their behaviour and output: a registered pattern only adds a name.
    /// - Precondition: Each name is lower_snake_case and not already taken by a built-in or by a
    ///   different registered type.
    public static func register(_ patterns: [any PatternDefinition.Type]) {
        lock.withLock {
            for pattern in patterns {
                let name = pattern.name
                precondition(
                    CustomMetric.isValidName(name), "a pattern name is lower_snake_case, got '\(name)'")
                precondition(!all.contains { $0.name == name }, "'\(name)' is a built-in pattern's name")
                if let existing = registeredStorage.first(where: { $0.name == name }) {
                    precondition(
                        ObjectIdentifier(existing) == ObjectIdentifier(pattern),
                        "two different pattern types are both called '\(name)'")
                    continue
                }
                registeredStorage.append(pattern)
            }
        }
    }
}
