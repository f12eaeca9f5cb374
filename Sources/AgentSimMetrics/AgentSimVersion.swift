/// The version of AgentSim that produced an output.
///
/// Baselines record it, so a reviewer can tell a baseline change that came with a new simulator
/// version from one that came with a scheduler change. Bump it when a release changes what runs
/// produce.
public enum AgentSimVersion {
    /// The version of this build, e.g. `0.2.0`.
    public static let current = "0.2.0"
}
