/// Vertical bars by category, each with an optional interval whisker and an optional flag (drawn
/// in red with its note, e.g. "12 failed").
public struct BarChart: Sendable {
    /// One bar.
    public struct Bar: Sendable {
        /// The category under the bar.
        public var label: String
        /// Its height.
        public var value: Double
        /// The interval drawn as a whisker, if known.
        public var interval: (low: Double, high: Double)?
        /// A warning printed above the bar (the bar turns red), if any.
        public var flag: String?

        /// A bar `label` of height `value`.
        public init(
            label: String, value: Double, interval: (low: Double, high: Double)? = nil, flag: String? = nil
        ) {
            self.label = label
            self.value = value
            self.interval = interval
            self.flag = flag
        }
    }

    /// The title above the chart.
    public var title: String
    /// The y axis' label, unit included.
    public var yLabel: String
    /// The bars, left to right.
    public var bars: [Bar]
    /// The legend label of the whiskers.
    public var intervalLabel = "95% interval"
    /// The legend label of the bars' colour.
    public var valueLabel = "mean"
    /// The legend label of flagged (red) bars.
    public var flagLabel = "has failed jobs"

    /// A chart titled `title` of `bars`.
    public init(title: String, yLabel: String, bars: [Bar]) {
        self.title = title
        self.yLabel = yLabel
        self.bars = bars
    }

    /// The chart as an `<svg>` element.
    public func svg(width: Double = 1180, height: Double = 300) -> String {
        let frame = ChartFrame(width: width, height: height)
        let highs = bars.map { max($0.value, $0.interval?.high ?? $0.value) }.filter(\.isFinite)
        let lows = bars.map { min($0.value, $0.interval?.low ?? $0.value) }.filter(\.isFinite)
        let scale = AxisScale(covering: min(0, lows.min() ?? 0), highs.max() ?? 1)
        var legend: [(String, String)] = [(valueLabel, SVG.color(0))]
        if bars.contains(where: { $0.interval != nil }) { legend.append((intervalLabel, "#222")) }
        if bars.contains(where: { $0.flag != nil }) { legend.append((flagLabel, "#D55E00")) }
        var parts = frame.open(title: title, yLabel: yLabel, xLabel: "", legend: legend)
        parts += frame.yAxis(scale)
        let slot = (frame.plotRight - frame.plotLeft) / Double(max(1, bars.count))
        let barWidth = min(70, slot * 0.6)
        func py(_ v: Double) -> Double { scale.position(v, from: frame.plotBottom, to: frame.plotTop) }
        for (i, bar) in bars.enumerated() {
            let center = frame.plotLeft + slot * (Double(i) + 0.5)
            let top = py(max(0, bar.value))
            let base = py(min(0, bar.value))
            parts.append(
                SVG.rect(
                    center - barWidth / 2, top, barWidth, base - top,
                    fill: bar.flag == nil ? SVG.color(0) : "#D55E00",
                    title: "\(bar.label): \(AxisScale.trimmed(bar.value))"))
            if let interval = bar.interval {
                let (lo, hi) = (py(interval.low), py(interval.high))
                parts.append(SVG.line(center, lo, center, hi, stroke: "#222", width: 1.5))
                parts.append(SVG.line(center - 8, lo, center + 8, lo, stroke: "#222", width: 1.5))
                parts.append(SVG.line(center - 8, hi, center + 8, hi, stroke: "#222", width: 1.5))
            }
            let labelY = min(top, bar.interval.map { py($0.high) } ?? top) - 6
            parts.append(
                SVG.text(AxisScale.trimmed(bar.value), x: center, y: labelY, anchor: "middle", size: 12))
            if let flag = bar.flag {
                parts.append(
                    SVG.text(flag, x: center, y: labelY - 15, anchor: "middle", size: 12, fill: "#b00000"))
            }
            parts.append(SVG.text(bar.label, x: center, y: frame.plotBottom + 19, anchor: "middle", size: 12))
        }
        return parts.joined(separator: "\n") + "\n</svg>"
    }
}

/// Bars by category split into stacked layers (e.g. cost by cause per role).
public struct StackedBarChart: Sendable {
    /// The title above the chart.
    public var title: String
    /// The y axis' label, unit included.
    public var yLabel: String
    /// The categories, left to right.
    public var categories: [String]
    /// The layers, bottom to top: a legend label and one value per category.
    public var layers: [(name: String, values: [Double])]

    /// A chart titled `title`.
    public init(
        title: String, yLabel: String, categories: [String], layers: [(name: String, values: [Double])]
    ) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.layers = layers
    }

    /// The chart as an `<svg>` element.
    public func svg(width: Double = 1180, height: Double = 300) -> String {
        let frame = ChartFrame(width: width, height: height)
        let totals = categories.indices.map { c in layers.reduce(0) { $0 + max(0, $1.values[c]) } }
        let scale = AxisScale(covering: 0, totals.max() ?? 1)
        let legend = layers.enumerated().map { ($0.element.name, SVG.color($0.offset)) }
        var parts = frame.open(title: title, yLabel: yLabel, xLabel: "", legend: legend)
        parts += frame.yAxis(scale)
        let slot = (frame.plotRight - frame.plotLeft) / Double(max(1, categories.count))
        let barWidth = min(90, slot * 0.6)
        func py(_ v: Double) -> Double { scale.position(v, from: frame.plotBottom, to: frame.plotTop) }
        for (c, category) in categories.enumerated() {
            let center = frame.plotLeft + slot * (Double(c) + 0.5)
            var sum = 0.0
            for (l, layer) in layers.enumerated() where layer.values[c] > 0 {
                let top = py(sum + layer.values[c])
                parts.append(
                    SVG.rect(
                        center - barWidth / 2, top, barWidth, py(sum) - top, fill: SVG.color(l),
                        title: "\(category) \(layer.name): \(AxisScale.trimmed(layer.values[c]))"))
                sum += layer.values[c]
            }
            parts.append(
                SVG.text(AxisScale.trimmed(sum), x: center, y: py(sum) - 6, anchor: "middle", size: 12))
            parts.append(SVG.text(category, x: center, y: frame.plotBottom + 19, anchor: "middle", size: 12))
        }
        return parts.joined(separator: "\n") + "\n</svg>"
    }
}

extension AxisScale {
    /// A value label with four significant digits (for bar tops).
    public static func trimmed(_ v: Double) -> String {
        guard v.isFinite, v != 0 else { return "0" }
        if v == v.rounded() && Swift.abs(v) < 1e15 { return String(Int64(v)) }
        var magnitude = 0
        var a = Swift.abs(v)
        while a >= 10 {
            a /= 10
            magnitude += 1
        }
        while a < 1 {
            a *= 10
            magnitude -= 1
        }
        var text = SVG.fixed(v, decimals: max(0, 3 - magnitude))
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
