import AgentSim
import Foundation

/// `chaos --check-determinism`: the same seeds run again by a fresh `agentsim` process, whose
/// hash seed differs, so output that depends on a `Dictionary`'s or `Set`'s order shows up.
enum ChaosDeterminism {
    /// The output digest of every seed of `command` as a child `agentsim` process reports it, by
    /// seed; `nil` when the child could not run or wrote no summary.
    static func digests(_ executable: String, command: ChaosCommand, seeds: [UInt64]) -> [UInt64: String]? {
        let folder =
            NSTemporaryDirectory() + "agentsim-determinism-\(ProcessInfo.processInfo.processIdentifier)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var arguments = ["chaos", command.scenarioPath, "--out", folder, "--shrink", "0"]
        arguments += command.seed.map { ["--seed", "\($0)"] } ?? ["--seeds", "\(seeds.count)"]
        arguments += command.overrides.flatMap { ["--set", $0] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        process.waitUntilExit()
        guard let data = FileManager.default.contents(atPath: folder + "/summary.csv") else { return nil }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            CSVLine.fields(String($0))
        }
        guard let header = lines.first, let seedColumn = header.firstIndex(of: "seed"),
            let digestColumn = header.firstIndex(of: "output_digest")
        else { return nil }
        var digests: [UInt64: String] = [:]
        for fields in lines.dropFirst() where fields.count == header.count {
            if let seed = UInt64(fields[seedColumn]) { digests[seed] = fields[digestColumn] }
        }
        return digests
    }
}

/// Reads one line of RFC 4180 CSV (as ``CSVWriter`` writes it).
enum CSVLine {
    /// The fields of `line`, quotes removed and doubled quotes undone.
    static func fields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var previousWasQuote = false
        for c in line {
            if quoted {
                if c == "\"" {
                    quoted = false
                    previousWasQuote = true
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                if previousWasQuote { field.append("\"") }
                quoted = true
                previousWasQuote = false
            } else if c == "," {
                fields.append(field)
                field = ""
                previousWasQuote = false
            } else {
                field.append(c)
                previousWasQuote = false
            }
        }
        fields.append(field)
        return fields
    }
}
