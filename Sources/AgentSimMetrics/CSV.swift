/// RFC 4180 CSV text: a header row, then one line per row.
///
/// Choices within RFC 4180: lines end with `"\n"` (not CRLF), including the last; a field is quoted
/// only when it contains a comma, a double quote, CR or LF, and a quote inside it is doubled. Numbers
/// are written so that the same values always give the same bytes: integers in decimal, doubles in
/// Swift's shortest round-trip form (`"\(d)"`: `0.1`, `3.0`, `1e-05`, `1e+20`), non-finite doubles and
/// `nil` as an empty field.
public struct CSVWriter: Sendable {
    /// The column names, written as the first line.
    public let header: [String]
    /// The CSV text so far (the header line, then every appended row).
    public private(set) var text: String

    /// Creates CSV text holding only the header line.
    public init(header: [String]) {
        self.header = header
        text = ""
        CSV.appendLine(header, to: &text)
    }

    /// Appends one row; it must have one value per header column.
    /// - Parameter values: The fields, converted by ``CSVField``.
    public mutating func append(_ values: [any CSVField]) {
        precondition(
            values.count == header.count, "a CSV row has \(values.count) fields, the header \(header.count)")
        CSV.appendLine(values.map(\.csvText), to: &text)
    }
}

/// The escaping and number formatting of ``CSVWriter``, for callers that build lines themselves.
public enum CSV {
    /// `field` as it appears in a CSV line: quoted, with quotes doubled, only when it contains a comma,
    /// a double quote, CR or LF.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.utf8.contains { byte in
            byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r")
                || byte == UInt8(ascii: "\n")
        }
        guard needsQuotes else { return field }
        var quoted = "\""
        for character in field.unicodeScalars {
            if character == "\"" { quoted.unicodeScalars.append("\"") }
            quoted.unicodeScalars.append(character)
        }
        quoted.unicodeScalars.append("\"")
        return quoted
    }

    /// A double in Swift's shortest round-trip form; empty for infinities and NaN.
    public static func format(_ value: Double) -> String {
        value.isFinite ? "\(value)" : ""
    }

    /// Appends the escaped `fields`, comma-separated, and a `"\n"`.
    public static func appendLine(_ fields: [String], to text: inout String) {
        for (index, field) in fields.enumerated() {
            if index > 0 { text.append(",") }
            text.append(escape(field))
        }
        text.append("\n")
    }
}

/// A value that can be written as one CSV field (before escaping).
public protocol CSVField {
    /// The unescaped field text.
    var csvText: String { get }
}

extension String: CSVField {
    /// The string itself.
    public var csvText: String { self }
}

extension Substring: CSVField {
    /// The substring itself.
    public var csvText: String { String(self) }
}

extension Int: CSVField {
    /// Decimal digits.
    public var csvText: String { String(self) }
}

extension Int64: CSVField {
    /// Decimal digits.
    public var csvText: String { String(self) }
}

extension UInt64: CSVField {
    /// Decimal digits.
    public var csvText: String { String(self) }
}

extension Double: CSVField {
    /// The shortest round-trip form; empty when not finite.
    public var csvText: String { CSV.format(self) }
}

extension Bool: CSVField {
    /// `true` or `false`.
    public var csvText: String { self ? "true" : "false" }
}

extension Optional: CSVField where Wrapped: CSVField {
    /// The wrapped value's field, or empty for `nil`.
    public var csvText: String { self?.csvText ?? "" }
}
