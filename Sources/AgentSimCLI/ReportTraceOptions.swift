import AgentSim

/// `--trace`, `--trace-jobs N` and `--trace-replication R`: the trace options `run` and `chaos` share.
struct TraceOptions {
    /// Jobs traced when `--trace-jobs` is absent.
    static let defaultJobs = 50
    /// Put a limit on everything: a trace of more jobs than this is too big to look at.
    static let maxJobs = 100_000

    /// The option declarations; `replication` adds `--trace-replication` (not for chaos, whose
    /// seed names the run).
    static func declarations(replication: Bool) -> [OptionDeclaration] {
        [
            .flag(
                "trace",
                help:
                    "Also write DIR/trace.json: Chrome trace-event JSON of one run (open it in ui.perfetto.dev)."
            ),
            .single(
                "trace-jobs", valueName: "n",
                help: "Trace the first n jobs after warm-up and the calls and messages that touch them.",
                default: "\(defaultJobs)"),
        ]
            + (replication
                ? [
                    .single(
                        "trace-replication", valueName: "r", help: "The replication to trace.", default: "0")
                ]
                : [])
    }

    /// `--trace`.
    var enabled: Bool
    /// `--trace-jobs`.
    var jobs: Int
    /// `--trace-replication`.
    var replication: Int

    init(parsed: ParsedValues) throws(UsageError) {
        enabled = parsed.flag("trace")
        jobs = try parsed.value("trace-jobs") ?? Self.defaultJobs
        replication = try parsed.value("trace-replication") ?? 0
    }

    /// Checks the ranges; `replications` is the run's count when known.
    func validate(replications: Int?) throws(UsageError) {
        if !(1...Self.maxJobs).contains(jobs) {
            throw UsageError("--trace-jobs must be in 1...\(Self.maxJobs), got \(jobs)")
        }
        if replication < 0 { throw UsageError("--trace-replication must be 0 or more, got \(replication)") }
        if let replications, replication >= replications {
            throw UsageError(
                "--trace-replication \(replication) is not run: replications are 0...\(replications - 1)")
        }
    }

    /// Runs replication `replication` of `scenario` traced and writes `folder`trace.json atomically.
    /// - Returns: Whether it was written (an error is printed otherwise).
    static func write(
        _ scenario: Scenario, replication: Int, jobs: Int, afterWarmup: Bool = true, folder: String,
        _ context: inout CommandContext
    ) -> Bool {
        let traced = TracedRun.run(scenario, replication: replication, jobs: jobs, afterWarmup: afterWarmup)
        let path = (folder.hasSuffix("/") ? folder : folder + "/") + "trace.json"
        do {
            try AtomicFile.write(traced.json, to: path)
        } catch {
            context.printError("error: \(error.description)")
            return false
        }
        context.print(
            "wrote \(path) (replication \(replication), first \(jobs) jobs "
                + (afterWarmup ? "after warm-up)" : "of the run)"))
        return true
    }
}
