import AgentSimMetrics
import AgentSimSpec

/// The baseline file format: `#` header lines, then a CSV table with one row per pattern,
/// replication and metric.
///
/// ```
/// # agentsim baseline 1
/// # scenario: mmc
/// # scenario_digest: 5d0c37a1b2e94f60
/// # agentsim_version: 0.2.0
/// pattern,replication,seed,metric,better,value
/// pipeline,0,42,throughput_per_s,higher,3.9812
/// ```
///
/// Values are Swift's shortest round-trip form (whole numbers without `.0`), so reading a file back
/// gives the recorded doubles exactly. The text depends only on the runs, never on the clock.
extension Baseline {
    /// The first line of every baseline file.
    public static let magic = "# agentsim baseline 1"
    /// The header of the table.
    public static let columns = ["pattern", "replication", "seed", "metric", "better", "value"]

    /// The file's text.
    public var text: String {
        var text = Self.magic + "\n"
        text +=
            "# scenario: \(scenario)\n# scenario_digest: \(scenarioDigest)\n# agentsim_version: \(version)\n"
        var writer = CSVWriter(header: Self.columns)
        for e in entries {
            writer.append([
                e.pattern, e.replication, e.seed, e.metric.name, e.metric.direction.rawValue,
                e.value.map(Self.format) ?? "",
            ])
        }
        return text + writer.text
    }

    /// `value` in shortest round-trip form; integral values below 2^53 without a fraction.
    static func format(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return CSV.format(value)
    }

    /// Reads a baseline file's text.
    /// - Parameter file: The path, for error messages.
    /// - Throws: ``ScenarioError`` naming the line and what is wrong.
    public static func parse(_ text: String, file: String) throws(ScenarioError) -> Baseline {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        func fail(_ line: Int, _ message: String) -> ScenarioError {
            ScenarioError(file: file, path: "", line: line, message: message)
        }
        guard lines.first == magic else {
            throw fail(1, "not an AgentSim baseline (expected '\(magic)')")
        }
        var meta: [String: String] = [:]
        var index = 1
        while index < lines.count, lines[index].hasPrefix("# ") {
            let body = lines[index].dropFirst(2)
            guard let colon = body.firstIndex(of: ":") else {
                throw fail(index + 1, "expected '# key: value'")
            }
            meta[String(body[..<colon])] = String(body[body.index(after: colon)...]).trimmingCharacters()
            index += 1
        }
        for key in ["scenario", "scenario_digest", "agentsim_version"] where meta[key] == nil {
            throw fail(index + 1, "missing header line '# \(key): ...'")
        }
        guard index < lines.count, lines[index] == columns.joined(separator: ",") else {
            throw fail(index + 1, "expected the table header '\(columns.joined(separator: ","))'")
        }
        var entries: [Entry] = []
        for n in (index + 1)..<max(index + 1, lines.count) {
            entries.append(try entry(lines[n], line: n + 1, fail: fail))
        }
        return Baseline(
            scenario: meta["scenario"]!, scenarioDigest: meta["scenario_digest"]!,
            version: meta["agentsim_version"]!, entries: entries)
    }

    private static func entry(_ text: String, line: Int, fail: (Int, String) -> ScenarioError)
        throws(ScenarioError) -> Entry
    {
        let f = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard f.count == columns.count else {
            throw fail(
                line, "expected \(columns.count) fields (\(columns.joined(separator: ","))), found \(f.count)"
            )
        }
        guard let replication = Int(f[1]), replication >= 0 else {
            throw fail(line, "replication '\(f[1])' is not a whole number ≥ 0")
        }
        guard let seed = UInt64(f[2]) else { throw fail(line, "seed '\(f[2])' is not a whole number") }
        guard let direction = MetricDirection(rawValue: f[4]) else {
            throw fail(line, "better must be 'higher' or 'lower', found '\(f[4])'")
        }
        var value: Double?
        if !f[5].isEmpty {
            guard let v = Double(f[5]), v.isFinite else {
                throw fail(line, "value '\(f[5])' is not a number")
            }
            value = v
        }
        return Entry(
            pattern: f[0], replication: replication, seed: seed, metric: GatedMetric(f[3], direction),
            value: value)
    }
}
