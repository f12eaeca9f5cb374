/// Where a JSON value came from: the file (or `--set PATH` for an override) and, when the parser
/// saw it, the 1-based line and column of its first character.
package struct JSONLocation: Sendable, Hashable {
    /// The scenario file as the user named it, a data file, or `--set PATH`.
    package var file: String
    /// 1-based line, when known.
    package var line: Int?
    /// 1-based column (in Unicode scalars), when known.
    package var column: Int?
}

/// A parsed JSON value that keeps what Foundation's parser throws away: object keys in file order
/// (the order of agent roles fixes agent indices) and the position of every value, for errors.
package struct JSONValue: Sendable, Hashable {
    /// The value itself.
    package enum Kind: Sendable, Hashable {
        case null
        case bool(Bool)
        /// The number exactly as written (already checked against RFC 8259), so that integers and
        /// decimal durations convert without passing through `Double`.
        case number(String)
        case string(String)
        case array([JSONValue])
        /// Members in file order; keys are unique.
        case object([JSONMember])
    }

    /// The value.
    package var kind: Kind
    /// Where it came from.
    package var location: JSONLocation

    /// A value of `kind` found at `location`.
    package init(kind: Kind, location: JSONLocation) {
        self.kind = kind
        self.location = location
    }

    /// What the value is, for "expected X, found Y" messages: "a string", "an object", ...
    package var typeDescription: String {
        switch kind {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let text): "the number \(text)"
        case .string(let s): "the string \(quoted(s))"
        case .array: "an array"
        case .object: "an object"
        }
    }

    /// The members, when the value is an object.
    package var members: [JSONMember]? {
        if case .object(let members) = kind { return members }
        return nil
    }

    /// The member named `key`, when the value is an object that has it.
    package subscript(key: String) -> JSONValue? {
        members?.first { $0.key == key }?.value
    }

    /// The same value with every location replaced by `location` (used for override values, whose
    /// positions inside the `--set` argument would only confuse).
    func relocated(to location: JSONLocation) -> JSONValue {
        switch kind {
        case .array(let items):
            return JSONValue(kind: .array(items.map { $0.relocated(to: location) }), location: location)
        case .object(let members):
            let moved = members.map {
                JSONMember(key: $0.key, keyLocation: location, value: $0.value.relocated(to: location))
            }
            return JSONValue(kind: .object(moved), location: location)
        default:
            return JSONValue(kind: kind, location: location)
        }
    }
}

/// One `"key": value` pair of a JSON object.
package struct JSONMember: Sendable, Hashable {
    /// The key.
    package var key: String
    /// Where the key starts (unknown-key errors point here).
    package var keyLocation: JSONLocation
    /// The value.
    package var value: JSONValue

    /// A member `key` (found at `keyLocation`) with its value.
    package init(key: String, keyLocation: JSONLocation, value: JSONValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}

/// `s` in double quotes with control characters, quotes and backslashes escaped, so a message stays
/// on one line whatever the input held.
package func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}
