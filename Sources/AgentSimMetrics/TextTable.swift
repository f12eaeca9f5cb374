/// A plain, aligned text table for terminals: a header, a rule, one line per row.
///
/// Columns are separated by two spaces; numeric columns are right-aligned so digits line up, text
/// columns left-aligned. Lines carry no trailing spaces and end with `"\n"`.
public struct TextTable: Sendable {
    /// How a column's cells are aligned.
    public enum Alignment: Sendable {
        /// Text: padded on the right.
        case left
        /// Numbers: padded on the left.
        case right
    }

    /// A column's title and alignment.
    public struct Column: Sendable {
        /// The header cell.
        public var title: String
        /// How the title and the cells are aligned.
        public var alignment: Alignment
        /// Creates a column.
        public init(_ title: String, _ alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns, left to right.
    public let columns: [Column]
    /// The rows added so far, one cell per column.
    public private(set) var rows: [[String]] = []

    /// Creates an empty table.
    public init(columns: [Column]) { self.columns = columns }

    /// Adds a row; it must have one cell per column.
    public mutating func append(_ cells: [String]) {
        precondition(
            cells.count == columns.count, "a row has \(cells.count) cells, the table \(columns.count)")
        rows.append(cells)
    }

    /// The table as text.
    /// - Complexity: O(cells).
    public func render() -> String {
        var widths = columns.map(\.title.count)
        for row in rows {
            for (index, cell) in row.enumerated() { widths[index] = Swift.max(widths[index], cell.count) }
        }
        var text = ""
        appendLine(columns.map(\.title), widths: widths, to: &text)
        appendLine(widths.map { String(repeating: "-", count: $0) }, widths: widths, to: &text)
        for row in rows { appendLine(row, widths: widths, to: &text) }
        return text
    }

    private func appendLine(_ cells: [String], widths: [Int], to text: inout String) {
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "  " }
            let padding = String(repeating: " ", count: widths[index] - cell.count)
            line += columns[index].alignment == .right ? padding + cell : cell + padding
        }
        while line.last == " " { line.removeLast() }
        text += line + "\n"
    }
}

extension TextTable {
    /// `value` rounded to `digits` significant digits in plain decimal notation, e.g. `0.01235`,
    /// `12.35`, `12346`; values of 10^15 and more, or below 10^-6, in Swift's shortest form instead.
    ///
    /// For display only: the result does not round-trip and never goes into CSV.
    public static func format(_ value: Double, significantDigits digits: Int = 4) -> String {
        precondition(digits >= 1 && digits <= 15, "significant digits must be in 1...15")
        guard value.isFinite, value != 0 else { return value == 0 ? "0" : "\(value)" }
        let magnitude = abs(value)
        guard magnitude < 1e15, magnitude >= 1e-6 else { return "\(value)" }
        // exponent: 10^exponent ≤ magnitude < 10^(exponent + 1)
        var exponent = 0
        var power = 1.0
        while magnitude >= power * 10 {
            power *= 10
            exponent += 1
        }
        while magnitude < power {
            power /= 10
            exponent -= 1
        }
        var decimals = Swift.max(0, digits - 1 - exponent)
        var scaled = (magnitude * powerOfTen(decimals)).rounded()
        if decimals > 0, scaled >= powerOfTen(digits) {  // 9.99995 rounded up to 10.000: one fewer
            decimals -= 1
            scaled = (magnitude * powerOfTen(decimals)).rounded()
        }
        var text = String(Int64(scaled))
        if decimals > 0 {
            if text.count <= decimals {
                text = String(repeating: "0", count: decimals + 1 - text.count) + text
            }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
        }
        return value < 0 ? "-" + text : text
    }

    /// 10^n for 0 ≤ n ≤ 22, exact in `Double`.
    private static func powerOfTen(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}
