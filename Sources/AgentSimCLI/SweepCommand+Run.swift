import AgentSim
import Foundation

/// `sweep`'s run: validate every point, claim the folder, run the pending points, then (unsharded)
/// join the per-point files.
extension SweepCommand {
    /// A point ready to run.
    struct PreparedPoint {
        var point: SweepPoint
        var scenario: Scenario
        var replications: Int
        /// What was derived to run the point's varied pattern (`nil`: `pattern.type` is not varied).
        var assumptions: [DerivedAssumption]? = nil
    }

    func run(_ context: inout CommandContext) -> Int32 {
        guard let prepared = prepare(&context), let first = prepared.first,
            let directory = context.outputDirectory(outputDirectory, for: first.scenario, suffix: "sweep")
        else { return ExitCode.usage }
        let manifest = SweepManifest(
            scenario: first.scenario.name, digest: Self.digest(prepared.map(\.scenario)),
            vary: grid.axes.map(\.argument),
            replications: replicationRule, confidence: CSV.format(statistics.confidence),
            slos: slos.map(\.description), shard: shard, points: shard.points(of: grid.count))
        guard claim(directory, manifest, &context) else { return ExitCode.usage }

        let pending = manifest.points.filter { !SweepOutput.isFinished($0, in: directory) }
        if pending.count < manifest.points.count {
            context.printError(
                "resuming: \(manifest.points.count - pending.count) of \(manifest.points.count) points already in "
                    + SweepFiles.slashed(directory) + SweepFiles.pointsFolder)
        }
        guard runPoints(pending.map { prepared[$0] }, into: directory, &context) else {
            return ExitCode.usage
        }
        guard shard.count == 1 else {
            context.print(
                "shard \(shard): \(manifest.points.count) of \(grid.count) points in \(directory); join the "
                    + "\(shard.count) shards' folders with `\(context.environment.programName) merge DIR... --out DIR`"
            )
            return ExitCode.success
        }
        let folders = [String](repeating: directory, count: grid.count)
        let code = SweepOutput.finish(
            grid: grid, slos: slos, confidence: statistics.confidence, from: folders, to: directory, &context)
        if code != ExitCode.usage && report {
            _ = ReportCommand.write(directory, scenarioPath: scenarioPath, &context)
        }
        return code
    }

    /// The most scenario warnings printed for one sweep; a grid repeats the same ones.
    static let maxWarnings = 10

    /// Every point's scenario, decoded and validated (and its pattern adapted), before any run.
    func prepare(_ context: inout CommandContext) -> [PreparedPoint]? {
        var prepared: [PreparedPoint] = []
        var warned = 0
        var printed: Set<String> = []
        defer {
            if warned > Self.maxWarnings {
                context.printError("(\(warned - Self.maxWarnings) more scenario warnings not shown)")
            }
        }
        for point in grid.points {
            let subject = "--vary point \(point.index) (\(point.label))"
            var scenario: Scenario
            do {
                let loaded = try context.environment.loadScenario(scenarioPath, overrides + point.assignments)
                for warning in loaded.warnings where point.index % shard.count == shard.index {
                    warned += 1
                    if warned <= Self.maxWarnings {
                        context.printError("point \(point.index): \(warning.description)")
                    }
                }
                scenario = loaded.scenario
            } catch {
                context.printError("error: \(subject): \(error.description)")
                return nil
            }
            scenario.source = ScenarioSource(path: scenarioPath, overrides: overrides + point.assignments)
            if let seed { scenario.seed = seed }
            var assumptions: [DerivedAssumption]?
            if let pattern = point.pattern {
                let plan = PatternComparison(scenario: scenario, patterns: [pattern])
                guard let entry = plan.entries.first else {
                    let reason = plan.skipped.first?.reason ?? "it does not apply"
                    context.printError(
                        "error: \(subject): the pattern \(pattern) cannot run this scenario: \(reason)")
                    return nil
                }
                scenario = entry.scenario
                assumptions = entry.assumptions
                // Each assumption once, as compare prints it (a grid repeats them at every point).
                for a in entry.assumptions where point.index % shard.count == shard.index {
                    if printed.insert(a.line).inserted { context.print(a.line) }
                }
            }
            guard
                let count = context.replicationCount(
                    replications, of: scenario, path: scenarioPath, precision: statistics)
            else { return nil }
            prepared.append(
                PreparedPoint(point: point, scenario: scenario, replications: count, assumptions: assumptions)
            )
        }
        return prepared
    }

    /// FNV-1a 64 over every point's ``ScenarioDigest``, as 16 hex digits.
    static func digest(_ scenarios: [Scenario]) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in scenarios.map(ScenarioDigest.of).joined(separator: ",").utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Writes the manifest into a fresh folder, or accepts a folder that holds the identical one;
    /// refuses (printing why) a folder of another sweep or shard.
    func claim(_ directory: String, _ manifest: SweepManifest, _ context: inout CommandContext) -> Bool {
        let path = SweepFiles.slashed(directory) + SweepManifest.fileName
        if let data = FileManager.default.contents(atPath: path) {
            let text = String(decoding: data, as: UTF8.self)
            if text == manifest.text { return true }
            let why: String
            do {
                let existing = try SweepManifest(parsing: text, file: path)
                why =
                    existing.difference(from: manifest).map { "it holds another sweep (\($0))" }
                    ?? "it holds shard \(existing.shard) of this sweep, not \(manifest.shard)"
            } catch {
                why = error.message
            }
            context.printError(
                "error: \(path): \(why); results are never mixed: give this sweep its own --out folder, or "
                    + "remove \(directory)")
            return false
        }
        do {
            try AtomicFile.write(manifest.text, to: path)
            return true
        } catch {
            context.printError("error: \(error.description)")
            return false
        }
    }

    /// Runs `points` and keeps each one's files as soon as it is done, printing progress to
    /// standard error (the wall clock goes there only).
    func runPoints(_ points: [PreparedPoint], into directory: String, _ context: inout CommandContext) -> Bool
    {
        let clock = ContinuousClock()
        let started = clock.now
        var done = 0
        var start = 0
        let cores = statistics.threads ?? ProcessInfo.processInfo.activeProcessorCount
        while start < points.count {
            // Enough runs per batch to keep every core busy; at most one batch is lost to a kill.
            var end = start
            var runs = 0
            while end < points.count && (end == start || runs < 8 * cores) {
                runs += points[end].replications
                end += 1
            }
            let batch = Array(points[start..<end])
            guard let results = runBatch(batch, &context) else { return false }
            for (prepared, runs) in zip(batch, results) {
                guard
                    context.checkMeasurementWindow(
                        runs, scenario: prepared.scenario, path: scenarioPath,
                        overrides: prepared.scenario.source.overrides)
                else {
                    return false
                }
                _ = context.reportAutomaticWarmups(runs)
                guard
                    SweepOutput.keep(
                        prepared.point, runs.map(\.summary), confidence: statistics.confidence,
                        derived: prepared.assumptions.map {
                            SweepFiles.derived(prepared.point, $0, scenario: prepared.scenario.name)
                        }, in: directory, &context)
                else { return false }
            }
            done += batch.count
            start = end
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            let left = seconds / Double(done) * Double(points.count - done)
            context.printError(
                "sweep: \(done)/\(points.count) points, \(TextTable.format(seconds, significantDigits: 3)) s elapsed, "
                    + "about \(TextTable.format(left, significantDigits: 2)) s left (wall clock)")
        }
        return true
    }

    /// The replications of every point of `batch`: all at once for fixed counts, point by point
    /// (each in its own precision batches, as `run` would) with `--precision`.
    func runBatch(_ batch: [PreparedPoint], _ context: inout CommandContext) -> [[RunResult]]? {
        if statistics.precision != nil {
            return batch.map {
                context.runReplications([$0.scenario], count: $0.replications, statistics: statistics)[0]
            }
        }
        let offsets = batch.reduce(into: [0]) { $0.append($0.last! + $1.replications) }
        let runReplication = context.environment.runReplication
        let flat = ParallelRuns.map(count: offsets.last!, threads: statistics.threads) { index in
            let point = offsets.lastIndex { $0 <= index }!
            return runReplication(batch[point].scenario, index - offsets[point])
        }
        return batch.indices.map { Array(flat[offsets[$0]..<offsets[$0 + 1]]) }
    }
}
