import AgentSimRandom
import AgentSimSpec

/// A fingerprint of a decoded scenario: equal for the same experiment in any process, different
/// (all but certainly) when anything that steers a run differs.
///
/// It hashes a canonical rendering of the ``Scenario`` value itself, not the file's text, so
/// reformatting a file or reordering its keys keeps the digest, while a `--set`, a new default or
/// a changed data file (its samples are part of the value) changes it. Scenarios built in code get
/// one just the same. Swift's `hashValue` cannot serve: it is seeded per process.
public enum ScenarioDigest {
    /// The digest of `scenario`: FNV-1a 64 over ``canonical(_:)``, as 16 hex digits.
    public static func of(_ scenario: Scenario) -> String {
        var copy = scenario
        copy.checkInvariants = false  // a run-time switch, not part of the experiment
        let hex = String(RandomStreams.fnv1a64(canonical(copy)), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// A text that is a function of `value` alone: its type, then its stored properties (or enum
    /// case and payload) by name, recursively, leaving out any ``ScenarioSource`` (where a
    /// scenario was read from is not what it is). Dictionary and set elements are sorted by their
    /// own rendering, because their iteration order changes from process to process.
    /// - Complexity: O(n log n) in the number of values reachable from `value`.
    static func canonical(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        let type = String(describing: mirror.subjectType)
        guard !mirror.children.isEmpty else {
            if mirror.displayStyle == .optional { return "nil" }
            if mirror.displayStyle == .collection || mirror.displayStyle == .dictionary
                || mirror.displayStyle == .set
            {
                return type + "[]"
            }
            return type + "=" + String(describing: value)
        }
        // `injectsRandomChaos` is a run-time switch added after baselines were recorded: left out,
        // so adding it moved no recorded digest.
        var parts = mirror.children.filter {
            !($0.value is ScenarioSource) && $0.label != "injectsRandomChaos"
        }.map { child in
            (child.label.map { $0 + ":" } ?? "") + canonical(child.value)
        }
        if mirror.displayStyle == .dictionary || mirror.displayStyle == .set { parts.sort() }
        if mirror.displayStyle == .optional { return parts.joined() }
        return type + "(" + parts.joined(separator: ",") + ")"
    }
}
