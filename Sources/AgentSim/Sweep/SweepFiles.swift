import AgentSimMetrics

/// The files of a sweep folder and how the per-point files join into sweep.csv and stats.csv.
///
/// Each finished point is kept at once, atomically, as two files: `points/NNNNNN.stats.csv` (its
/// stats rows) and then `points/NNNNNN.csv` (its sweep rows); a point is finished when both exist.
/// When `pattern.type` is varied, `points/NNNNNN.derived.csv` (what was derived to run the point's
/// pattern) comes first.
/// Both carry a header and the leading `point` and varied-path columns, so sweep.csv is the first
/// point's header and every point's rows in point order, and stats.csv likewise: the same bytes
/// whether the points ran in one process, were resumed, or came from shards.
public enum SweepFiles {
    /// The sweep rows: `point`, the varied paths, then summary.csv's columns.
    public static let sweepFile = "sweep.csv"
    /// The stats rows: `point`, the varied paths, then stats.csv's columns.
    public static let statsFile = "stats.csv"
    /// One row per point: the knee, utilisation and SLO verdicts (``SweepAnalysis``).
    public static let analysisFile = "analysis.csv"
    /// One row per assumption made to run a varied pattern (`point`, the varied paths, then
    /// compare's derived.csv columns); written when `pattern.type` is varied.
    public static let derivedFile = "derived.csv"
    /// The folder of per-point files.
    public static let pointsFolder = "points"

    /// `DIR/points/NNNNNN.csv`.
    public static func rowsPath(_ point: Int, in folder: String) -> String {
        "\(slashed(folder))\(pointsFolder)/\(number(point)).csv"
    }

    /// `DIR/points/NNNNNN.stats.csv`.
    public static func statsPath(_ point: Int, in folder: String) -> String {
        "\(slashed(folder))\(pointsFolder)/\(number(point)).stats.csv"
    }

    /// `DIR/points/NNNNNN.derived.csv`, written before the point's other two files.
    public static func derivedPath(_ point: Int, in folder: String) -> String {
        "\(slashed(folder))\(pointsFolder)/\(number(point)).derived.csv"
    }

    /// The derived rows of `point`: what `compare`'s code path (``DetailCSV/derived(_:scenario:)``)
    /// writes for `assumptions`, with a header.
    public static func derived(_ point: SweepPoint, _ assumptions: [DerivedAssumption], scenario: String)
        -> String
    {
        prefixed(DetailCSV.derived(assumptions, scenario: scenario), point)
    }

    /// `folder` ending in `/`.
    public static func slashed(_ folder: String) -> String { folder.hasSuffix("/") ? folder : folder + "/" }

    /// Six digits at least, so file names sort in point order.
    static func number(_ point: Int) -> String {
        let digits = String(point)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// The leading columns of every sweep file of `grid`.
    public static func leadingColumns(_ grid: SweepGrid) -> [String] { ["point"] + grid.paths }

    /// The sweep rows of `point` (its replications' summaries), with a header.
    public static func rows(_ point: SweepPoint, _ runs: [RunSummary]) -> String {
        prefixed(SummaryCSV.text(for: runs), point)
    }

    /// The stats rows of `point` at `confidence`, with a header.
    public static func stats(_ point: SweepPoint, _ runs: [RunSummary], confidence: Double) -> String {
        prefixed(StatsCSV.text(for: runs, confidence: confidence), point)
    }

    /// `csv` with `point,value,...` in front of every line (`point` and the paths on the header).
    static func prefixed(_ csv: String, _ point: SweepPoint) -> String {
        var headerPrefix = ""
        CSV.appendLine(["point"] + point.paths, to: &headerPrefix)
        var rowPrefix = ""
        CSV.appendLine([String(point.index)] + point.values, to: &rowPrefix)
        headerPrefix.removeLast()
        rowPrefix.removeLast()
        var text = ""
        for (number, line) in csv.split(separator: "\n").enumerated() {
            text += (number == 0 ? headerPrefix : rowPrefix) + "," + line + "\n"
        }
        return text
    }

    /// The header line and the rows of each per-point file joined into one file, or the index of
    /// the first file whose header differs from the first one's (a coordinator that reports
    /// different custom metrics at different points).
    public static func join(_ files: [String]) -> Result<String, JoinError> {
        guard let first = files.first else { return .success("") }
        let header = first.prefix { $0 != "\n" }
        var text = String(header) + "\n"
        for (index, file) in files.enumerated() {
            guard file.prefix(while: { $0 != "\n" }) == header else {
                return .failure(JoinError(file: index))
            }
            if let newline = file.firstIndex(of: "\n") { text += file[file.index(after: newline)...] }
        }
        return .success(text)
    }

    /// Per-point files whose headers differ: sweep.csv has one header.
    public struct JoinError: Error, Sendable, Hashable {
        /// The position (in point order) of the first file that differs.
        public var file: Int
    }
}

/// A minimal RFC 4180 reader for the files ``SweepFiles`` writes (fields without line breaks).
enum SweepCSVReader {
    /// The fields of each line.
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map(fields)
    }

    /// The fields of one line: quoted fields unquoted, doubled quotes undoubled.
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = []
        var field = ""
        var quotedField = false
        var iterator = line.makeIterator()
        var pending: Character? = iterator.next()
        while let c = pending {
            pending = iterator.next()
            if quotedField {
                if c == "\"" {
                    if pending == "\"" {
                        field.append("\"")
                        pending = iterator.next()
                    } else {
                        quotedField = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quotedField = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        fields.append(field)
        return fields
    }
}
