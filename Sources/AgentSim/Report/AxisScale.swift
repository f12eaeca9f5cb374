/// A linear axis: a data range widened to "nice" round ticks (1, 2, 2.5 or 5 × 10^k), and the map
/// from data to pixels.
public struct AxisScale: Sendable, Equatable {
    /// The axis' lower end, on a tick, in data units.
    public var low: Double
    /// The axis' upper end, on a tick, in data units.
    public var high: Double
    /// The tick spacing.
    public var step: Double

    /// An axis covering `low...high` with about `ticks` ticks; a zero-width range is widened by one
    /// unit either side (or to 0...1 at 0).
    public init(covering low: Double, _ high: Double, ticks: Int = 5) {
        var lo = min(low, high)
        var hi = max(low, high)
        if !lo.isFinite || !hi.isFinite { (lo, hi) = (0, 1) }
        if lo == hi {
            if lo == 0 {
                hi = 1
            } else {
                let pad = Swift.abs(lo) * 0.5
                lo -= pad
                hi += pad
            }
        }
        let step = Self.niceStep((hi - lo) / Double(max(1, ticks)))
        self.step = step
        self.low = (lo / step).rounded(.down) * step
        self.high = (hi / step).rounded(.up) * step
    }

    /// The smallest of 1, 2, 2.5, 5 and 10 times a power of ten that is at least `raw`.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        var power = 1.0
        while power * 10 <= raw { power *= 10 }
        while power > raw { power /= 10 }
        for m in [1.0, 2, 2.5, 5, 10] where m * power >= raw * (1 - 1e-12) { return m * power }
        return 10 * power
    }

    /// The tick values from `low` to `high`.
    public var ticks: [Double] {
        let n = Int(((high - low) / step).rounded())
        return (0...max(0, n)).map { low + Double($0) * step }
    }

    /// Where `value` falls between `from` (at `low`) and `to` (at `high`), in pixels.
    public func position(_ value: Double, from: Double, to: Double) -> Double {
        high == low ? from : from + (value - low) / (high - low) * (to - from)
    }

    /// A tick's label: as few digits as the step needs, thousands as k and millions as M.
    public func label(_ value: Double) -> String {
        if Swift.abs(value) < step * 1e-9 { return "0" }
        let v = value
        if Swift.abs(v) >= 1e6 && step >= 1e5 { return Self.trim(v / 1e6, step / 1e6) + "M" }
        if Swift.abs(v) >= 1e4 && step >= 1e3 { return Self.trim(v / 1e3, step / 1e3) + "k" }
        return Self.trim(v, step)
    }

    /// `v` with the decimals `step` needs (at most 6).
    static func trim(_ v: Double, _ step: Double) -> String {
        var decimals = 0
        var s = step
        while decimals < 6 && Swift.abs(s - s.rounded()) > 1e-9 * max(1, Swift.abs(s)) {
            s *= 10
            decimals += 1
        }
        return SVG.fixed(v, decimals: decimals)
    }
}
