import Foundation

/// Reads, overrides and validates scenario files.
public enum ScenarioLoader {
    /// Loads the scenario at `path`, applies `overrides` (`PATH=VALUE`, as given to `--set`), and
    /// validates it.
    ///
    /// - Parameters:
    ///   - path: The scenario file; relative file references inside it resolve against its folder.
    ///   - overrides: `--set` assignments, applied in order before decoding.
    ///   - patterns: The patterns the file may name (``load(path:overrides:)`` passes the registry's).
    /// - Returns: The scenario (its ``Scenario/source`` the path and `overrides`) and the warnings
    ///   (e.g. an unstable pool) found while validating.
    /// - Throws: ``ScenarioError`` for the first problem found.
    public static func load(
        path: String, overrides: [String] = [], patterns: PatternVocabulary
    ) throws(ScenarioError) -> (scenario: Scenario, warnings: [ScenarioWarning]) {
        var loaded = try load(
            json: readScenarioFile(path), file: path, baseDirectory: folder(of: path), overrides: overrides,
            patterns: patterns)
        loaded.scenario.source = ScenarioSource(path: path, overrides: overrides)
        return loaded
    }

    /// Loads a scenario from JSON text: parses it, applies `overrides`, decodes and validates it.
    ///
    /// - Parameters:
    ///   - json: The scenario document.
    ///   - file: The name errors and warnings carry (usually the path it was read from).
    ///   - baseDirectory: The folder relative data-file paths resolve against.
    ///   - overrides: `--set` assignments (`PATH=VALUE`), applied in order before decoding.
    ///   - patterns: The patterns the document may name.
    /// - Returns: The scenario and the warnings found while validating.
    /// - Throws: ``ScenarioError`` for the first problem found.
    public static func load(
        json: String, file: String, baseDirectory: String, overrides: [String] = [],
        patterns: PatternVocabulary
    ) throws(ScenarioError) -> (scenario: Scenario, warnings: [ScenarioWarning]) {
        let (scenario, sourceMap) = try decode(
            json: json, file: file, baseDirectory: baseDirectory, overrides: overrides, patterns: patterns)
        let warnings = ScenarioValidator(scenario: scenario, sourceMap: sourceMap, patterns: patterns)
            .loadWarnings()
        return (scenario, warnings)
    }

    /// Everything but the load estimate: parse, override, decode, check references.
    package static func decode(
        json: String, file: String, baseDirectory: String, overrides: [String] = [],
        patterns: PatternVocabulary
    ) throws(ScenarioError) -> (Scenario, SourceMap) {
        let document = try Overrides.apply(overrides, to: JSONParser.parse(json, file: file))
        let sourceMap = SourceMap(file: file)
        let decoder = ScenarioDecoder(baseDirectory: baseDirectory, sourceMap: sourceMap, patterns: patterns)
        let scenario = try decoder.decodeScenario(document)
        try ScenarioValidator(scenario: scenario, sourceMap: sourceMap, patterns: patterns).checkReferences()
        return (scenario, sourceMap)
    }

    /// A located error about the value at `path` of the scenario file `file` (after `overrides`),
    /// for a problem found only after running, when the decoder's positions are gone: the file is
    /// read and decoded again to find where the value came from (its line and column, or the
    /// `--set` that gave it).
    ///
    /// `patterns` are those the file may name
    /// (``error(at:inScenarioFile:overrides:message:allowed:)`` passes the registry's).
    /// - Returns: The error; without a position when the file can no longer be read or decoded.
    public static func error(
        at path: String, inScenarioFile file: String, overrides: [String] = [], message: String,
        allowed: String = "", patterns: PatternVocabulary
    ) -> ScenarioError {
        var location = JSONLocation(file: file)
        if let text = try? readScenarioFile(file),
            let (_, sourceMap) = try? decode(
                json: text, file: file, baseDirectory: folder(of: file), overrides: overrides,
                patterns: patterns)
        {
            location = sourceMap.location(of: path)
        }
        return ScenarioError(
            file: location.file, path: path, line: location.line, column: location.column, message: message,
            allowed: allowed)
    }

    private static func readScenarioFile(_ path: String) throws(ScenarioError) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ScenarioError(file: path, path: "", message: "no such scenario file")
        }
        if isDirectory.boolValue {
            throw ScenarioError(file: path, path: "", message: "is a folder, not a scenario file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ScenarioError(file: path, path: "", message: "cannot read the scenario file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(file: path, path: "", message: "the scenario file is not UTF-8 text")
        }
        return text
    }

    /// The folder part of `path` (`"."` for a bare file name).
    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
