import Foundation
import Testing

@testable import AgentSim

/// A loaded scenario remembers its file and `--set` list, and the replay file is written from them.
@Suite struct ScenarioReplaySourceTests {
    /// A scenario file in a fresh temporary folder, and that folder.
    static func file() throws -> (path: String, folder: String) {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("replay-source-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/desk.json"
        try ScenarioFixtures.scenario().write(toFile: path, atomically: true, encoding: .utf8)
        return (path, folder)
    }

    @Test func theLoaderRecordsThePathAndTheOverridesInOrder() throws {
        let (path, folder) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let overrides = ["agents.w.count=3", "agents.w.count=4"]
        let scenario = try ScenarioLoader.load(path: path, overrides: overrides).scenario
        #expect(scenario.source == ScenarioSource(path: path, overrides: overrides))
        #expect(scenario.source.path == path && scenario.source.overrides == overrides)
        #expect(scenario.agents.first?.count == 4, "the last override wins")
        #expect(scenario.source.description == "\(path) --set agents.w.count=3 --set agents.w.count=4")
    }

    @Test func provenanceChangesNeitherEqualityNorTheDigest() throws {
        let (path, folder) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fromFile = try ScenarioLoader.load(path: path).scenario
        let fromText = try ScenarioLoader.load(
            json: ScenarioFixtures.scenario(), file: "other.json", baseDirectory: folder
        ).scenario
        #expect(fromFile.source.isFile && !fromText.source.isFile)
        #expect(fromFile == fromText)
        #expect(ScenarioDigest.of(fromFile) == ScenarioDigest.of(fromText))
    }

    @Test func theReplayFileIsTheLoadedDocumentWithItsOverrides() throws {
        let (path, folder) = try Self.file()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let overrides = ["agents.w.count=3"]
        let scenario = try ScenarioLoader.load(path: path, overrides: overrides).scenario
        let chaos = ChaosSpec(horizon: .seconds(60), drain: .seconds(120))
        let text = try ScenarioReplayFile.render(
            scenario, seed: 9, chaos: chaos, faults: [], directory: folder)
        #expect(
            text
                == (try ScenarioReplayFile.render(
                    path: path, overrides: overrides, seed: 9, chaos: chaos, faults: [], directory: folder)))
        var replayed = try ScenarioLoader.load(
            json: text, file: "replay.json", baseDirectory: folder
        ).scenario
        #expect(replayed.agents.first?.count == 3, "the override is in the file, not needed again")
        #expect(replayed.seed == 9 && replayed.chaos?.horizon == chaos.horizon)
        replayed.seed = scenario.seed
        replayed.chaos = scenario.chaos
        #expect(replayed == scenario, "apart from seed and chaos, the replay is the scenario as run")
    }

    @Test func aScenarioNotReadFromAFileHasNoReplayFile() throws {
        let scenario = try ScenarioLoader.load(
            json: ScenarioFixtures.scenario(), file: "t.json", baseDirectory: "."
        ).scenario
        #expect(throws: ScenarioError.self) {
            try ScenarioReplayFile.render(scenario, seed: 1, chaos: ChaosSpec(), faults: [], directory: ".")
        }
    }
}
