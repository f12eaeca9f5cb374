import AgentSim
import Foundation

/// The per-point files of a sweep folder and the files joined from them, shared by `sweep` and
/// `merge` so both write the same bytes from the same inputs.
enum SweepOutput {
    /// Whether both of `point`'s files are in `directory` (the rows file is written last).
    static func isFinished(_ point: Int, in directory: String) -> Bool {
        FileManager.default.fileExists(atPath: SweepFiles.rowsPath(point, in: directory))
            && FileManager.default.fileExists(atPath: SweepFiles.statsPath(point, in: directory))
    }

    /// Keeps one finished point: its derived file (when `derived` is given), its stats file, then
    /// its rows file, each atomically.
    /// - Returns: `false` after printing the error.
    static func keep(
        _ point: SweepPoint, _ runs: [RunSummary], confidence: Double, derived: String? = nil,
        in directory: String, _ context: inout CommandContext
    ) -> Bool {
        do {
            if let derived {
                try AtomicFile.write(derived, to: SweepFiles.derivedPath(point.index, in: directory))
            }
            try AtomicFile.write(
                SweepFiles.stats(point, runs, confidence: confidence),
                to: SweepFiles.statsPath(point.index, in: directory))
            try AtomicFile.write(
                SweepFiles.rows(point, runs), to: SweepFiles.rowsPath(point.index, in: directory))
            return true
        } catch {
            context.printError("error: \(error.description)")
            return false
        }
    }

    /// Joins every point's files (point p's from `folders[p]`) into `directory`'s sweep.csv, stats.csv
    /// (when some point has 2+ replications) and analysis.csv, and prints the table, the knee and
    /// the cheapest feasible point.
    /// - Returns: The exit code.
    static func finish(
        grid: SweepGrid, slos: [SweepSLO], confidence: Double, from folders: [String], to directory: String,
        _ context: inout CommandContext
    ) -> Int32 {
        var rows: [String] = []
        var stats: [String] = []
        for point in 0..<grid.count {
            let rowsPath = SweepFiles.rowsPath(point, in: folders[point])
            let statsPath = SweepFiles.statsPath(point, in: folders[point])
            guard let rowText = FileManager.default.contents(atPath: rowsPath),
                let statText = FileManager.default.contents(atPath: statsPath)
            else {
                context.printError("error: \(rowsPath): missing; the point has not finished")
                return ExitCode.usage
            }
            rows.append(String(decoding: rowText, as: UTF8.self))
            stats.append(String(decoding: statText, as: UTF8.self))
        }
        let sweep: String
        let joinedStats: String
        switch (SweepFiles.join(rows), SweepFiles.join(stats)) {
        case (.success(let a), .success(let b)):
            sweep = a
            joinedStats = b
        case (.failure(let e), _), (_, .failure(let e)):
            context.printError(
                "error: point \(e.file)'s header differs from point 0's (the coordinator reports other custom "
                    + "metrics there); sweep.csv has one header")
            return ExitCode.usage
        }
        var derived: [String] = []
        if grid.paths.contains(SweepAxis.patternPath) {
            for point in 0..<grid.count {
                let path = SweepFiles.derivedPath(point, in: folders[point])
                guard let text = FileManager.default.contents(atPath: path) else {
                    context.printError(
                        "error: \(path): missing; the point ran before sweeps recorded derived assumptions: "
                            + "rerun it in a fresh --out folder")
                    return ExitCode.usage
                }
                derived.append(String(decoding: text, as: UTF8.self))
            }
        }
        let analysis = SweepAnalysis(grid: grid, stats: stats, slos: slos)
        let replicated = analysis.verdicts.contains {
            ($0.figures["throughput_per_s"]?.replications ?? 0) >= 2
        }
        let folder = SweepFiles.slashed(directory)
        var files = [(SweepFiles.sweepFile, sweep), (SweepFiles.analysisFile, analysis.csv)]
        if replicated { files.append((SweepFiles.statsFile, joinedStats)) }
        // Every derived file has the same header (point, the paths, compare's columns).
        if !derived.isEmpty, case .success(let text) = SweepFiles.join(derived) {
            files.append((SweepFiles.derivedFile, text))
        }
        for (name, text) in files {
            do {
                try AtomicFile.write(text, to: folder + name)
            } catch {
                context.printError("error: \(error.description)")
                return ExitCode.usage
            }
        }
        if !replicated { OutputFiles.remove(folder + SweepFiles.statsFile) }
        context.out.write(SweepTable.render(analysis, slos: slos, confidence: confidence))
        context.print(
            "wrote \(folder)\(SweepFiles.sweepFile) (and \(files.dropFirst().map(\.0).joined(separator: ", ")))"
        )
        return ExitCode.success
    }
}
