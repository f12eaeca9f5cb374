import AgentSimSpec

/// The routing table of the handoff pattern, written in a scenario as one string.
///
/// Rows are separated by `;`. A row is `HOLDER>TARGET:P,TARGET:P,...`: when an agent of role
/// `HOLDER` hands a task off, it hands it to an agent of role `TARGET` with probability `P` (the
/// targets of a row sum to 1). `HOLDER/STEP>...` is a row for the step named `STEP` only; it takes
/// precedence over the role's plain row. The target `stay` is not a role: `stay:P` is the
/// probability that a holder whose role has the step's skill does the work itself (default 1);
/// otherwise it hands off too (over-delegation). A holder without the skill always hands off: by
/// its row, or, with no row, straight to the first role (in scenario order) that has the skill.
///
/// Example: `"triage/refund>billing:0.8,tech:0.2; tech>stay:0.95,triage:0.7,billing:0.3"`: the
/// triage agent sends the refund step to billing (a misroute to tech one time in five); a tech
/// agent keeps 95% of the steps it can do, and hands everything else back to triage or to billing.
public struct HandoffRoutes: Sendable, Hashable {
    /// One row of the table.
    public struct Row: Sendable, Hashable {
        /// The holder's role.
        public var role: String
        /// The step the row is for (`nil`: every step without a row of its own).
        public var step: String?
        /// The probability a holder with the step's skill does the work (`nil`: 1).
        public var stay: Double?
        /// Where a handoff goes: role names and probabilities (summing to 1, or empty).
        public var targets: [Target]
    }

    /// A role a row hands off to, and how likely.
    public struct Target: Sendable, Hashable {
        /// The role's name.
        public var role: String
        /// The probability of this target among the row's targets.
        public var probability: Double
    }

    /// A malformed or inconsistent table: what is wrong, in one line.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        /// The message.
        public var message: String
        /// The message, for error output.
        public var description: String { message }
    }

    /// The rows in the order written.
    public var rows: [Row]

    /// The largest difference from 1 a row's target probabilities may have (rounding in files).
    public static let sumTolerance = 1e-6

    /// Parses and checks `text` against the scenario's role names and step names.
    ///
    /// - Parameters:
    ///   - text: The table (empty: no rows, every handoff goes straight to a role with the skill).
    ///   - roles: The role names (row holders and targets must be among them).
    ///   - steps: The step names (a row's `/STEP` must be among them).
    /// - Throws: ``Problem`` naming the first bad row.
    public init(parsing text: String, roles: [String], steps: [String]) throws(Problem) {
        rows = []
        for raw in text.split(separator: ";") {
            let rowText = raw.trimmingWhitespace
            if rowText.isEmpty { continue }
            let row = try Self.parseRow(rowText, roles: roles, steps: steps)
            if rows.contains(where: { $0.role == row.role && $0.step == row.step }) {
                throw Problem(message: "routes: two rows for \(Self.key(row.role, row.step))")
            }
            rows.append(row)
        }
    }

    private static func key(_ role: String, _ step: String?) -> String {
        "\"" + role + (step.map { "/" + $0 } ?? "") + "\""
    }

    private static func parseRow(_ text: String, roles: [String], steps: [String]) throws(Problem) -> Row {
        let halves = text.split(separator: ">", omittingEmptySubsequences: false)
        guard halves.count == 2 else {
            throw Problem(message: "routes: \"\(text)\" is not HOLDER>TARGET:P,... (one \">\" per row)")
        }
        let holder = halves[0].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let role = holder[0].trimmingWhitespace
        try check(role, among: roles, what: "role", in: text)
        var step: String?
        if holder.count == 2 {
            let name = holder[1].trimmingWhitespace
            try check(name, among: steps, what: "step", in: text)
            step = name
        }
        var row = Row(role: role, step: step, stay: nil, targets: [])
        for item in halves[1].split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            let name = parts[0].trimmingWhitespace
            guard parts.count == 2, let p = Double(parts[1].trimmingWhitespace), p >= 0, p <= 1 else {
                throw Problem(
                    message: "routes: \"\(item.trimmingWhitespace)\" in \"\(text)\" is not TARGET:P "
                        + "with P a probability from 0 to 1")
            }
            if name == "stay" {
                guard row.stay == nil else { throw Problem(message: "routes: \"stay\" twice in \"\(text)\"") }
                row.stay = p
                continue
            }
            try check(name, among: roles, what: "role", in: text)
            if row.targets.contains(where: { $0.role == name }) {
                throw Problem(message: "routes: \"\(name)\" twice in \"\(text)\"")
            }
            row.targets.append(Target(role: name, probability: p))
        }
        let sum = row.targets.reduce(0) { $0 + $1.probability }
        if !row.targets.isEmpty && abs(sum - 1) > sumTolerance {
            throw Problem(message: "routes: the targets of \"\(text)\" sum to \(sum), not 1")
        }
        if row.targets.isEmpty && (row.stay ?? 1) < 1 {
            throw Problem(
                message:
                    "routes: \"\(text)\" lets a holder hand off (stay < 1) but names no role to hand off to")
        }
        return row
    }

    private static func check(_ name: String, among names: [String], what: String, in text: String)
        throws(Problem)
    {
        guard !names.contains(name) else { return }
        throw Problem(
            message: "routes: unknown \(what) \"\(name)\" in \"\(text)\" (known: "
                + names.joined(separator: ", ") + ")" + ClosestKey.didYouMean(name, among: names))
    }

    /// The row for a holder of `role` on the step named `step`: its own, else the role's plain row.
    public func row(role: String, step: String) -> Row? {
        rows.first { $0.role == role && $0.step == step } ?? rows.first { $0.role == role && $0.step == nil }
    }
}

extension Substring {
    /// Without leading and trailing spaces, tabs and newlines.
    fileprivate var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(self[first...last])
    }
}
