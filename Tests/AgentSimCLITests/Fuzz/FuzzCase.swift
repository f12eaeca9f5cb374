import Foundation

/// One fuzz case run through the built binary as a subprocess, and its verdict.
///
/// A case fails when the binary dies of a signal (a trap), runs past its timeout (a hang: cases are
/// capped, see ``ScenarioMutator/cap(_:)``), exits with a code the contract does not have, writes
/// output despite refusing its input (exit 2), or refuses without saying where (`FILE:LINE:COL:`).
struct FuzzCase {
    /// The subcommand and its extra arguments; the scenario path and `--out` are added.
    var command: [String]
    /// The case's scenario text.
    var text: String
    /// What the case is called in reports: its seed, the example it came from and the command.
    var label: String

    /// What went wrong, or `nil` when the binary behaved.
    struct Failure: Error, CustomStringConvertible {
        var label: String
        var problem: String
        var stderr: String
        var description: String { "\(label): \(problem)\n\(stderr.prefix(600))" }
    }

    /// Runs the case in `directory` (which holds the example scenarios' data files) and judges it.
    func run(binary: String, in directory: String, timeout: TimeInterval) throws -> (
        code: Int32, failure: Failure?
    ) {
        let file = "case.json"
        let out = "\(directory)/out"
        try? FileManager.default.removeItem(atPath: out)
        try text.write(toFile: "\(directory)/\(file)", atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments =
            [command[0], file] + command.dropFirst() + (command[0] == "validate" ? [] : ["--out", out])
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errPath = "\(directory)/.stderr"
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: errPath)
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2_000) }
        let hung = process.isRunning
        if hung {
            process.terminate()
            process.waitUntilExit()
        }
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        func failure(_ problem: String) -> Failure { Failure(label: label, problem: problem, stderr: stderr) }
        if hung { return (-1, failure("no exit within \(Int(timeout)) s on a capped case (a hang)")) }
        if process.terminationReason == .uncaughtSignal {
            return (-1, failure("killed by signal \(process.terminationStatus) (a trap or crash)"))
        }
        let code = process.terminationStatus
        return (code, verdict(code: code, out: out, stderr: stderr, failure))
    }

    /// The verdict on a case that exited with `code`.
    private func verdict(
        code: Int32, out: String, stderr: String, _ failure: (String) -> Failure
    ) -> Failure? {
        // Exit 1 is a check that failed: for chaos that is its job; for run and validate a valid
        // scenario broke an invariant, which is a bug.
        if code == 1 && command[0] == "chaos" { return nil }
        if code == 0 { return nil }
        if code != 2 { return failure("exit code \(code), expected 0 or 2") }
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: out)) ?? []
        if !written.isEmpty { return failure("exit 2 but wrote \(written.sorted().prefix(3))") }
        if !Self.isLocated(stderr) { return failure("an error without FILE:LINE:COL") }
        return nil
    }

    /// Whether some line of `stderr` starts `FILE:LINE:COL:` (a scenario or one of its data files).
    static func isLocated(_ stderr: String) -> Bool {
        stderr.split(separator: "\n").contains { line in
            let text = line.hasPrefix("error: ") ? line.dropFirst(7) : line[...]
            let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
            return parts.count == 4 && !parts[0].isEmpty && Int(parts[1]) != nil && Int(parts[2]) != nil
        }
    }
}
