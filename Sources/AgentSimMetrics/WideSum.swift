/// An exact signed 128-bit running sum, for integrals and sums that overflow `Int64`.
///
/// Stored as two's complement in a (high, low) pair, so adding is two machine additions and a carry;
/// it never allocates. `Int128` is avoided because it needs macOS 15 on Apple platforms.
public struct WideSum: Sendable, Hashable {
    /// The high 64 bits (signed).
    @usableFromInline internal var high: Int64
    /// The low 64 bits.
    @usableFromInline internal var low: UInt64

    /// Zero.
    @inlinable public init() {
        high = 0
        low = 0
    }

    /// Adds a signed 64-bit value exactly.
    /// - Complexity: O(1).
    @inlinable public mutating func add(_ value: Int64) {
        let (sum, carry) = low.addingReportingOverflow(UInt64(bitPattern: value))
        low = sum
        // Sign-extend `value` into the high word, then add the carry out of the low word.
        high = high &+ (value < 0 ? -1 : 0) &+ (carry ? 1 : 0)
    }

    /// Adds the exact product `a × b`, which may not fit in 64 bits.
    /// - Complexity: O(1).
    @inlinable public mutating func addProduct(_ a: Int64, _ b: Int64) {
        let product = a.multipliedFullWidth(by: b)
        let (sum, carry) = low.addingReportingOverflow(product.low)
        low = sum
        high = high &+ product.high &+ (carry ? 1 : 0)
    }

    /// Adds another sum exactly.
    /// - Complexity: O(1).
    @inlinable public mutating func add(_ other: WideSum) {
        let (sum, carry) = low.addingReportingOverflow(other.low)
        low = sum
        high = high &+ other.high &+ (carry ? 1 : 0)
    }

    /// The sum as a `Double`, correctly rounded up to at most one extra rounding step (relative
    /// error below 2^-52).
    @inlinable public var doubleValue: Double {
        // high·2^64 is exact in Double (a 64-bit integer times a power of two, rounded once);
        // adding `low` rounds once more.
        Double(high) * 18_446_744_073_709_551_616.0 + Double(low)
    }

    /// The sum when it fits in `Int64`, else `nil`.
    @inlinable public var int64Value: Int64? {
        let asSigned = Int64(bitPattern: low)
        return high == (asSigned < 0 ? -1 : 0) ? asSigned : nil
    }
}
