import AgentSimKernel

/// JSON text from a ``JSONValue``: what scenario files written by the tool (shrunk chaos schedules)
/// are made of.
extension JSONValue {
    /// Put a limit on everything: a container stays on one line up to this many characters.
    static let inlineWidth = 96

    /// The value as JSON text, two spaces per level; small containers stay on one line.
    package func rendered(indent: Int = 0) -> String {
        let inline = renderedInline()
        if inline.count + indent <= Self.inlineWidth || isScalar { return inline }
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch kind {
        case .array(let items):
            let lines = items.map { pad + $0.rendered(indent: indent + 2) }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + close + "]"
        case .object(let members):
            let lines = members.map { pad + quoted($0.key) + ": " + $0.value.rendered(indent: indent + 2) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + close + "}"
        default:
            return inline
        }
    }

    /// The value on one line.
    func renderedInline() -> String {
        switch kind {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let text): text
        case .string(let s): quoted(s)
        case .array(let items): "[" + items.map { $0.renderedInline() }.joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.map { quoted($0.key) + ": " + $0.value.renderedInline() }.joined(separator: ", ")
                + "}"
        }
    }

    private var isScalar: Bool {
        switch kind {
        case .array, .object: false
        default: true
        }
    }

    /// A value built in code (no position in any file).
    package static func make(_ kind: Kind) -> JSONValue {
        JSONValue(kind: kind, location: JSONLocation(file: ""))
    }

    /// An object built in code, members in the given order.
    package static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        make(.object(members.map { JSONMember(key: $0.0, keyLocation: JSONLocation(file: ""), value: $0.1) }))
    }

    /// A number in Swift's shortest round-trip form, which the scenario parser reads back exactly.
    package static func number(_ x: Double) -> JSONValue {
        if x == x.rounded(), abs(x) < 1e15 { return make(.number(String(Int64(x)))) }
        return make(.number("\(x)"))
    }

    /// A duration, in the largest unit that states it exactly (`"250ms"`, `"2m"`).
    static func duration(_ d: SimDuration) -> JSONValue { make(.string(d.description)) }

    /// A list of role names.
    package static func names(_ names: [String]) -> JSONValue {
        make(.array(names.map { make(.string($0)) }))
    }

    /// The member `key` replaced by `value` (appended when absent), or removed when `value` is nil.
    func setting(_ key: String, _ value: JSONValue?) -> JSONValue {
        guard var members else { return self }
        if let i = members.firstIndex(where: { $0.key == key }) {
            if let value { members[i].value = value } else { members.remove(at: i) }
        } else if let value {
            members.append(JSONMember(key: key, keyLocation: JSONLocation(file: ""), value: value))
        }
        return JSONValue(kind: .object(members), location: location)
    }
}
