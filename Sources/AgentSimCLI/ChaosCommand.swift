import AgentSim

/// `agentsim chaos SCENARIO.json [--seeds N | --seed S] [--set PATH=VALUE]... [--out DIR]
/// [--check-determinism] [--shrink N]`.
struct ChaosCommand: ParsableCommand {
    /// Put a limit on everything: seeds per invocation.
    static let maxSeeds = 100_000
    /// Seeds run when neither `--seeds` nor `--seed` is given.
    static let defaultSeeds = 100
    /// Failing seeds shrunk by default.
    static let defaultShrink = 3
    /// Re-runs one shrink may make.
    static let maxProbes = 200
    /// Seeds run between two progress lines.
    static let batch = 32

    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "chaos",
            abstract: "Run seeded chaos: faults, invariant checks, replay commands and shrunk schedules.",
            discussion: """
                Each seed draws its own faults from the scenario's chaos spec and runs with every \
                invariant checked after every event: a safety phase while faults strike, then a \
                liveness phase in which every job must end within the drain time. Seeds run in \
                parallel across cores. For each failing seed the command prints the broken invariant \
                and the one-line command that replays it, then shrinks the seed's faults by delta \
                debugging to a minimal schedule that still fails and writes it as a scenario file \
                (replay it with the printed command). A scenario without a chaos spec runs its \
                scheduled faults only. DIR/summary.csv gets one row per seed. Exit code 1 when any \
                seed failed, 0 when none did, 2 on bad input.
                """,
            arguments: [ArgumentDeclaration(name: "scenario", help: "The scenario file (JSON).")],
            options: [
                .single(
                    "seeds", valueName: "n",
                    help: "How many seeds to run (1...\(maxSeeds)), from the scenario's seed up.",
                    default: "\(defaultSeeds)"),
                .single("seed", valueName: "s", help: "Run this one seed only (to replay a failure)."),
                .single(
                    "first-seed", valueName: "s",
                    help:
                        "Start the seeds at this one instead of the scenario's seed (to continue a campaign)."
                ),
                .repeating(
                    "set", valueName: "path=value",
                    help: "Override a scenario value by its JSON path, e.g. agents.worker.count=8."),
                .repeating(
                    "rates", valueName: "kind=rate,...",
                    help:
                        "Fault rates, e.g. partition=1/3m,loss=1/5m: short for --set chaos.rates.KIND=RATE "
                        + "(creates the chaos spec if the scenario has none)."),
                .single(
                    "out", valueName: "dir",
                    help: "The folder that receives summary.csv and shrunk scenarios.",
                    default: "results/<scenario name>/chaos/"),
                .flag(
                    "check-determinism",
                    help: "Run every seed again in a fresh process and fail on any difference in output."),
                .single(
                    "shrink", valueName: "n", help: "How many failing seeds to shrink (0: none).",
                    default: "\(defaultShrink)"),
            ] + TraceOptions.declarations(replication: false) + [ReportCommand.flag]
        )
    }

    var scenarioPath: String
    var seeds: Int?
    var seed: UInt64?
    var firstSeed: UInt64?
    var overrides: [String]
    var outputDirectory: String?
    var checkDeterminism: Bool
    var shrink: Int
    /// `--trace` (with `--seed`): the seed's run as DIR/trace.json.
    var trace: TraceOptions
    /// `--report`: DIR/report.html after the suite.
    var report: Bool

    init(parsed: ParsedValues) throws(UsageError) {
        scenarioPath = try parsed.argument("scenario")
        seeds = try parsed.value("seeds")
        seed = try parsed.value("seed")
        firstSeed = try parsed.value("first-seed")
        // `--rates` becomes `--set chaos.rates.KIND=RATE` after the other overrides, so supervised
        // children and replay commands carry it exactly like any override.
        overrides = parsed.values("set") + Self.rateOverrides(parsed.values("rates"))
        outputDirectory = try parsed.value("out")
        checkDeterminism = parsed.flag("check-determinism")
        shrink = try parsed.value("shrink") ?? Self.defaultShrink
        trace = try TraceOptions(parsed: parsed)
        report = parsed.flag("report")
    }

    func validate() throws(UsageError) {
        if seeds != nil && seed != nil { throw UsageError("give --seeds or --seed, not both") }
        if firstSeed != nil && seed != nil { throw UsageError("give --first-seed or --seed, not both") }
        if let seeds, !(1...Self.maxSeeds).contains(seeds) {
            throw UsageError("--seeds must be in 1...\(Self.maxSeeds), got \(seeds)")
        }
        if shrink < 0 { throw UsageError("--shrink must be 0 or more, got \(shrink)") }
        for item in overrides where item.hasPrefix(Self.ratePrefix) {
            let kind = String(item.dropFirst(Self.ratePrefix.count).prefix { $0 != "=" })
            guard ChaosSpec.Kind(rawValue: kind) != nil, item.contains("=") else {
                let kinds = ChaosSpec.Kind.allCases.map(\.rawValue)
                throw UsageError(
                    "--rates: unknown fault kind \"\(kind)\"" + ClosestKey.didYouMean(kind, among: kinds)
                        + "; allowed: " + ClosestKey.list(kinds))
            }
        }
        if trace.enabled && seed == nil { throw UsageError("--trace needs --seed S: it traces one seed") }
        try trace.validate(replications: nil)
        try CommandContext.checkScenarioOptions(overrides: overrides, outputDirectory: outputDirectory)
    }

    func run(_ context: inout CommandContext) -> Int32 {
        guard let scenario = context.loadScenario(scenarioPath, overrides: overrides, seed: nil),
            let directory = context.outputDirectory(outputDirectory, for: scenario, suffix: "chaos")
        else { return ExitCode.usage }
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        for (kind, reason) in (scenario.chaos?.skippedKinds(in: scenario) ?? []) {
            context.printError("warning: chaos.rates.\(kind.rawValue): skipped: \(reason)")
        }
        let seedList: [UInt64] =
            seed.map { [$0] }
            ?? (0..<(seeds ?? Self.defaultSeeds)).map { (firstSeed ?? scenario.seed) &+ UInt64($0) }
        let runReplication = context.environment.runReplication
        let runner = ChaosRunner(scenario: scenario) { runReplication($0, 0) }
        if trace.enabled, let seed,
            !TraceOptions.write(
                runner.prepared(seed: seed), replication: 0, jobs: trace.jobs, afterWarmup: false,
                folder: folder,
                &context)
        {
            return ExitCode.usage
        }

        let clock = ContinuousClock()
        let started = clock.now
        if let executable = context.environment.executable, !checkDeterminism, !ChaosIsolation.isChild {
            let code = runIsolated(
                seedList, runner, scenario: scenario, folder: folder, executable: executable, &context)
            if code != ExitCode.usage { printElapsed(seedList.count, since: started, clock, &context) }
            if code != ExitCode.usage && report {
                _ = ReportCommand.write(folder, scenarioPath: replayTarget, &context)
            }
            return code
        }
        let childProcess = checkDeterminism ? context.environment.executable : nil
        var rows = runSeeds(
            seedList, runner, twiceInProcess: checkDeterminism && childProcess == nil, &context)
        if let executable = childProcess {
            context.printError("chaos: running every seed again in a fresh process (--check-determinism)")
            guard let digests = ChaosDeterminism.digests(executable, command: self, seeds: seedList) else {
                context.printError("error: could not run \(executable) again to check determinism")
                return ExitCode.usage
            }
            for i in rows.indices where digests[rows[i].run.seed] != ChaosCSV.digest(rows[i].run.result) {
                rows[i].nondeterministic = true
            }
        }
        let failing = rows.indices.filter { rows[$0].run.failed || rows[$0].nondeterministic }
        context.print(
            "chaos: \(scenario.name) (\(scenario.pattern.name)), \(seedList.count) "
                + (seedList.count == 1 ? "seed" : "seeds") + ", \(failing.count) failing")
        if failing.isEmpty && !ChaosIsolation.isChild {
            context.print("chaos: " + ChaosConfidence.sentence(seeds: seedList.count))
        }
        for i in failing { report(rows[i], &context) }

        shrinkFailing(&rows, runner, scenario: scenario, folder: folder, &context)
        do {
            try AtomicFile.write(ChaosCSV.summary(rows), to: folder + "summary.csv")
        } catch {
            context.printError("error: \(error)")
            return ExitCode.usage
        }
        context.print("wrote \(folder)summary.csv")
        if report { _ = ReportCommand.write(folder, scenarioPath: replayTarget, &context) }
        printElapsed(seedList.count, since: started, clock, &context)
        return failing.isEmpty ? ExitCode.success : ExitCode.checkFailed
    }

    /// Where `--rates` puts its entries.
    static let ratePrefix = "chaos.rates."

    /// `["partition=1/3m,loss=1/5m"]` as `--set` assignments under ``ratePrefix``.
    static func rateOverrides(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { ratePrefix + $0.filter { $0 != " " } }
    }

    /// The wall-clock line on standard error (never in a compared file).
    func printElapsed(
        _ seeds: Int, since started: ContinuousClock.Instant, _ clock: ContinuousClock,
        _ context: inout CommandContext
    ) {
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        context.printError(
            "chaos: \(seeds) seeds in \(TextTable.format(seconds, significantDigits: 3)) s (wall clock)")
    }

    /// Runs `seeds` in parallel, in batches, with a progress line on standard error after each;
    /// `twiceInProcess` runs each seed twice and compares the output.
    func runSeeds(
        _ seeds: [UInt64], _ runner: ChaosRunner, twiceInProcess twice: Bool, _ context: inout CommandContext
    ) -> [ChaosCSV.Row] {
        var rows: [ChaosCSV.Row] = []
        var failing = 0
        for start in stride(from: 0, to: seeds.count, by: Self.batch) {
            let slice = Array(seeds[start..<min(start + Self.batch, seeds.count)])
            let batch = ParallelRuns.map(count: slice.count) { k -> ChaosCSV.Row in
                let first = runner.run(seed: slice[k])
                guard twice else { return ChaosCSV.Row(run: first) }
                let second = runner.run(seed: slice[k])
                let same = ChaosCSV.outputBytes(first.result) == ChaosCSV.outputBytes(second.result)
                return ChaosCSV.Row(run: first, nondeterministic: !same)
            }
            failing += batch.filter { $0.run.failed || $0.nondeterministic }.count
            rows += batch
            context.printError("chaos: \(rows.count)/\(seeds.count) seeds run, \(failing) failing")
        }
        return rows
    }

    /// Shrinks the first `shrink` failing rows' faults and writes their shrunk scenarios.
    func shrinkFailing(
        _ rows: inout [ChaosCSV.Row], _ runner: ChaosRunner, scenario: Scenario, folder: String,
        _ context: inout CommandContext
    ) {
        let toShrink = Array(rows.indices.filter { rows[$0].run.failed }.prefix(shrink))
        guard !toShrink.isEmpty else { return }
        context.printError("chaos: shrinking \(toShrink.count) failing seed(s) by delta debugging")
        let runs = toShrink.map { rows[$0].run }
        let shrunk = ParallelRuns.map(count: runs.count) { k in
            runner.shrink(runs[k], maxProbes: Self.maxProbes)
        }
        for (k, i) in toShrink.enumerated() {
            guard let result = shrunk[k] else { continue }
            rows[i].shrunkFaults = result.faults.count
            writeShrunk(result, runner: runner, scenario: scenario, folder: folder, &context)
        }
    }

    /// Prints a failing seed: what broke, and the command that replays it.
    func report(_ row: ChaosCSV.Row, _ context: inout CommandContext) {
        if row.nondeterministic {
            context.print(
                "seed \(row.run.seed): nondeterministic: two runs of the seed gave different output")
        }
        if let v = row.run.violation {
            let count = row.run.violationCount
            context.print("seed \(row.run.seed): \(v)" + (count > 1 ? " (+\(count - 1) more)" : ""))
            for line in Self.stuckLines(row.run) { context.print(line) }
        }
        context.print(
            "  replay: "
                + Self.replayCommand(
                    scenarioPath, seed: row.run.seed, overrides: overrides,
                    program: context.environment.programName))
    }

    /// Stuck jobs listed under a failing seed.
    static let maxStuckPrinted = 5

    /// One line per stuck job (the oldest ``maxStuckPrinted``): where it was left, then how many
    /// more there are.
    static func stuckLines(_ run: ChaosRun) -> [String] {
        let stuck = run.result.violations.filter { $0.stuck != nil }
        var lines = stuck.prefix(maxStuckPrinted).map { v -> String in
            let s = v.stuck!
            let step = s.step.map { " at step \"\($0)\" copy \(s.copy ?? 0)" } ?? " before any work started"
            return "  stuck: job #\(v.job.map(String.init) ?? "?")" + step + ", last event: \(s.lastEvent)"
                + (v.agent.map { " on \($0)" } ?? "") + " at t=\(CSV.format(s.lastEventTime.seconds))s"
        }
        let more = run.stuckJobs - lines.count
        if more > 0 { lines.append("  ... and \(more) more stuck job" + (more == 1 ? "" : "s")) }
        return lines
    }

    /// Writes the shrunk schedule of one seed as a scenario file and says how to replay it.
    func writeShrunk(
        _ shrunk: ShrunkSchedule, runner: ChaosRunner, scenario: Scenario, folder: String,
        _ context: inout CommandContext
    ) {
        let seed = shrunk.run.seed
        let path = folder + "\(scenario.name)-seed-\(seed)-shrunk.json"
        let minimality = shrunk.isOneMinimal ? "" : " (probe budget reached: may not be minimal)"
        context.print(
            "seed \(seed): shrunk \(shrunk.original) → \(shrunk.faults.count) faults in \(shrunk.probes) "
                + "re-runs\(minimality); still fails: \(shrunk.run.violation.map(\.description) ?? "?")")
        for fault in shrunk.faults { context.print("  - \(fault)") }
        do {
            let text = try ScenarioReplayFile.render(
                scenario, seed: seed, chaos: runner.chaos, faults: shrunk.faults, directory: folder)
            var reloaded = try ScenarioLoader.load(json: text, file: path, baseDirectory: folder).scenario
            reloaded.checkInvariants = true
            if reloaded != runner.replayScenario(seed: seed, faults: shrunk.faults) {
                context.printError("warning: \(path) does not decode to the shrunk schedule exactly")
            }
            try AtomicFile.write(text, to: path)
            context.print(
                "  replay: "
                    + Self.replayCommand(
                        path, seed: seed, overrides: [], program: context.environment.programName))
        } catch let error as ScenarioError {
            context.printError("warning: could not write the shrunk scenario: \(error.description)")
        } catch {
            context.printError("warning: could not write \(path): \(error)")
        }
    }

    /// `agentsim chaos FILE --seed S --set ...` (`program` in place of `agentsim` for a user's own
    /// binary), each argument quoted for a POSIX shell if needed.
    static func replayCommand(_ path: String, seed: UInt64, overrides: [String], program: String = "agentsim")
        -> String
    {
        ([program, "chaos", shellQuoted(path), "--seed", "\(seed)"]
            + overrides.flatMap { ["--set", shellQuoted($0)] }).joined(separator: " ")
    }

    /// `word` as a POSIX shell reads it back: unquoted when plain, else in single quotes.
    static func shellQuoted(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "_-./=:,+@%".unicodeScalars.contains($0)
            }
        if plain { return word }
        var quoted = "'"
        for c in word { quoted += c == "'" ? #"'\''"# : String(c) }
        return quoted + "'"
    }
}
