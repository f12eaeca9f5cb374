import AgentSimSpec

/// The gate's answer for one scenario: its findings against the baseline, or why there was nothing
/// to compare with.
public struct GateResult: Sendable, Hashable {
    /// Why a scenario could not be compared (exit 2).
    public enum Problem: Sendable, Hashable {
        /// No baseline file at the path.
        case missing(path: String)
        /// The file is not a baseline (or is damaged): the message says where.
        case unreadable(ScenarioError)
        /// The baseline is of another scenario.
        case foreign(path: String, baselineScenario: String)
    }

    /// The scenario's name.
    public var scenario: String
    /// The baseline file's path.
    public var baselinePath: String
    /// Every finding, by pattern then metric (empty when there is a ``problem``).
    public var findings: [GateFinding]
    /// Set when there was no usable baseline.
    public var problem: Problem?
    /// The baseline's scenario digest and the current one, when they differ: the scenario changed
    /// since recording, so the comparison is of a changed experiment (reported, not a regression).
    public var digestChange: (baseline: String, now: String)? {
        guard let baselineDigest, baselineDigest != digest else { return nil }
        return (baselineDigest, digest)
    }
    /// The digest of the scenario as run now.
    public var digest: String
    /// The digest the baseline recorded (`nil` when there is no usable baseline).
    public var baselineDigest: String?
    /// The version that recorded the baseline (`nil` when there is no usable baseline).
    public var baselineVersion: String?
    /// The replications both sides ran.
    public var replications: Int

    /// Whether some metric regressed beyond its tolerance.
    public var regressed: Bool { findings.contains { $0.verdict == .regressed } }

    /// Whether some metric improved (so the baseline can be re-recorded to hold the gain).
    public var improved: Bool { findings.contains { $0.verdict == .improved } }

    /// The exit code of this scenario alone: 2 for a ``problem``, 1 for a regression, else 0.
    public var exitCode: Int32 { problem != nil ? 2 : regressed ? 1 : 0 }
}
