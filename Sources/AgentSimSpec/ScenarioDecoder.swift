import AgentSimKernel

/// A JSON value and the path it was found at: what every decoding step takes, so every error can
/// say where it is.
struct JSONField: Sendable {
    /// The value.
    var value: JSONValue
    /// Where it is in the document.
    var path: JSONPath
}

/// The positions of decoded values, by JSON path, kept so that checks made after decoding (an
/// unknown skill, a cycle) can still point at a line and column.
package final class SourceMap {
    private var locations: [String: JSONLocation] = [:]
    /// The file errors name when a path has no recorded position.
    let file: String

    /// Creates an empty map for `file`.
    init(file: String) { self.file = file }

    /// Remembers where the value at `path` came from.
    func record(_ path: JSONPath, _ location: JSONLocation) {
        locations[path.description] = location
    }

    /// Where the value at `path` came from, or just the file when it was never recorded.
    func location(of path: String) -> JSONLocation {
        locations[path] ?? JSONLocation(file: file)
    }

    /// Where the value at `path` came from, else its nearest recorded ancestor (a value the
    /// decoder never read, e.g. a key of an object it took whole, is inside that object).
    func nearestLocation(of path: JSONPath) -> JSONLocation {
        var p = path
        while !p.components.isEmpty {
            if let location = locations[p.description] { return location }
            p.components.removeLast()
        }
        return locations[p.description] ?? JSONLocation(file: file)
    }
}

/// Turns a parsed scenario document into a ``Scenario``: checks every key, type and unit, and
/// reports the first problem with its JSON path and position.
///
/// The decoder reads keys through ``ObjectReader``, which rejects unknown keys up front with the
/// closest known one. Cross-references (skills, step names, models) are checked afterwards by
/// ``ScenarioValidator``, which finds positions through the ``SourceMap`` filled here.
struct ScenarioDecoder {
    /// The folder that relative data-file paths (empirical samples, traces) resolve against.
    let baseDirectory: String
    /// Where every decoded value came from.
    let sourceMap: SourceMap
    /// The patterns `pattern.type` may name, and their parameters.
    let patterns: PatternVocabulary

    static let rootKeys = [
        "name", "description", "seed", "workload", "models", "agents", "network", "pattern", "policies",
        "faults", "chaos", "run",
    ]

    /// An error about `field`, at its position.
    func error(_ field: JSONField, _ message: String, allowed: String = "") -> ScenarioError {
        error(at: field.value.location, path: field.path, message, allowed: allowed)
    }

    /// An error at an explicit position.
    func error(at location: JSONLocation, path: JSONPath, _ message: String, allowed: String = "")
        -> ScenarioError
    {
        ScenarioError(
            file: location.file, path: path.description, line: location.line, column: location.column,
            message: message, allowed: allowed)
    }

    /// Decodes the whole document.
    func decodeScenario(_ root: JSONValue) throws(ScenarioError) -> Scenario {
        let field = JSONField(value: root, path: .root)
        sourceMap.record(.root, root.location)
        guard root.members != nil else {
            throw error(field, "a scenario is a JSON object, found \(root.typeDescription)")
        }
        let object = try ObjectReader(field, allowed: Self.rootKeys, decoder: self)
        let nameField = try object.required("name")
        let name = try nonEmptyString(nameField)
        if name.contains("/") || name.contains("\\") || name == "." || name == ".." {
            throw error(
                nameField,
                "the name is used as a folder name, so it cannot contain '/' or '\\'"
                    + " or be \".\" or \"..\"")
        }
        var description = ""
        if let f = object.optional("description") { description = try string(f) }
        var seed: UInt64 = 1
        if let f = object.optional("seed") { seed = try self.seed(f) }
        let workload = try decodeWorkload(object.required("workload"))
        var models: [ModelSpec] = []
        if let f = object.optional("models") { models = try decodeModels(f) }
        let agents = try decodeAgents(object.required("agents"))
        var network = NetworkSpec()
        if let f = object.optional("network") { network = try decodeNetwork(f) }
        var pattern = PatternSpec.pipeline()
        if let f = object.optional("pattern") { pattern = try decodePattern(f) }
        var limits = RunLimits()
        var timeseriesInterval: SimDuration?
        if let f = object.optional("run") { (limits, timeseriesInterval) = try decodeRunLimits(f) }
        var scenario = Scenario(
            name: name, description: description, seed: seed, workload: workload, models: models,
            agents: agents, network: network, pattern: pattern, limits: limits)
        scenario.timeseriesInterval = timeseriesInterval
        if let f = object.optional("policies") { try decodeScenarioPolicies(f, into: &scenario) }
        if let f = object.optional("faults") { try decodeFaultList(f, into: &scenario) }
        if let f = object.optional("chaos") { scenario.chaos = try decodeChaos(f, roles: scenario.agents) }
        return scenario
    }
}
