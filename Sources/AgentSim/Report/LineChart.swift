/// A line chart over a numeric x axis, with shaded windows (fault windows) and labelled vertical
/// markers (alerts, a knee).
public struct LineChart: Sendable {
    /// One line.
    public struct Series: Sendable {
        /// Its legend label.
        public var name: String
        /// Its points, in x order.
        public var points: [(x: Double, y: Double)]
        /// Points drawn as a red ring, e.g. sweep points that fail an SLO.
        public var flagged: Set<Int> = []

        /// A series called `name` through `points`.
        public init(name: String, points: [(x: Double, y: Double)], flagged: Set<Int> = []) {
            self.name = name
            self.points = points
            self.flagged = flagged
        }
    }

    /// The title above the chart.
    public var title: String
    /// The x axis' label, unit included, e.g. `time (s)`.
    public var xLabel: String
    /// The y axis' label, unit included, e.g. `throughput (jobs/s)`.
    public var yLabel: String
    /// The lines.
    public var series: [Series]
    /// Shaded x ranges, in x-axis units.
    public var windows: [(from: Double, to: Double)] = []
    /// The legend label the shaded ranges share.
    public var windowLabel = "fault active"
    /// Vertical lines at x with a short label.
    public var markers: [(x: Double, label: String)] = []
    /// Whether the y axis starts at zero.
    public var fromZero = true
    /// Whether to draw a dot at every point (few points, e.g. a sweep).
    public var dots = false
    /// The legend label of flagged points.
    public var flaggedLabel = "fails an SLO"

    /// A chart titled `title` of `series`.
    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart as an `<svg>` element `width` × `height` pixels.
    public func svg(width: Double = 1180, height: Double = 300) -> String {
        let frame = ChartFrame(width: width, height: height)
        let xs = series.flatMap { $0.points.map(\.x) } + windows.flatMap { [$0.from, $0.to] }
        let ys = series.flatMap { $0.points.map(\.y) }.filter(\.isFinite)
        let xScale = AxisScale(covering: xs.min() ?? 0, xs.max() ?? 1, ticks: 10)
        let yScale = AxisScale(covering: fromZero ? min(0, ys.min() ?? 0) : (ys.min() ?? 0), ys.max() ?? 1)
        func px(_ x: Double) -> Double { xScale.position(x, from: frame.plotLeft, to: frame.plotRight) }
        func py(_ y: Double) -> Double { yScale.position(y, from: frame.plotBottom, to: frame.plotTop) }
        var legend = series.enumerated().map { ($0.element.name, SVG.color($0.offset)) }
        if !windows.isEmpty { legend.append((windowLabel, "#f4b6b6")) }
        if series.contains(where: { !$0.flagged.isEmpty }) { legend.append((flaggedLabel, "#d00000")) }
        var parts = frame.open(title: title, yLabel: yLabel, xLabel: xLabel, legend: legend)
        for w in windows {
            parts.append(
                SVG.rect(
                    px(w.from), frame.plotTop, px(w.to) - px(w.from), frame.plotBottom - frame.plotTop,
                    fill: "#f4b6b6", opacity: 0.55, title: windowLabel))
        }
        parts += frame.yAxis(yScale)
        for t in xScale.ticks {
            parts.append(SVG.line(px(t), frame.plotBottom, px(t), frame.plotBottom + 5, stroke: "#888"))
            parts.append(
                SVG.text(xScale.label(t), x: px(t), y: frame.plotBottom + 19, anchor: "middle", size: 12))
        }
        for (i, s) in series.enumerated() where !s.points.isEmpty {
            let path = s.points.filter { $0.y.isFinite }.map { SVG.px(px($0.x)) + "," + SVG.px(py($0.y)) }
            parts.append(
                "<polyline class=\"series\" fill=\"none\" stroke=\"\(SVG.color(i))\" stroke-width=\"2\" points=\""
                    + path.joined(separator: " ") + "\"><title>\(SVG.escape(s.name))</title></polyline>")
            for (k, p) in s.points.enumerated() where p.y.isFinite && (dots || s.flagged.contains(k)) {
                let ring = s.flagged.contains(k)
                parts.append(
                    "<circle cx=\"\(SVG.px(px(p.x)))\" cy=\"\(SVG.px(py(p.y)))\" r=\"\(ring ? 6 : 4)\" fill=\""
                        + (ring ? "none" : SVG.color(i)) + "\" stroke=\"\(ring ? "#d00000" : SVG.color(i))\""
                        + " stroke-width=\"2\"/>")
            }
        }
        for m in markers {
            parts.append(
                SVG.line(px(m.x), frame.plotTop, px(m.x), frame.plotBottom, stroke: "#555", dash: "5 4"))
            parts.append(SVG.text(m.label, x: px(m.x) + 4, y: frame.plotTop + 14, size: 12, fill: "#333"))
        }
        return parts.joined(separator: "\n") + "\n</svg>"
    }
}
