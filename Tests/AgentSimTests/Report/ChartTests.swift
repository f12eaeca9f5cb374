import Testing

@testable import AgentSim

/// The chart library: nice ticks, scales, number labels, escaping and one drawn element per series.
@Suite struct ChartTests {
    @Test(arguments: [
        (0.13, 0.2), (7.0, 10.0), (2.2, 2.5), (1000.0, 1000.0), (0.0041, 0.005), (45.0, 50.0), (1.0, 1.0),
    ])
    func niceSteps(raw: Double, expected: Double) {
        let step = AxisScale.niceStep(raw)
        #expect(Swift.abs(step - expected) <= expected * 1e-12)
    }

    @Test func scaleCoversTheDataOnTicks() {
        let s = AxisScale(covering: 0, 0.43, ticks: 5)
        #expect(s.step == 0.1)
        #expect(s.low == 0 && Swift.abs(s.high - 0.5) < 1e-12)
        #expect(s.ticks.count == 6)
        #expect(s.ticks.map(s.label) == ["0", "0.1", "0.2", "0.3", "0.4", "0.5"])
        #expect(s.position(0.25, from: 100, to: 0) == 50)
        let big = AxisScale(covering: 0, 15_700, ticks: 10)
        #expect(big.step == 2000 && big.high == 16_000)
        #expect(big.label(12_000) == "12k")
        let flat = AxisScale(covering: 3, 3)
        #expect(flat.low <= 1.5 && flat.high >= 4.5)
        let zero = AxisScale(covering: 0, 0)
        #expect(zero.low == 0 && zero.high == 1)
    }

    @Test func fixedAndTrimmedNumbers() {
        #expect(SVG.fixed(2.25, decimals: 1) == "2.3")
        #expect(SVG.fixed(-0.04, decimals: 1) == "0.0")
        #expect(SVG.fixed(-1.5, decimals: 0) == "-2")
        #expect(SVG.fixed(1234.5, decimals: 0) == "1235")
        #expect(SVG.fixed(0.05, decimals: 3) == "0.050")
        #expect(AxisScale.trimmed(0.071681025) == "0.07168")
        #expect(AxisScale.trimmed(29.729) == "29.73")
        #expect(AxisScale.trimmed(56) == "56")
        #expect(AxisScale.trimmed(0.5) == "0.5" && AxisScale.trimmed(2.50) == "2.5")
    }

    @Test func escaping() {
        #expect(SVG.escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;")
        let chart = BarChart(title: "<script>", yLabel: "y", bars: [BarChart.Bar(label: "x&y", value: 1)])
        let svg = chart.svg()
        #expect(!svg.contains("<script>") && svg.contains("&lt;script&gt;") && svg.contains("x&amp;y"))
    }

    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func lineChartDrawsAPolylinePerSeriesWithLegendAndWindows() {
        var chart = LineChart(
            title: "t", xLabel: "time (s)", yLabel: "jobs",
            series: [
                LineChart.Series(name: "alpha", points: [(0, 1), (1, 2), (2, 3)]),
                LineChart.Series(name: "beta", points: [(0, 3), (1, 2)], flagged: [1]),
            ])
        chart.windows = [(from: 0.5, to: 1.5)]
        chart.markers = [(x: 1, label: "knee")]
        let svg = chart.svg()
        #expect(Self.count("<polyline", in: svg) == 2)
        #expect(svg.contains(">alpha</text>") && svg.contains(">beta</text>"))
        #expect(svg.contains("<title>fault active</title>") && svg.contains(">fault active</text>"))
        #expect(svg.contains(">knee</text>") && svg.contains(">fails an SLO</text>"))
        #expect(Self.count("<circle", in: svg) == 1)  // the flagged point only (no dots asked)
        #expect(svg.contains(">time (s)</text>") && svg.contains(">jobs</text>"))
    }

    @Test func barsHaveWhiskersAndFlags() {
        let chart = BarChart(
            title: "t", yLabel: "USD",
            bars: [
                BarChart.Bar(label: "a", value: 2, interval: (1.5, 2.5)),
                BarChart.Bar(label: "b", value: 1, flag: "⚠ 3 failed"),
            ])
        let svg = chart.svg()
        #expect(Self.count("<rect", in: svg) == 1 + 2 + 3)  // background, two bars, three legend swatches
        #expect(Self.count("stroke=\"#222\"", in: svg) == 3)  // one whisker: a stem and two caps
        #expect(svg.contains(">⚠ 3 failed</text>") && svg.contains(">has failed jobs</text>"))
        #expect(svg.contains("fill=\"#D55E00\""))
    }

    @Test func stackedBarsStackEveryPositiveLayer() {
        let chart = StackedBarChart(
            title: "t", yLabel: "USD", categories: ["lead", "worker"],
            layers: [(name: "work", values: [1, 2]), (name: "retry", values: [0, 0.5])])
        let svg = chart.svg()
        #expect(Self.count("<rect", in: svg) == 1 + 2 + 3)  // background, legend swatches, non-empty layers
        #expect(svg.contains(">2.5</text>"))  // the worker total
        #expect(svg.contains("<title>worker retry: 0.5</title>"))
    }

    @Test func csvTableReadsQuotedFields() {
        let table = CSVTable(parsing: "a,b,c\n1,\"x, \"\"y\"\"\",\n\"multi\nline\",2,3\n")
        #expect(table.header == ["a", "b", "c"])
        #expect(table.rows == [["1", "x, \"y\"", ""], ["multi\nline", "2", "3"]])
        #expect(table.numbers("b") == [nil, 2])
        #expect(table.distinct("c") == ["", "3"])
    }
}
