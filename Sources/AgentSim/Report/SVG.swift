import AgentSimMetrics

/// The few SVG and HTML pieces the charts are made of, with fixed number formatting so the same
/// data give the same bytes.
public enum SVG {
    /// Colours for series, in order; chosen to stay apart for common colour blindness (Okabe–Ito).
    public static let palette = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ]

    /// The colour of series `i`.
    public static func color(_ i: Int) -> String { palette[i % palette.count] }

    /// `text` safe inside an element or a quoted attribute (`& < > " '` as entities, the apostrophe
    /// as `&#39;`): the package's one markup escaper, shared with the gate's JUnit report.
    public static func escape(_ text: String) -> String { MarkupEscaping.escaped(text) }

    /// `value` rounded to `decimals` places (half away from zero), e.g. `fixed(2.345, decimals: 1)`
    /// is `2.3`; integers print without a point.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (Swift.abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        let n = Int64(scaled)
        let negative = value < 0 && n != 0
        let whole = String(n / Int64(scale))
        guard decimals > 0 else { return (negative ? "-" : "") + whole }
        var fraction = String(n % Int64(scale))
        while fraction.count < decimals { fraction = "0" + fraction }
        return (negative ? "-" : "") + whole + "." + fraction
    }

    /// A pixel coordinate (one decimal).
    static func px(_ v: Double) -> String { fixed(v, decimals: 1) }

    /// A `<text>` element.
    static func text(
        _ s: String, x: Double, y: Double, anchor: String = "start", size: Int = 13, weight: String? = nil,
        fill: String = "#222", rotate: Bool = false
    ) -> String {
        let transform = rotate ? " transform=\"rotate(-90 \(px(x)) \(px(y)))\"" : ""
        let bold = weight.map { " font-weight=\"\($0)\"" } ?? ""
        return "<text x=\"\(px(x))\" y=\"\(px(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\""
            + "\(bold) fill=\"\(fill)\"\(transform)>\(escape(s))</text>"
    }

    /// A `<line>` element.
    static func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
        dash: String? = nil
    ) -> String {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        return
            "<line x1=\"\(px(x1))\" y1=\"\(px(y1))\" x2=\"\(px(x2))\" y2=\"\(px(y2))\" stroke=\"\(stroke)\""
            + " stroke-width=\"\(px(width))\"\(d)/>"
    }

    /// A `<rect>` element.
    static func rect(
        _ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1,
        title: String? = nil
    ) -> String {
        let o = opacity < 1 ? " fill-opacity=\"\(fixed(opacity, decimals: 2))\"" : ""
        let body = title.map { "><title>\(escape($0))</title></rect>" } ?? "/>"
        return "<rect x=\"\(px(x))\" y=\"\(px(y))\" width=\"\(px(max(0, w)))\" height=\"\(px(max(0, h)))\""
            + " fill=\"\(fill)\"\(o)\(body)"
    }
}

/// The frame every chart shares: size, margins, title, axis labels and the legend.
struct ChartFrame {
    var width: Double
    var height: Double
    var left = 78.0
    var right = 24.0
    var top = 58.0
    var bottom = 58.0

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    /// The opening tag, title, y-axis label and legend (colour swatch, then its label).
    func open(title: String, yLabel: String, xLabel: String, legend: [(String, String)]) -> [String] {
        var parts = [
            "<svg class=\"chart\" viewBox=\"0 0 \(SVG.px(width)) \(SVG.px(height))\""
                + " width=\"\(SVG.px(width))\" height=\"\(SVG.px(height))\" role=\"img\" aria-label=\"\(SVG.escape(title))\">",
            SVG.rect(0, 0, width, height, fill: "#ffffff"),
            SVG.text(title, x: left, y: 22, size: 16, weight: "600"),
            SVG.text(yLabel, x: 16, y: (plotTop + plotBottom) / 2, anchor: "middle", size: 13, rotate: true),
            SVG.text(xLabel, x: (plotLeft + plotRight) / 2, y: height - 12, anchor: "middle", size: 13),
        ]
        var x = left
        for (name, color) in legend {
            parts.append(SVG.rect(x, 34, 14, 14, fill: color))
            parts.append(SVG.text(name, x: x + 19, y: 46, size: 13))
            x += 19 + Double(name.count) * 7.4 + 22
        }
        return parts
    }

    /// Horizontal grid lines and labels at `scale`'s ticks.
    func yAxis(_ scale: AxisScale) -> [String] {
        var parts: [String] = []
        for t in scale.ticks {
            let y = scale.position(t, from: plotBottom, to: plotTop)
            parts.append(SVG.line(plotLeft, y, plotRight, y, stroke: "#e3e3e3"))
            parts.append(
                SVG.text(scale.label(t), x: plotLeft - 8, y: y + 4, anchor: "end", size: 12, fill: "#444"))
        }
        parts.append(SVG.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: "#888"))
        parts.append(SVG.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: "#888"))
        return parts
    }
}
