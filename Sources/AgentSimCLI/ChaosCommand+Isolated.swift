import AgentSim

extension ChaosCommand {
    /// Seeds per supervised child: large enough that starting a process is a small part of a batch,
    /// small enough that progress lines come often.
    static let isolatedBatch = 128

    /// The campaign with every batch of seeds in a supervised child process (``ChaosIsolation``):
    /// a seed that traps is reported as that seed's failure, with the runtime's message and its
    /// replay command, and the campaign goes on. Failing seeds are then run again in this process
    /// (they did not trap) to report their violation and shrink them.
    func runIsolated(
        _ seedList: [UInt64], _ runner: ChaosRunner, scenario: Scenario, folder: String, executable: String,
        _ context: inout CommandContext
    ) -> Int32 {
        var lines: [UInt64: String] = [:]
        var failed: [UInt64] = []
        var trapped: [(seed: UInt64, signal: Int32, message: String)] = []
        for start in stride(from: 0, to: seedList.count, by: Self.isolatedBatch) {
            let count = min(Self.isolatedBatch, seedList.count - start)
            guard
                let outcomes = ChaosIsolation.run(
                    executable, command: self, first: seedList[start], count: count)
            else {
                context.printError("error: could not run \(executable) as a supervised child for chaos seeds")
                return ExitCode.usage
            }
            for seed in seedList[start..<start + count] {
                switch outcomes[seed] {
                case .ran(let line, let isFailure)?:
                    lines[seed] = line
                    if isFailure { failed.append(seed) }
                case .trapped(let signal, let message)?:
                    let detail =
                        "trapped (\(ChaosIsolation.signalName(signal)))"
                        + (message.isEmpty ? "" : ": \(message)")
                    lines[seed] = ChaosCSV.trappedRow(
                        scenario: scenario.name, pattern: scenario.pattern.name, seed: seed, detail: detail)
                    trapped.append((seed, signal, detail))
                case nil:
                    context.printError("error: the supervised child reported no row for seed \(seed)")
                    return ExitCode.usage
                }
            }
            context.printError(
                "chaos: \(start + count)/\(seedList.count) seeds run, \(failed.count + trapped.count) failing"
                    + (trapped.isEmpty ? "" : " (\(trapped.count) trapped)"))
        }
        // Failing seeds again, in process: they finished in a child, so they do not trap here.
        let again = failed
        var rows = ParallelRuns.map(count: again.count) { ChaosCSV.Row(run: runner.run(seed: again[$0])) }
        context.print(
            "chaos: \(scenario.name) (\(scenario.pattern.name)), \(seedList.count) "
                + (seedList.count == 1 ? "seed" : "seeds") + ", \(failed.count + trapped.count) failing"
                + (trapped.isEmpty ? "" : " (\(trapped.count) trapped: the run died of a signal)"))
        if failed.isEmpty && trapped.isEmpty {
            context.print("chaos: " + ChaosConfidence.sentence(seeds: seedList.count))
        }
        var reports: [(UInt64, ChaosCSV.Row?, String?)] = rows.map { ($0.run.seed, $0, nil) }
        reports += trapped.map { ($0.seed, nil, $0.message) }
        for (seed, row, trap) in reports.sorted(by: { $0.0 < $1.0 }) {
            if let row {
                report(row, &context)
            } else if let trap {
                context.print("seed \(seed): \(trap)")
                context.print(
                    "  replay: "
                        + Self.replayCommand(
                            scenarioPath, seed: seed, overrides: overrides,
                            program: context.environment.programName))
            }
        }
        shrinkFailing(&rows, runner, scenario: scenario, folder: folder, &context)
        for row in rows {
            let text = ChaosCSV.summary([row]).split(separator: "\n", maxSplits: 1)[1]
            lines[row.run.seed] = String(text.hasSuffix("\n") ? text.dropLast() : text)
        }
        let header: String = ChaosCSV.columns.map { CSV.escape($0) }.joined(separator: ",")
        let body: [String] = seedList.map { (lines[$0] ?? "") + "\n" }
        let summary = header + "\n" + body.joined()
        do {
            try AtomicFile.write(summary, to: folder + "summary.csv")
        } catch {
            context.printError("error: \(error)")
            return ExitCode.usage
        }
        context.print("wrote \(folder)summary.csv")
        return failed.isEmpty && trapped.isEmpty ? ExitCode.success : ExitCode.checkFailed
    }
}
