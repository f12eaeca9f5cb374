/// Reads the members of one JSON object, with unknown keys rejected up front.
///
/// A misspelt key silently ignored is a scenario that quietly measures something else, so every
/// object declares the keys it allows; anything else is an error naming the closest allowed key.
struct ObjectReader {
    /// The object and its path.
    let field: JSONField
    private let members: [JSONMember]
    private let decoder: ScenarioDecoder

    /// Checks that `field` is an object whose keys are all in `allowed`.
    ///
    /// - Parameters:
    ///   - field: The value to read.
    ///   - allowed: The keys this object may have, in documentation order.
    ///   - unsupported: Keys that are recognised but rejected, each with the message to show (e.g.
    ///     a key that belongs to another arrival process, or a feature not built yet).
    ///   - what: What the object is, for the wrong-type message ("a role", "a step").
    ///   - decoder: The decoder, for errors and the source map.
    init(
        _ field: JSONField, allowed: [String], unsupported: [String: String] = [:],
        what: String = "an object",
        decoder: ScenarioDecoder
    ) throws(ScenarioError) {
        guard let members = field.value.members else {
            throw decoder.error(
                field, "expected \(what) (a JSON object), found \(field.value.typeDescription)",
                allowed: "an object with the keys " + ClosestKey.list(allowed))
        }
        for member in members where !allowed.contains(member.key) {
            let path = field.path.appending(member.key)
            if let message = unsupported[member.key] {
                throw decoder.error(at: member.keyLocation, path: path, message)
            }
            throw decoder.error(
                at: member.keyLocation, path: path,
                "unknown key \(quoted(member.key))" + ClosestKey.didYouMean(member.key, among: allowed),
                allowed: ClosestKey.list(allowed))
        }
        self.field = field
        self.members = members
        self.decoder = decoder
    }

    /// The member `key`, or `nil` when the object does not have it.
    func optional(_ key: String) -> JSONField? {
        guard let member = members.first(where: { $0.key == key }) else { return nil }
        let path = field.path.appending(key)
        decoder.sourceMap.record(path, member.value.location)
        return JSONField(value: member.value, path: path)
    }

    /// The member `key`; an error naming the object when it is missing.
    func required(_ key: String, hint: String = "") throws(ScenarioError) -> JSONField {
        guard let value = optional(key) else {
            throw decoder.error(field, "missing required key \(quoted(key))" + hint)
        }
        return value
    }

    /// True when the object has the member `key`.
    func has(_ key: String) -> Bool { members.contains { $0.key == key } }

    /// The members in file order.
    var fields: [(key: String, field: JSONField)] {
        members.map { member in
            let path = field.path.appending(member.key)
            decoder.sourceMap.record(path, member.value.location)
            return (member.key, JSONField(value: member.value, path: path))
        }
    }

    /// The member `key` of `field` if it is an object that has it, read without the unknown-key
    /// check: for keys that decide which other keys are allowed (`dist`, `process`, `type`).
    static func member(_ field: JSONField, _ key: String, decoder: ScenarioDecoder) -> JSONField? {
        guard let value = field.value[key] else { return nil }
        let path = field.path.appending(key)
        decoder.sourceMap.record(path, value.location)
        return JSONField(value: value, path: path)
    }
}
