import AgentSimMetrics
import AgentSimSpec

/// What a sweep folder holds: which experiment (scenario digest, grid, replications, SLOs,
/// version) and which points of it (the shard).
///
/// `sweep` writes it as `DIR/manifest.txt` before the first run. Rerunning into the same folder
/// requires the identical manifest (else exit 2: never mix two experiments), and `merge` requires
/// every shard's ``identity`` to agree. The text is line-based, `key: value`, one key per line, in
/// a fixed order, so equal manifests are equal bytes.
public struct SweepManifest: Sendable, Hashable {
    /// The file name inside a sweep folder.
    public static let fileName = "manifest.txt"
    /// The first line: the format and its version.
    public static let formatLine = "agentsim sweep manifest 1"

    /// The AgentSim version that ran the points (``AgentSimVersion/current``).
    public var version: String
    /// The scenario's name.
    public var scenario: String
    /// A digest over every point's decoded scenario (``ScenarioDigest``).
    public var digest: String
    /// The `--vary` arguments, in order (the grid is parsed from them again).
    public var vary: [String]
    /// How each point's replications are chosen: a count, or the `--precision` rule.
    public var replications: String
    /// The confidence level of the intervals.
    public var confidence: String
    /// The SLOs (``SweepSLO/description``), in order.
    public var slos: [String]
    /// The shard.
    public var shard: Shard
    /// The shard's points.
    public var points: [Int]

    /// Creates a manifest.
    public init(
        version: String = AgentSimVersion.current, scenario: String, digest: String, vary: [String],
        replications: String, confidence: String, slos: [String], shard: Shard, points: [Int]
    ) {
        self.version = version
        self.scenario = scenario
        self.digest = digest
        self.vary = vary
        self.replications = replications
        self.confidence = confidence
        self.slos = slos
        self.shard = shard
        self.points = points
    }

    /// The lines that name the experiment, every shard's alike: everything but shard and points.
    public var identity: [(key: String, value: String)] {
        [("version", version), ("scenario", scenario), ("digest", digest)] + vary.map { ("vary", $0) }
            + [("replications", replications), ("confidence", confidence)] + slos.map { ("slo", $0) }
    }

    /// The file's text.
    public var text: String {
        var lines = [Self.formatLine]
        lines += identity.map { "\($0.key): \($0.value)" }
        lines.append("shard: \(shard)")
        lines.append("points: " + points.map(String.init).joined(separator: ","))
        return lines.joined(separator: "\n") + "\n"
    }

    /// The first identity line where `other` differs, as `key: mine ≠ theirs`; `nil` when the two
    /// manifests describe the same experiment.
    public func difference(from other: SweepManifest) -> String? {
        let mine = identity.map { "\($0.key): \($0.value)" }
        let theirs = other.identity.map { "\($0.key): \($0.value)" }
        for (a, b) in zip(mine, theirs) where a != b { return "\(a) ≠ \(b)" }
        if mine.count != theirs.count {
            return "the number of vary/slo lines differs (\(mine.count - 6) ≠ \(theirs.count - 6))"
        }
        return nil
    }

    /// Reads a manifest written by ``text``.
    /// - Throws: ``SweepError`` naming `file` for anything else.
    public init(parsing text: String, file: String) throws(SweepError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Self.formatLine else {
            throw SweepError(file, "not a sweep manifest (the first line is not '\(Self.formatLine)')")
        }
        var values: [String: [String]] = [:]
        let keys = [
            "version", "scenario", "digest", "vary", "replications", "confidence", "slo", "shard", "points",
        ]
        for (number, line) in lines.dropFirst().enumerated() {
            guard let colon = line.range(of: ": ") ?? (line.hasSuffix(":") ? line.range(of: ":") : nil),
                keys.contains(String(line[..<colon.lowerBound]))
            else {
                throw SweepError(
                    "\(file):\(number + 2)", "unexpected line \(quoted(line))",
                    allowed: keys.joined(separator: ", "))
            }
            values[String(line[..<colon.lowerBound]), default: []].append(String(line[colon.upperBound...]))
        }
        func one(_ key: String) throws(SweepError) -> String {
            guard let found = values[key], found.count == 1 else {
                throw SweepError(file, "needs exactly one '\(key):' line")
            }
            return found[0]
        }
        let shardText = try one("shard")
        let shard: Shard
        do { shard = try Shard.parse(shardText, environment: [:]) } catch {
            throw SweepError(file, "bad shard \(quoted(shardText))")
        }
        let pointsText = try one("points")
        var points: [Int] = []
        for item in pointsText.split(separator: ",") {
            guard let point = Int(item), point >= 0 else {
                throw SweepError(file, "bad point number \(quoted(String(item)))")
            }
            points.append(point)
        }
        self.init(
            version: try one("version"), scenario: try one("scenario"), digest: try one("digest"),
            vary: values["vary"] ?? [], replications: try one("replications"),
            confidence: try one("confidence"),
            slos: values["slo"] ?? [], shard: shard, points: points)
    }
}
