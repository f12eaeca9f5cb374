extension JSONParser {
    /// Parses a string starting at its opening quote; returns its decoded contents.
    mutating func parseString() throws(ScenarioError) -> String {
        let start = here
        advance()  // "
        var buffer: [UInt8] = []
        while true {
            guard let b = peek else {
                throw error("unterminated string; expected a closing '\"'", at: start)
            }
            switch b {
            case UInt8(ascii: "\""):
                advance()
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                try parseEscape(into: &buffer)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error("a string cannot span lines; write \\n for a line break")
            case 0..<0x20:
                throw error("a control character must be escaped in a string (as \\u00XX)")
            default:
                buffer.append(b)
                advance()
            }
        }
    }

    private mutating func parseEscape(into buffer: inout [UInt8]) throws(ScenarioError) {
        let escapeStart = here
        advance()  // backslash
        guard let c = peek else { throw error("unterminated string; expected a closing '\"'") }
        let simple: [UInt8: UInt8] = [
            UInt8(ascii: "\""): UInt8(ascii: "\""), UInt8(ascii: "\\"): UInt8(ascii: "\\"),
            UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
            UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
        ]
        if let replacement = simple[c] {
            buffer.append(replacement)
            advance()
            return
        }
        guard c == UInt8(ascii: "u") else {
            throw error(
                "invalid escape '\\\(describeNext().trimmingQuotes)'; allowed escapes are "
                    + "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", at: escapeStart)
        }
        advance()
        var value = try parseHex4(escapeStart: escapeStart)
        if (0xD800...0xDBFF).contains(value) {
            // A high surrogate is only half a character: the low half must follow as another \u.
            guard peek == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u")
            else {
                throw error(
                    "a \\u escape of a high surrogate must be followed by a low surrogate", at: escapeStart)
            }
            let lowStart = here
            advance()
            advance()
            let low = try parseHex4(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw error(
                    "expected a low surrogate (\\uDC00 to \\uDFFF) after a high surrogate", at: lowStart)
            }
            value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00...0xDFFF).contains(value) {
            throw error("a low surrogate \\u escape without a high surrogate before it", at: escapeStart)
        }
        UTF8.encode(Unicode.Scalar(value)!) { buffer.append($0) }
    }

    private mutating func parseHex4(escapeStart: JSONLocation) throws(ScenarioError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let b = peek, let digit = hexDigit(b) else {
                throw error("a \\u escape needs exactly four hex digits, found \(describeNext())")
            }
            value = value << 4 | digit
            advance()
        }
        return value
    }

    private func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(b - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    /// Parses a number per RFC 8259 and returns its text unchanged.
    mutating func parseNumber() throws(ScenarioError) -> String {
        let startIndex = index
        if peek == UInt8(ascii: "-") { advance() }
        guard let first = peek, isDigit(first) else {
            throw error("expected a digit after '-', found \(describeNext())")
        }
        advance()
        if first == UInt8(ascii: "0"), let next = peek, isDigit(next) {
            throw error("numbers cannot have leading zeros")
        }
        skipDigits()
        if peek == UInt8(ascii: ".") {
            advance()
            guard let d = peek, isDigit(d) else {
                throw error("expected a digit after the decimal point, found \(describeNext())")
            }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            advance()
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { advance() }
            guard let d = peek, isDigit(d) else {
                throw error("expected a digit in the exponent, found \(describeNext())")
            }
            skipDigits()
        }
        return String(decoding: bytes[startIndex..<index], as: UTF8.self)
    }

    private func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }

    private mutating func skipDigits() {
        while let b = peek, isDigit(b) { advance() }
    }
}

extension String {
    /// The text without surrounding single quotes (as `describeNext` adds them).
    fileprivate var trimmingQuotes: String {
        hasPrefix("'") && hasSuffix("'") && count >= 2 ? String(dropFirst().dropLast()) : self
    }
}
