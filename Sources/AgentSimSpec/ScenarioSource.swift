/// Where a scenario came from: its file and the `--set` overrides applied to it when it was loaded.
///
/// It is provenance, not content: what a scenario does depends only on its values, so two scenarios
/// with the same values are equal (and hash alike) whatever their sources, and
/// ``ScenarioDigest/of(_:)`` ignores it. What it is for is writing a file derived from the same
/// document, such as ``ScenarioReplayFile/render(_:seed:chaos:faults:directory:)``, without
/// handing the path and the overrides around a second time.
public struct ScenarioSource: Sendable, Hashable, CustomStringConvertible {
    /// The scenario file's path as it was given; empty for a scenario built in code or loaded from
    /// text.
    public var path: String
    /// The `PATH=VALUE` overrides applied, in order.
    public var overrides: [String]

    /// A source.
    public init(path: String = "", overrides: [String] = []) {
        self.path = path
        self.overrides = overrides
    }

    /// Whether the scenario was loaded from a file.
    public var isFile: Bool { !path.isEmpty }

    /// Always `true`: provenance never makes two scenarios differ.
    public static func == (lhs: ScenarioSource, rhs: ScenarioSource) -> Bool { true }

    /// Hashes nothing, to agree with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {}

    /// The path and the overrides, e.g. `desk.json --set agents.worker.count=8`.
    public var description: String {
        ([path.isEmpty ? "(built in code)" : path] + overrides.map { "--set " + $0 }).joined(separator: " ")
    }
}
