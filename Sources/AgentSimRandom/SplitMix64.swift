/// SplitMix64 (Steele, Lea & Flood; Vigna's fixed-increment version), used to expand one 64-bit seed.
///
/// It is only a seeder here: ``Xoshiro256StarStar`` takes its state from four SplitMix64 outputs, and
/// ``RandomStreams`` mixes seeds and stream names with it. Every seed, zero included, is valid.
public struct SplitMix64: Sendable, Hashable {
    /// The counter; it advances by the golden-ratio increment on every draw.
    @usableFromInline var state: UInt64

    /// Creates a generator whose counter starts at `seed`.
    ///
    /// - Parameter seed: Any 64-bit value.
    @inlinable public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    ///
    /// - Returns: The finalised counter; the map from counter to output is a bijection, so no two
    ///   draws of one period repeat.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
