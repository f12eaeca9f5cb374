/// A strict RFC 8259 JSON parser that keeps key order and the line and column of every value.
///
/// Foundation's `JSONSerialization` loses both, and scenario errors must say where they are. Strict
/// means no comments, no trailing commas, no single quotes, no `NaN`; duplicate keys are errors too,
/// since a second `"count"` silently winning is exactly the kind of mistake a scenario file hides.
package struct JSONParser {
    /// Deeper nesting than this is refused rather than risking the stack; scenarios need about 8.
    static let maxDepth = 200

    let bytes: [UInt8]
    let file: String
    var index = 0
    var line = 1
    var column = 1
    /// The path of the value being parsed, so syntax errors can say where in the document they are.
    var path = JSONPath.root
    var depth = 0

    /// Parses `text` as one JSON document.
    ///
    /// - Parameters:
    ///   - text: The whole document.
    ///   - file: The name used in errors and in every value's location.
    /// - Throws: ``ScenarioError`` at the first syntax error, with its line, column and what was
    ///   expected there.
    package static func parse(_ text: String, file: String) throws(ScenarioError) -> JSONValue {
        var parser = JSONParser(bytes: Array(text.utf8), file: file)
        return try parser.parseDocument()
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private mutating func parseDocument() throws(ScenarioError) -> JSONValue {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }  // a UTF-8 byte order mark
        skipWhitespace()
        if index == bytes.count { throw error("the file is empty; expected a JSON object") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count {
            throw error(
                "unexpected \(describeNext()) after the end of the document; a JSON file holds one value")
        }
        return value
    }

    // MARK: - Values

    mutating func parseValue() throws(ScenarioError) -> JSONValue {
        let location = here
        guard index < bytes.count else { throw error("expected a value, found the end of the file") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return JSONValue(kind: .string(try parseString()), location: location)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return JSONValue(kind: .number(try parseNumber()), location: location)
        default: return JSONValue(kind: try parseLiteral(), location: location)
        }
    }

    private mutating func parseObject() throws(ScenarioError) -> JSONValue {
        let location = here
        try enterContainer()
        advance()  // {
        var members: [JSONMember] = []
        var seen: [String: JSONLocation] = [:]
        skipWhitespace()
        if peek == UInt8(ascii: "}") {
            advance()
            depth -= 1
            return JSONValue(kind: .object(members), location: location)
        }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else {
                throw error("expected a key in double quotes, found \(describeNext())")
            }
            let keyLocation = here
            let key = try parseString()
            if let first = seen[key] {
                throw error(
                    "duplicate key \(quoted(key)) (first at line \(first.line ?? 0):\(first.column ?? 0))",
                    at: keyLocation)
            }
            seen[key] = keyLocation
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else {
                throw error("expected ':' after the key \(quoted(key)), found \(describeNext())")
            }
            advance()
            skipWhitespace()
            path = path.appending(key)
            let value = try parseValue()
            path.components.removeLast()
            members.append(JSONMember(key: key, keyLocation: keyLocation, value: value))
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                advance()
                break
            }
            guard peek == UInt8(ascii: ",") else {
                throw error("expected ',' or '}' after the value of \(quoted(key)), found \(describeNext())")
            }
            let comma = here
            advance()
            skipWhitespace()
            if peek == UInt8(ascii: "}") {
                throw error(
                    "trailing comma before '}'; JSON allows no comma after the last member", at: comma)
            }
        }
        depth -= 1
        return JSONValue(kind: .object(members), location: location)
    }

    private mutating func parseArray() throws(ScenarioError) -> JSONValue {
        let location = here
        try enterContainer()
        advance()  // [
        var items: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") {
            advance()
            depth -= 1
            return JSONValue(kind: .array(items), location: location)
        }
        while true {
            skipWhitespace()
            path = path.appending(items.count)
            items.append(try parseValue())
            path.components.removeLast()
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                advance()
                break
            }
            guard peek == UInt8(ascii: ",") else {
                throw error("expected ',' or ']' after an array element, found \(describeNext())")
            }
            let comma = here
            advance()
            skipWhitespace()
            if peek == UInt8(ascii: "]") {
                throw error(
                    "trailing comma before ']'; JSON allows no comma after the last element", at: comma)
            }
        }
        depth -= 1
        return JSONValue(kind: .array(items), location: location)
    }

    private mutating func enterContainer() throws(ScenarioError) {
        depth += 1
        if depth > Self.maxDepth {
            throw error("objects and arrays are nested more than \(Self.maxDepth) levels deep")
        }
    }

    private mutating func parseLiteral() throws(ScenarioError) -> JSONValue.Kind {
        let start = here
        let startIndex = index
        while let b = peek, isWordByte(b) { advance() }
        let word = String(decoding: bytes[startIndex..<index], as: UTF8.self)
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "":
            break
        default:
            let hint: String
            switch word.lowercased() {
            case "true", "false", "null": hint = "; JSON literals are lowercase"
            case "nan", "infinity", "inf": hint = "; JSON has no NaN or Infinity"
            case _ where word.hasPrefix("."): hint = "; a number needs a digit before its decimal point"
            default: hint = "; strings must be in double quotes"
            }
            throw error("unexpected '\(word)'; expected a value\(hint)", at: start)
        }
        throw error(
            "expected a value (an object, array, string, number, true, false or null), "
                + "found \(describeNext())"
        )
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
            || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "_")
            || b == UInt8(ascii: "$") || b == UInt8(ascii: ".") || b >= 0x80
    }

    // MARK: - Position

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    var here: JSONLocation { JSONLocation(file: file, line: line, column: column) }

    /// Moves past one byte, keeping line and column (in Unicode scalars) current.
    mutating func advance() {
        let b = bytes[index]
        index += 1
        if b == UInt8(ascii: "\n") || (b == UInt8(ascii: "\r") && peek != UInt8(ascii: "\n")) {
            line += 1
            column = 1
        } else if b & 0xC0 != 0x80 && b != UInt8(ascii: "\r") {
            column += 1
        }
    }

    mutating func skipWhitespace() {
        while let b = peek,
            b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\n")
                || b == UInt8(ascii: "\r")
        {
            advance()
        }
    }

    /// The next character, described for a "found ..." message.
    func describeNext() -> String {
        guard index < bytes.count else { return "the end of the file" }
        let b = bytes[index]
        switch b {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "a line break"
        case UInt8(ascii: "/"): return "'/' (JSON has no comments)"
        case UInt8(ascii: "'"): return "'\\'' (strings use double quotes)"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default:
            var end = index + 1
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            let text = String(decoding: bytes[index..<end], as: UTF8.self)
            let scalar = text.unicodeScalars.first!
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    func error(_ message: String, at location: JSONLocation? = nil) -> ScenarioError {
        let at = location ?? here
        return ScenarioError(
            file: file, path: path.description, line: at.line, column: at.column, message: message)
    }
}
