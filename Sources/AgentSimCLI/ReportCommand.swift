import AgentSim
import Foundation

/// `agentsim report DIR`: DIR/report.html from the CSV files a run, compare, sweep or chaos wrote.
struct ReportCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            name: "report",
            abstract: "Write DIR/report.html: charts of the CSV files in an output folder.",
            discussion: """
                DIR is the --out folder of agentsim run, compare, sweep or chaos; the report draws \
                what the folder holds (time series with fault windows shaded, latency, cost by cause; \
                per-pattern bars with interval whiskers; each metric against the varied value; failing \
                chaos seeds with their replay commands). One self-contained HTML file: inline SVG and \
                CSS, no script, nothing fetched, so it opens offline and in a CI artifact viewer. \
                Exit code 2, with nothing written, when DIR holds nothing to report.
                """,
            arguments: [ArgumentDeclaration(name: "dir", help: "The output folder to report on.")]
        )
    }

    /// `--report` on run, compare and chaos (and, once wired, sweep).
    static let flag = OptionDeclaration.flag(
        "report", help: "Also write DIR/report.html (as agentsim report DIR does).")

    /// The folder.
    var directory: String

    init(parsed: ParsedValues) throws(UsageError) {
        directory = try parsed.argument("dir")
    }

    func run(_ context: inout CommandContext) -> Int32 {
        Self.write(directory, scenarioPath: nil, &context) ? ExitCode.success : ExitCode.usage
    }

    /// Reads `directory`'s known files and writes its report.html atomically; `scenarioPath` goes
    /// into replay commands when the caller knows it.
    /// - Returns: Whether it was written (an error is printed otherwise).
    static func write(_ directory: String, scenarioPath: String?, _ context: inout CommandContext) -> Bool {
        let folder = directory.hasSuffix("/") ? directory : directory + "/"
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory),
            isDirectory.boolValue
        else {
            context.printError(
                "error: \(directory): no such folder; give the --out folder of run, compare, sweep or chaos")
            return false
        }
        let listing = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        var files: [String: String] = [:]
        for name in ReportInputs.known where listing.contains(name) {
            if let data = FileManager.default.contents(atPath: folder + name) {
                files[name] = String(decoding: data, as: UTF8.self)
            }
        }
        let inputs = ReportInputs(
            files: files, listing: listing, folder: directory, scenarioPath: scenarioPath,
            program: context.environment.programName)
        do {
            let html = try Report.html(inputs)
            try AtomicFile.write(html, to: folder + "report.html")
        } catch let error as ReportError {
            context.printError("error: \(error.description)")
            return false
        } catch {
            context.printError("error: \(error)")
            return false
        }
        context.print("wrote \(folder)report.html")
        return true
    }
}

extension ChaosCommand {
    /// The scenario file and `--set` options of a replay command, shell-quoted, for the report.
    var replayTarget: String {
        ([Self.shellQuoted(scenarioPath)] + overrides.flatMap { ["--set", Self.shellQuoted($0)] }).joined(
            separator: " ")
    }
}
