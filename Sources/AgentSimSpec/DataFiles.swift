import AgentSimKernel
import Foundation

/// Data files a scenario refers to: empirical samples and arrival traces, one value per line.
///
/// A line's first comma-separated field is the value (so a CSV export with more columns works); blank
/// lines are skipped, and a first line that does not start like a number is a header. Relative
/// paths resolve against the scenario file's folder.
extension ScenarioDecoder {
    /// More rows than this is refused: a limit chosen, not a memory exhaustion discovered.
    static let maxDataRows = 10_000_000

    /// `path` relative to the scenario's folder, unless it is absolute.
    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." { return path }
        return baseDirectory.hasSuffix("/") ? baseDirectory + path : baseDirectory + "/" + path
    }

    /// The values of the data file named by `field`, each checked as a value of `kind`.
    func dataFileValues(_ field: JSONField, kind: QuantityKind) throws(ScenarioError) -> [Double] {
        var values: [Double] = []
        for cell in try dataFileCells(field) {
            values.append(try quantity(cell, kind: kind))
        }
        return values
    }

    /// Arrival times from the trace file named by `field`: exact durations since the start,
    /// ascending (equal times are allowed: simultaneous arrivals).
    func traceTimes(_ field: JSONField) throws(ScenarioError) -> [SimTime] {
        var times: [SimTime] = []
        for cell in try dataFileCells(field) {
            let time = SimTime(nanos: try duration(cell).nanos)
            if let last = times.last, time < last {
                throw error(
                    cell, "arrival times must be ascending, but \(time) comes after \(last)",
                    allowed: "times in ascending order")
            }
            times.append(time)
        }
        return times
    }

    /// The value cells of a data file, each located at its own line of the data file.
    private func dataFileCells(_ field: JSONField) throws(ScenarioError) -> [JSONField] {
        let name = try nonEmptyString(field)
        let resolved = resolve(name)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory),
            !isDirectory.boolValue
        else {
            throw error(
                field, "no such file \(quoted(resolved)) (relative paths start at the scenario's folder)")
        }
        let text: String
        do {
            text = try String(contentsOfFile: resolved, encoding: .utf8)
        } catch {
            throw self.error(field, "cannot read \(quoted(resolved)) as UTF-8 text")
        }
        var cells: [JSONField] = []
        var lineNumber = 0
        var headerAllowed = true
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            var cell = String(line.split(separator: ",", maxSplits: 1, omittingEmptySubsequences: false)[0])
            cell = cell.trimmingCharacters(in: .whitespaces)
            if cell.count >= 2 && cell.hasPrefix("\"") && cell.hasSuffix("\"") {
                cell = String(cell.dropFirst().dropLast())
            }
            if cell.isEmpty { continue }
            defer { headerAllowed = false }
            if headerAllowed && !startsLikeNumber(cell) { continue }
            if cells.count == Self.maxDataRows {
                throw error(field, "\(quoted(resolved)) has more than \(Self.maxDataRows) values")
            }
            let location = JSONLocation(file: resolved, line: lineNumber, column: 1)
            let kind: JSONValue.Kind = DecimalLiteral(cell) != nil ? .number(cell) : .string(cell)
            cells.append(JSONField(value: JSONValue(kind: kind, location: location), path: field.path))
        }
        if cells.isEmpty { throw error(field, "\(quoted(resolved)) holds no values") }
        return cells
    }

    private func startsLikeNumber(_ cell: String) -> Bool {
        guard let c = cell.unicodeScalars.first else { return false }
        return ("0"..."9").contains(c) || c == "-" || c == "+" || c == "."
    }
}
