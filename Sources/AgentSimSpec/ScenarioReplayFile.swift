import Foundation

/// Scenario files that replay one chaos seed with an explicit fault schedule (a shrunk one).
public enum ScenarioReplayFile {
    /// The text of a scenario file that replays `faults` under root seed `seed`: the file at `path`
    /// with `overrides` applied, its `seed` set, its `chaos` reduced to the horizon and drain (no
    /// random faults, the same liveness deadline), and `faults` as its whole fault list. Relative
    /// data-file paths are rewritten to stay valid from `directory`, where the file will be written.
    ///
    /// Running it with `agentsim chaos FILE --seed SEED` (or `agentsim run FILE --check`) replays the
    /// schedule alone.
    /// - Throws: ``ScenarioError`` when the file cannot be read or parsed, or an override fails.
    public static func render(
        path: String, overrides: [String], seed: UInt64, chaos: ChaosSpec, faults: [ScheduledFault],
        directory: String
    ) throws(ScenarioError) -> String {
        guard let data = FileManager.default.contents(atPath: path),
            let text = String(data: data, encoding: .utf8)
        else { throw ScenarioError(file: path, path: "", message: "cannot read the scenario file") }
        var document = try Overrides.apply(overrides, to: JSONParser.parse(text, file: path))
        document = rebased(document, from: folder(of: path), to: directory)
        document = document.setting("seed", .make(.number(String(seed))))
        document = document.setting(
            "chaos", .object([("horizon", .duration(chaos.horizon)), ("drain", .duration(chaos.drain))]))
        document = document.setting("faults", .make(.array(faults.map(\.json))))
        return document.rendered() + "\n"
    }

    /// The replay file of `scenario`: ``render(path:overrides:seed:chaos:faults:directory:)`` with
    /// the path and the overrides it was loaded with (``Scenario/source``), so the file is the
    /// document the scenario was decoded from, whatever `--set` list produced it.
    /// - Throws: ``ScenarioError`` when the scenario was not loaded from a file (built in code or
    ///   from text: there is no document to rewrite), or as the other form does.
    public static func render(
        _ scenario: Scenario, seed: UInt64, chaos: ChaosSpec, faults: [ScheduledFault], directory: String
    ) throws(ScenarioError) -> String {
        guard scenario.source.isFile else {
            throw ScenarioError(
                file: scenario.name, path: "",
                message:
                    "the scenario was not loaded from a file, so there is no document to write a replay of")
        }
        return try render(
            path: scenario.source.path, overrides: scenario.source.overrides, seed: seed, chaos: chaos,
            faults: faults, directory: directory)
    }

    /// `value` with every relative `file` path made relative to `target` instead of `source`.
    static func rebased(_ value: JSONValue, from source: String, to target: String) -> JSONValue {
        switch value.kind {
        case .array(let items):
            return JSONValue(
                kind: .array(items.map { rebased($0, from: source, to: target) }), location: value.location)
        case .object(let members):
            let moved = members.map { member -> JSONMember in
                var m = member
                if m.key == "file", case .string(let p) = m.value.kind, !p.hasPrefix("/") {
                    m.value = .make(
                        .string(relativePath(to: absolute(source + "/" + p), from: absolute(target))))
                } else {
                    m.value = rebased(m.value, from: source, to: target)
                }
                return m
            }
            return JSONValue(kind: .object(moved), location: value.location)
        default:
            return value
        }
    }

    /// The folder part of `path` (`"."` for a bare file name).
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// `path` made absolute against the working directory, with `.` and `..` resolved.
    static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var parts: [Substring] = []
        for part in full.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                _ = parts.popLast()
            } else {
                parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// The relative path from folder `base` to `target` (both absolute).
    static func relativePath(to target: String, from base: String) -> String {
        let t = target.split(separator: "/")
        let b = base.split(separator: "/")
        var common = 0
        while common < min(t.count, b.count) && t[common] == b[common] { common += 1 }
        let up = Array(repeating: "..", count: b.count - common)
        return (up + t[common...].map(String.init)).joined(separator: "/")
    }
}
