/// The full cartesian grid of a sweep's axes, one point per combination of values.
///
/// Points are numbered from 0 like nested loops in the order the `--vary` options were given: the
/// first axis varies slowest, the last fastest. `--vary a=1,2 --vary b=x,y` gives the points
/// (a=1,b=x), (a=1,b=y), (a=2,b=x), (a=2,b=y).
public struct SweepGrid: Sendable, Hashable {
    /// Put a limit on everything: no grid has more points than this.
    public static let maxPoints = 100_000

    /// The axes, in `--vary` order.
    public let axes: [SweepAxis]
    /// How many points: the product of the axes' value counts.
    public let count: Int

    /// The grid of `axes`.
    /// - Throws: ``SweepError`` when there is no axis, two axes share a path, or the grid exceeds
    ///   ``maxPoints``.
    public init(axes: [SweepAxis]) throws(SweepError) {
        guard !axes.isEmpty else {
            throw SweepError(
                "--vary", "a sweep needs at least one --vary PATH=LIST",
                allowed: "e.g. --vary agents.worker.count=2..24:2")
        }
        var paths: Set<String> = []
        var count = 1
        for axis in axes {
            guard paths.insert(axis.path).inserted else {
                throw SweepError(
                    "--vary \(axis.path)", "the path is varied twice; give all its values in one --vary")
            }
            let (product, overflow) = count.multipliedReportingOverflow(by: axis.values.count)
            guard !overflow, product <= Self.maxPoints else {
                throw SweepError(
                    "--vary \(axis.path)", "the grid would have more than \(Self.maxPoints) points")
            }
            count = product
        }
        self.axes = axes
        self.count = count
    }

    /// Parses each `--vary` argument and builds their grid.
    /// - Throws: ``SweepError`` naming the first bad `--vary`.
    public init(parsing arguments: [String]) throws(SweepError) {
        var axes: [SweepAxis] = []
        for argument in arguments { axes.append(try SweepAxis(parsing: argument)) }
        try self.init(axes: axes)
    }

    /// The varied paths, in axis order: sweep.csv's columns after `point`.
    public var paths: [String] { axes.map(\.path) }

    /// Point `index` (0..<``count``).
    public func point(_ index: Int) -> SweepPoint {
        precondition((0..<count).contains(index), "point \(index) is outside a grid of \(count)")
        var values = [String](repeating: "", count: axes.count)
        var rest = index
        for axis in axes.indices.reversed() {
            let n = axes[axis].values.count
            values[axis] = axes[axis].values[rest % n]
            rest /= n
        }
        return SweepPoint(index: index, paths: paths, values: values)
    }

    /// Every point, in order.
    public var points: [SweepPoint] { (0..<count).map(point) }
}

/// One point of a ``SweepGrid``: a value for every varied path.
public struct SweepPoint: Sendable, Hashable {
    /// The point's number in the grid.
    public var index: Int
    /// The varied paths, in axis order.
    public var paths: [String]
    /// The value of each path.
    public var values: [String]

    /// The `--set PATH=VALUE` assignments of the point, the pattern axis left out.
    public var assignments: [String] {
        zip(paths, values).compactMap { path, value in
            path == SweepAxis.patternPath ? nil : "\(path)=\(value)"
        }
    }

    /// The pattern this point runs, when `pattern.type` is varied.
    public var pattern: String? {
        zip(paths, values).first { $0.0 == SweepAxis.patternPath }?.1
    }

    /// `path=value path=value`, for messages and tables.
    public var label: String { zip(paths, values).map { "\($0)=\($1)" }.joined(separator: " ") }
}
