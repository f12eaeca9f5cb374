/// Independent named random streams derived from one root seed.
///
/// Every part of a model draws from its own stream ("workload", "agent:worker:3", "network", ...), so
/// turning a fault on or adding an unused role never moves another part's draws: that is what makes
/// two patterns comparable on the same workload (common random numbers).
///
/// ## The derivation (part of the determinism contract)
///
/// For root seed `seed` and stream name `name`:
///
/// 1. `h = FNV-1a-64(UTF-8 bytes of name)` (offset basis 0xcbf29ce484222325, prime 0x100000001b3);
/// 2. `a = SplitMix64(seed: seed).next()` — scrambles the root seed so that nearby seeds differ in
///    every bit before they meet the name;
/// 3. `b = SplitMix64(seed: a ^ h).next()`;
/// 4. the stream is `Xoshiro256StarStar(seed: b)`.
///
/// Changing any step changes every result of every scenario: treat it like a file format.
public struct RandomStreams: Sendable {
    /// The root seed of the run.
    public let seed: UInt64

    /// Creates the streams of one run.
    public init(seed: UInt64) { self.seed = seed }

    /// The generator for the stream called `name`; the same name always gives the same generator.
    ///
    /// - Parameter name: Any string; streams are told apart by the FNV-1a hash of its UTF-8 bytes.
    /// - Returns: A fresh generator at the start of the stream.
    /// - Complexity: O(length of `name`).
    public func stream(_ name: String) -> Xoshiro256StarStar {
        var root = SplitMix64(seed: seed)
        var mixer = SplitMix64(seed: root.next() ^ Self.fnv1a64(name))
        return Xoshiro256StarStar(seed: mixer.next())
    }

    /// The generator for member `index` of a family of streams, e.g. one per agent of a role.
    ///
    /// Exactly `stream("\(name):\(index)")`, so `stream("worker", index: 3)` and `stream("worker:3")`
    /// are the same stream.
    /// - Parameters:
    ///   - name: The family's name.
    ///   - index: The member, written in decimal.
    /// - Returns: A fresh generator at the start of the stream.
    public func stream(_ name: String, index: Int) -> Xoshiro256StarStar {
        stream(name + ":" + String(index))
    }

    /// FNV-1a, 64-bit, over the UTF-8 bytes of `name`.
    package static func fnv1a64(_ name: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
