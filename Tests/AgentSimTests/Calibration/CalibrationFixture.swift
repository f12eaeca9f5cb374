import Foundation

@testable import AgentSim

/// The committed fixture `scenarios/traces/research-desk.otlp.json.gz`: `TraceGenerator(jobs: 200,
/// seed: 16)` as OTLP/JSON, gzipped. Regenerate it with
///
///     AGENTSIM_WRITE_TRACE_FIXTURE=/tmp/research-desk.otlp.json swift test --filter CalibrationFixtureTests
///     gzip -9 -n -c /tmp/research-desk.otlp.json > scenarios/traces/research-desk.otlp.json.gz
enum CalibrationFixture {
    static let generator = TraceGenerator(jobs: 200, seed: 16)
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let path = root.appendingPathComponent("scenarios/traces/research-desk.otlp.json.gz").path
    static let compressionFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Calibrates from in-memory files.
    static func calibrate(_ files: [(String, [UInt8])]) throws -> Calibration {
        var set = TraceSet()
        for (name, bytes) in files { try TraceReader.read(bytes: bytes, file: name, into: &set) }
        return try Calibrator.calibrate(set)
    }
}
