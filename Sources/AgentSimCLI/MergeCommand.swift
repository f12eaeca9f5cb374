import AgentSim
import Foundation

/// `agentsim merge DIR... --out DIR`: the shards of one sweep → the files the unsharded sweep writes.
struct MergeCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "merge",
            abstract: "Join the folders of a sharded sweep into one sweep's files.",
            discussion: """
                Every folder must hold a shard of the same sweep (same scenario digest, grid, \
                replications, confidence, SLOs and AgentSim version), each shard 0..<N exactly once, and \
                every point of each shard finished. DIR/sweep.csv, stats.csv and analysis.csv are then \
                byte-identical to an unsharded sweep's. A missing, duplicated, unfinished or foreign shard \
                is exit code 2, and nothing is written.
                """,
            arguments: [
                ArgumentDeclaration(name: "shard-dir", help: "The shards' sweep folders.", arity: .oneOrMore)
            ],
            options: [.single("out", valueName: "dir", help: "The folder that receives the merged files.")]
        )
    }

    var folders: [String]
    var outputDirectory: String

    init(parsed: ParsedValues) throws(UsageError) {
        folders = parsed.argumentValues("shard-dir")
        guard let out: String = try parsed.value("out"), !out.isEmpty else {
            throw UsageError("merge needs --out DIR, the folder that receives the merged files")
        }
        outputDirectory = out
    }

    func run(_ context: inout CommandContext) -> Int32 {
        do throws(SweepError) {
            let (grid, slos, confidence, owners) = try check()
            return SweepOutput.finish(
                grid: grid, slos: slos, confidence: confidence, from: owners, to: outputDirectory, &context)
        } catch {
            context.printError(error.description)
            return ExitCode.usage
        }
    }

    /// The grid, SLOs and confidence the shards agree on, and the folder holding each point.
    /// - Throws: ``SweepError`` naming the folder at fault.
    func check() throws(SweepError) -> (SweepGrid, [SweepSLO], Double, [String]) {
        var manifests: [SweepManifest] = []
        for folder in folders {
            let path = SweepFiles.slashed(folder) + SweepManifest.fileName
            guard let data = FileManager.default.contents(atPath: path) else {
                throw SweepError(
                    path, "missing: \(folder) is not a sweep folder (no \(SweepManifest.fileName))")
            }
            manifests.append(try SweepManifest(parsing: String(decoding: data, as: UTF8.self), file: path))
        }
        let first = manifests[0]
        var byIndex: [Int: String] = [:]
        for (folder, manifest) in zip(folders, manifests) {
            if let difference = manifest.difference(from: first) {
                throw SweepError(folder, "a shard of another sweep than \(folders[0]): \(difference)")
            }
            guard manifest.shard.count == first.shard.count else {
                throw SweepError(
                    folder,
                    "shard \(manifest.shard) of a sweep cut into \(manifest.shard.count), "
                        + "but \(folders[0]) holds shard \(first.shard)")
            }
            if let other = byIndex[manifest.shard.index] {
                throw SweepError(folder, "shard \(manifest.shard) given twice: \(other) holds it too")
            }
            byIndex[manifest.shard.index] = folder
        }
        let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let listed = missing.prefix(10).map { "\($0)/\(first.shard.count)" }.joined(separator: ", ")
            throw SweepError(
                "merge",
                "missing \(missing.count) of \(first.shard.count) shards: \(listed)\(missing.count > 10 ? ", ..." : "")",
                allowed: "every shard's folder, each shard 0..<\(first.shard.count) once")
        }
        let grid = try SweepGrid(parsing: first.vary)
        var owners = [String](repeating: "", count: grid.count)
        for (folder, manifest) in zip(folders, manifests) {
            guard manifest.points == manifest.shard.points(of: grid.count) else {
                throw SweepError(folder, "its manifest lists other points than shard \(manifest.shard) has")
            }
            let unfinished = manifest.points.filter { !SweepOutput.isFinished($0, in: folder) }
            if let point = unfinished.first {
                throw SweepError(
                    folder,
                    "shard \(manifest.shard) is incomplete: \(unfinished.count) of \(manifest.points.count) "
                        + "points not finished (first: point \(point)); rerun its sweep command to finish it")
            }
            for point in manifest.points { owners[point] = folder }
        }
        var slos: [SweepSLO] = []
        for text in first.slos {
            let parts = text.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, let bound = SweepSLO.Bound(rawValue: String(parts[0])) else {
                throw SweepError(folders[0], "bad slo line \(text)")
            }
            slos.append(try SweepSLO(parsing: String(parts[1]), bound: bound))
        }
        guard let confidence = Double(first.confidence), confidence > 0, confidence < 1 else {
            throw SweepError(folders[0], "bad confidence \(first.confidence)")
        }
        return (grid, slos, confidence, owners)
    }
}
