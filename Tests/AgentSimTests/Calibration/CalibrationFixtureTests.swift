import Foundation
import Testing

@testable import AgentSim

@Suite struct CalibrationFixtureTests {
    @Test func committedFixtureIsTheGeneratorsOutput() throws {
        let text = CalibrationFixture.generator.otlp()
        if let out = ProcessInfo.processInfo.environment["AGENTSIM_WRITE_TRACE_FIXTURE"] {
            try AtomicFile.write(text, to: out)
        }
        let data = try #require(FileManager.default.contents(atPath: CalibrationFixture.path))
        #expect(data.count < 200_000)
        let bytes = try Gzip.decompress([UInt8](data))
        #expect(bytes == Array(text.utf8))
    }
}
