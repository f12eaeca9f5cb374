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
    ///
    /// SplitMix64's output function is a bijection, so four consecutive outputs are never all zero
    /// (the one state xoshiro must avoid).
    public init(seed: UInt64) {
        var seeder = SplitMix64(seed: seed)
        s0 = seeder.next()
        s1 = seeder.next()
        s2 = seeder.next()
        s3 = seeder.next()
    }

    /// Creates a generator from its raw state, as the reference implementation would hold it.
    ///
    /// Meant for tests against published vectors; use ``init(seed:)`` otherwise.
    /// - Parameters:
    ///   - s0: State word 0.
    ///   - s1: State word 1.
    ///   - s2: State word 2.
    ///   - s3: State word 3.
    public init(state s0: UInt64, _ s1: UInt64, _ s2: UInt64, _ s3: UInt64) {
        precondition(s0 | s1 | s2 | s3 != 0, "xoshiro256** state must not be all zero")
        self.s0 = s0
        self.s1 = s1
        self.s2 = s2
        self.s3 = s3
    }

    /// The next 64 random bits.
    @inlinable public mutating func next() -> UInt64 {
        let result = Self.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = Self.rotl(s3, 45)
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1] with 53 random bits: safe to pass to ``SimMath/log(_:)``.
    ///
    /// The smallest value is 2⁻⁵³, so `-log(u)` is at most about 36.7: an exponential draw is cut at
    /// 36.7 means, an event of probability 2⁻⁵³.
    @inlinable public mutating func nextOpenDouble() -> Double {
        Double((next() >> 11) &+ 1) * 0x1.0p-53
    }

    /// `x` rotated left by `k` bits (0 < k < 64); compiles to one rotate instruction.
    @inlinable @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }
}
