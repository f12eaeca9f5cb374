import AgentSimSpec

/// A CSV file read back for a report: a header and rows of fields (RFC 4180 quoting).
public struct CSVTable: Sendable {
    /// The column names.
    public var header: [String]
    /// The rows, each as long as the header (short rows padded with empty fields).
    public var rows: [[String]]

    /// Parses `text`; an empty text is a table with no columns.
    public init(parsing text: String) {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var chars = Array(text.unicodeScalars)[...]
        var atStart = true
        while let c = chars.popFirst() {
            if quoted {
                if c == "\"" {
                    if chars.first == "\"" {
                        chars.removeFirst()
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: quoted = true
            case ",":
                record.append(field)
                field = ""
            case "\r": continue
            case "\n":
                record.append(field)
                records.append(record)
                record = []
                field = ""
                atStart = true
                continue
            default: field.unicodeScalars.append(c)
            }
            atStart = false
        }
        if !atStart || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        header = records.first ?? []
        let width = header.count
        rows = records.dropFirst().map {
            $0.count < width ? $0 + Array(repeating: "", count: width - $0.count) : $0
        }
    }

    /// The index of column `name`, if the table has it.
    public func index(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The text of column `name` in every row (empty when the column is missing).
    public func column(_ name: String) -> [String] {
        guard let i = index(name) else { return [] }
        return rows.map { $0[i] }
    }

    /// Column `name` as numbers (`nil` where a field is not a number).
    public func numbers(_ name: String) -> [Double?] { column(name).map { Double($0) } }

    /// The rows whose column `name` equals `value`.
    public func filtered(_ name: String, equals value: String) -> CSVTable {
        guard let i = index(name) else { return CSVTable(header: header, rows: []) }
        return CSVTable(header: header, rows: rows.filter { $0[i] == value })
    }

    /// The distinct values of column `name`, in first-seen order.
    public func distinct(_ name: String) -> [String] {
        var seen: Set<String> = []
        return column(name).filter { seen.insert($0).inserted }
    }

    /// A table of `header` and `rows`.
    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }
}
