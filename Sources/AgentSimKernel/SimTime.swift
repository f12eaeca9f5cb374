/// A point on the virtual clock, in integer nanoseconds since the start of a run.
///
/// Time is never a `Double`: integer nanoseconds add exactly, compare exactly and print the same on
/// every machine, so two runs of one seed cannot drift apart through rounding.
public struct SimTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Nanoseconds since the start of the run.
    public var nanos: Int64

    /// Creates a time from nanoseconds since the start of the run.
    @inlinable public init(nanos: Int64) { self.nanos = nanos }

    /// The start of every run.
    @inlinable public static var zero: SimTime { SimTime(nanos: 0) }
    /// The largest representable time (about 292 years): "never".
    @inlinable public static var never: SimTime { SimTime(nanos: .max) }

    /// The time in seconds, for reporting only; never feed it back into the clock.
    @inlinable public var seconds: Double { Double(nanos) / 1e9 }

    /// Earlier than: the kernel's time order (ties are broken by schedule order, not here).
    @inlinable public static func < (a: SimTime, b: SimTime) -> Bool { a.nanos < b.nanos }

    /// The time `d` after `t`, saturating at ``never``.
    @inlinable public static func + (t: SimTime, d: SimDuration) -> SimTime {
        let (sum, overflow) = t.nanos.addingReportingOverflow(d.nanos)
        return overflow ? .never : SimTime(nanos: sum)
    }

    /// The duration from `b` to `a`.
    @inlinable public static func - (a: SimTime, b: SimTime) -> SimDuration {
        SimDuration(nanos: a.nanos &- b.nanos)
    }

    /// The time since zero, written like a duration (e.g. `1.5s`).
    public var description: String { SimDuration(nanos: nanos).description }
}

/// A length of virtual time in integer nanoseconds.
public struct SimDuration: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The length in nanoseconds.
    public var nanos: Int64

    /// Creates a duration of `nanos` nanoseconds.
    @inlinable public init(nanos: Int64) { self.nanos = nanos }

    /// No time at all.
    @inlinable public static var zero: SimDuration { SimDuration(nanos: 0) }

    /// A duration from seconds, rounded to the nearest nanosecond; negative and NaN inputs give zero,
    /// inputs beyond about 292 years saturate.
    ///
    /// This is the one place sampled `Double` seconds enter the integer clock.
    @inlinable public init(seconds: Double) {
        let ns = seconds * 1e9
        if !(ns > 0) {
            nanos = 0
        } else if ns < 0x1p52 {
            // Round half to even with IEEE arithmetic alone: adding and removing 2^52 leaves no
            // fraction bits. Exact and identical everywhere, and no libm call on the hot path.
            nanos = Int64((ns + 0x1p52) - 0x1p52)
        } else if ns >= 9.2e18 {
            nanos = 9_200_000_000_000_000_000
        } else {
            nanos = Int64(ns)  // ≥ 2^52: already an integer
        }
    }

    /// The duration in seconds, for reporting and for rates.
    @inlinable public var seconds: Double { Double(nanos) / 1e9 }

    /// Shorter than.
    @inlinable public static func < (a: SimDuration, b: SimDuration) -> Bool { a.nanos < b.nanos }
    /// The sum, in exact nanoseconds (wrapping on overflow, which needs 292 years of durations).
    @inlinable public static func + (a: SimDuration, b: SimDuration) -> SimDuration {
        SimDuration(nanos: a.nanos &+ b.nanos)
    }

    /// Milliseconds, as a convenience for tests and examples.
    @inlinable public static func milliseconds(_ ms: Int64) -> SimDuration {
        SimDuration(nanos: ms * 1_000_000)
    }
    /// Whole seconds, as a convenience for tests and examples.
    @inlinable public static func seconds(_ s: Int64) -> SimDuration {
        SimDuration(nanos: s * 1_000_000_000)
    }

    /// The largest unit that states the duration exactly, e.g. `"250ms"`, `"1500ms"`, `"3h"`.
    public var description: String {
        let units: [(Int64, String)] = [
            (86_400_000_000_000, "d"), (3_600_000_000_000, "h"), (60_000_000_000, "m"),
            (1_000_000_000, "s"), (1_000_000, "ms"), (1_000, "us"), (1, "ns"),
        ]
        if nanos == 0 { return "0s" }
        for (size, name) in units where nanos % size == 0 { return "\(nanos / size)\(name)" }
        return "\(Double(nanos) / 1e9)s"
    }
}
