/// Independent named random streams derived from one root seed.
///
/// Every part of a model draws from its own stream ("workload", "agent:worker:3", "network", ...), so
/// turning a fault on or adding an unused role never moves another part's draws: that is what makes
/// two patterns comparable on the same workload (common random numbers).
public struct RandomStreams: Sendable {
    /// The root seed of the run.
    public let seed: UInt64

    /// Creates the streams of one run.
    public init(seed: UInt64) { self.seed = seed }

    /// The generator for the stream called `name`; the same name always gives the same generator.
    public func stream(_ name: String) -> Xoshiro256StarStar { fatalError("TODO(helper-random)") }
}
