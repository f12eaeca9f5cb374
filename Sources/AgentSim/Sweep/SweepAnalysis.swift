import AgentSimMetrics

/// A sweep's verdict per point: the knee and saturation along the first numeric axis, the SLO
/// verdicts, and the cheapest feasible point; written as analysis.csv.
///
/// It reads the per-point stats files (never the runs), so `sweep`, a resumed sweep and `merge`
/// compute it from the same bytes and write the same file.
public struct SweepAnalysis: Sendable {
    /// One metric's figures at one point, as in stats.csv.
    public struct Figure: Sendable, Hashable {
        /// Replications with a value.
        public var replications: Int
        /// The mean; `nil` when no replication had a value.
        public var mean: Double?
        /// The interval's ends; `nil` with fewer than two values.
        public var low: Double?
        /// The interval's upper end.
        public var high: Double?
    }

    /// What the analysis says about one point.
    public struct Verdict: Sendable, Hashable {
        /// The point.
        public var point: SweepPoint
        /// Every metric's figures, by summary column.
        public var figures: [String: Figure]
        /// The gain per added unit of the knee axis from the previous point of its line.
        public var marginalThroughput: Double?
        /// Whether this is its line's knee; `nil` without a numeric axis.
        public var isKnee: Bool?
        /// Whether this is the first point of its line past the utilisation threshold.
        public var isSaturated: Bool?
        /// The SLO conditions this point fails (``SweepSLO/condition``).
        public var failed: [String]
        /// Whether every SLO holds (true when there are none).
        public var feasible: Bool { failed.isEmpty }
    }

    /// The columns of analysis.csv after `point` and the varied paths.
    public static let columns = [
        "replications", "throughput_per_s", "max_role_utilization", "cost_per_completed_job_usd",
        "cost_ci_low",
        "cost_ci_high", "marginal_throughput_per_unit", "knee", "saturated", "feasible", "slo_failed",
        "cheapest",
    ]

    /// The grid.
    public let grid: SweepGrid
    /// The axis the knee is found along: the first whose values are all numbers in one unit.
    public let kneeAxis: Int?
    /// One verdict per point, in point order.
    public let verdicts: [Verdict]
    /// The cheapest feasible point (``cheapest(_:)``: the lowest mean cost per completed job, the
    /// first point among those tied with it within its interval).
    public let cheapest: Int?

    /// Analyses the per-point stats files of `grid` (``SweepFiles/stats(_:_:confidence:)``), one per
    /// point in point order, against `slos`.
    public init(grid: SweepGrid, stats: [String], slos: [SweepSLO]) {
        precondition(stats.count == grid.count, "one stats file per point")
        self.grid = grid
        var verdicts = grid.points.enumerated().map { index, point in
            let figures = Self.figures(stats[index], leading: 1 + grid.axes.count)
            let failed = slos.filter { !$0.holds(figures[$0.metric]?.mean) }.map(\.condition)
            return Verdict(point: point, figures: figures, failed: failed)
        }
        let axis = grid.axes.firstIndex { $0.numericValues != nil }
        kneeAxis = axis
        if let axis, let x = grid.axes[axis].numericValues {
            for line in Self.lines(grid, along: axis) {
                let order = line.sorted {
                    x[Self.valueIndex(grid, $0, axis)] < x[Self.valueIndex(grid, $1, axis)]
                }
                let xs = order.map { x[Self.valueIndex(grid, $0, axis)] }
                let throughput = order.map { verdicts[$0].figures["throughput_per_s"]?.mean }
                let gains = SweepKnee.gains(x: xs, throughput: throughput)
                let knee = SweepKnee.knee(x: xs, throughput: throughput)
                let saturated = SweepKnee.saturation(
                    utilization: order.map { verdicts[$0].figures["max_role_utilization"]?.mean })
                for (position, point) in order.enumerated() {
                    verdicts[point].marginalThroughput = gains[position]
                    verdicts[point].isKnee = position == knee
                    verdicts[point].isSaturated = position == saturated
                }
            }
        }
        self.verdicts = verdicts
        cheapest = Self.cheapest(verdicts)
    }

    /// The feasible point with the lowest mean cost per completed job; among the feasible points
    /// whose mean lies within that point's interval (statistically tied with it), the first in
    /// point order — along an increasing axis, the smallest. Without an interval, exact ties only.
    static func cheapest(_ verdicts: [Verdict]) -> Int? {
        let costs = verdicts.map { $0.feasible ? $0.figures["cost_per_completed_job_usd"] : nil }
        var best: Int?
        for (index, cost) in costs.enumerated() {
            guard let mean = cost?.mean else { continue }
            if best == nil || mean < costs[best!]!.mean! { best = index }
        }
        guard let best, let figure = costs[best], let lowest = figure.mean else { return nil }
        let limit = figure.high ?? lowest
        return costs.indices.first { costs[$0]?.mean.map { $0 <= limit } ?? false }
    }

    /// The points of each line along `axis` (the other axes' values fixed), lines in order of
    /// their first point.
    static func lines(_ grid: SweepGrid, along axis: Int) -> [[Int]] {
        var order: [[String]] = []
        var members: [[String]: [Int]] = [:]
        for point in grid.points {
            var key = point.values
            key.remove(at: axis)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(point.index)
        }
        return order.map { members[$0]! }
    }

    /// The position of point `index`'s value on `axis`.
    static func valueIndex(_ grid: SweepGrid, _ index: Int, _ axis: Int) -> Int {
        grid.axes[axis].values.firstIndex(of: grid.point(index).values[axis])!
    }

    /// The figures in one point's stats file, whose rows start with `leading` point columns.
    static func figures(_ text: String, leading: Int) -> [String: Figure] {
        var figures: [String: Figure] = [:]
        for row in SweepCSVReader.rows(text).dropFirst() where row.count >= leading + 8 {
            let f = Array(row[leading...])
            // scenario, pattern, metric, replications, mean, stddev, ci_low, ci_high, confidence
            figures[f[2]] = Figure(
                replications: Int(f[3]) ?? 0, mean: Double(f[4]), low: Double(f[6]), high: Double(f[7]))
        }
        return figures
    }

    /// analysis.csv.
    public var csv: String {
        var writer = CSVWriter(header: SweepFiles.leadingColumns(grid) + Self.columns)
        for (index, verdict) in verdicts.enumerated() {
            let f = verdict.figures
            let cost = f["cost_per_completed_job_usd"]
            let fields: [any CSVField] = [
                f["throughput_per_s"]?.replications ?? 0, f["throughput_per_s"]?.mean,
                f["max_role_utilization"]?.mean, cost?.mean, cost?.low, cost?.high,
                verdict.marginalThroughput,
                verdict.isKnee, verdict.isSaturated, verdict.feasible, verdict.failed.joined(separator: ";"),
                index == cheapest,
            ]
            writer.append([String(verdict.point.index)] + verdict.point.values + fields)
        }
        return writer.text
    }
}
