/// xoshiro256** 1.0 (Blackman & Vigna), the generator behind every random draw in a run.
///
/// Fast, 256 bits of state, passes BigCrush; seeded through ``SplitMix64`` as its authors recommend.
/// It deliberately does not conform to `RandomNumberGenerator`: the standard library's
/// `Double.random(in:using:)` and friends may change their algorithms between releases, and a
/// seed must give the same bytes on every toolchain.
public struct Xoshiro256StarStar: Sendable, Hashable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// Creates a generator whose four state words are the first four outputs of `SplitMix64(seed:)`.
    public init(seed: UInt64) {
        fatalError("TODO(helper-random)")
    }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        fatalError("TODO(helper-random)")
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
