import AgentSim
import Foundation

/// Seeds isolated against traps: `agentsim chaos` runs its seeds in supervised child processes, so
/// a precondition failure, an arithmetic overflow or any other trap in one seed (in a built-in
/// pattern or in a user's own coordinator) is that seed's failure instead of the campaign's end.
///
/// Each batch of seeds runs in one child (`chaos --first-seed S --seeds N --shrink 0`, in process,
/// in parallel across cores) that writes its summary rows. When a child dies of a signal, the
/// batch is bisected, each half in a fresh child, down to the seed that traps; its row says
/// `trap`, with the signal and the runtime's message from the child's standard error.
enum ChaosIsolation {
    /// Set in a child's environment: run the seeds in process.
    static let childVariable = "AGENTSIM_CHAOS_CHILD"

    /// What happened to one seed in a child.
    enum Outcome: Sendable {
        /// The child finished the seed: its summary row (CSV) and whether it failed a check.
        case ran(line: String, failed: Bool)
        /// The seed's child died of `signal`; `message` is the runtime's trap message, if it printed one.
        case trapped(signal: Int32, message: String)
    }

    /// Whether this process is a supervised child (it must not supervise again).
    static var isChild: Bool { ProcessInfo.processInfo.environment[childVariable] != nil }

    /// Runs `count` seeds from `first` in children of `executable`, bisecting a batch whose child
    /// dies; `nil` when a child could not run or answered nonsense (not a trap).
    static func run(
        _ executable: String, command: ChaosCommand, first: UInt64, count: Int
    ) -> [UInt64: Outcome]? {
        let child = runChild(executable, command: command, first: first, count: count)
        switch child {
        case .failedToRun: return nil
        case .rows(let rows): return rows.count == count ? rows : nil
        case .signal(let signal, let message):
            if count == 1 { return [first: .trapped(signal: signal, message: message)] }
            let half = count / 2
            guard let low = run(executable, command: command, first: first, count: half),
                let high = run(
                    executable, command: command, first: first &+ UInt64(half), count: count - half)
            else { return nil }
            return low.merging(high) { a, _ in a }
        }
    }

    private enum ChildResult {
        case rows([UInt64: Outcome])
        case signal(Int32, String)
        case failedToRun
    }

    private static func runChild(
        _ executable: String, command: ChaosCommand, first: UInt64, count: Int
    ) -> ChildResult {
        let folder =
            NSTemporaryDirectory()
            + "agentsim-chaos-\(ProcessInfo.processInfo.processIdentifier)-\(first)-\(count)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments =
            [
                "chaos", command.scenarioPath, "--out", folder + "/out", "--shrink", "0", "--first-seed",
                "\(first)", "--seeds", "\(count)",
            ] + command.overrides.flatMap { ["--set", $0] }
        var environment = ProcessInfo.processInfo.environment
        environment[childVariable] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a symbolicated backtrace costs seconds per trap
        process.environment = environment
        let errPath = folder + "/stderr"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errPath)
        do { try process.run() } catch { return .failedToRun }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal {
            let stderr = (FileManager.default.contents(atPath: errPath)).map {
                String(decoding: $0, as: UTF8.self)
            }
            return .signal(process.terminationStatus, trapMessage(stderr ?? ""))
        }
        guard let data = FileManager.default.contents(atPath: folder + "/out/summary.csv") else {
            return .failedToRun
        }
        return .rows(rows(String(decoding: data, as: UTF8.self)))
    }

    /// The rows of a child's summary.csv by seed.
    static func rows(_ csv: String) -> [UInt64: Outcome] {
        let lines = csv.split(separator: "\n").map(String.init)
        guard let header = lines.first.map(CSVLine.fields), let seedColumn = header.firstIndex(of: "seed"),
            let outcomeColumn = header.firstIndex(of: "outcome")
        else { return [:] }
        var rows: [UInt64: Outcome] = [:]
        for line in lines.dropFirst() {
            let fields = CSVLine.fields(line)
            guard fields.count == header.count, let seed = UInt64(fields[seedColumn]) else { continue }
            rows[seed] = .ran(line: line, failed: fields[outcomeColumn] != "pass")
        }
        return rows
    }

    /// The runtime's trap message in a dead child's standard error: its `Fatal error` /
    /// `Precondition failed` / `Assertion failed` line, or "" (an optimised build traps on a failed
    /// precondition or an overflow without a message; the signal then says what happened).
    static func trapMessage(_ stderr: String) -> String {
        let markers = ["Fatal error", "Precondition failed", "Assertion failed"]
        let line = stderr.split(separator: "\n").last { line in markers.contains { line.contains($0) } }
        return line.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
    }

    /// A signal's name, for reports.
    static func signalName(_ signal: Int32) -> String {
        let names: [Int32: String] = [
            4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE", 11: "SIGSEGV",
        ]
        return names[signal] ?? "signal \(signal)"
    }
}
