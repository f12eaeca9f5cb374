import AgentSimSpec

/// One `--vary PATH=LIST`: a scenario path and the values it takes, in the order given.
///
/// LIST is `a,b,c` (commas inside `[...]`, `{...}` or quotes do not split), `A..B` (step 1) or
/// `A..B:STEP`. Each value is later applied exactly as `--set PATH=VALUE` would apply it, so a
/// value means what it means to `--set` (`8` a number, `250ms` a duration, `40/min` a rate). Range
/// ends and step are decimals sharing one unit suffix (`2..24:2`, `0.5s..2s:0.5s`,
/// `20/min..60/min:10/min`); the values are computed in exact decimal arithmetic, never in
/// floating point, so `0.1..0.3:0.1` is `0.1,0.2,0.3`. The path `pattern.type` varies the
/// coordination pattern, adapted to the scenario as `compare` adapts it.
public struct SweepAxis: Sendable, Hashable {
    /// Put a limit on everything: no axis has more values than this.
    public static let maxValues = 10_000
    /// The path that varies the coordination pattern instead of a `--set` value.
    public static let patternPath = "pattern.type"

    /// The `--vary` argument as written (`PATH=LIST`).
    public var argument: String
    /// The scenario path, e.g. `agents.worker.count`.
    public var path: String
    /// The values, in order, each as `--set` takes it.
    public var values: [String]

    /// Parses `PATH=LIST`.
    /// - Throws: ``SweepError`` naming `--vary PATH` for a malformed path or list.
    public init(parsing argument: String) throws(SweepError) {
        guard let equals = argument.firstIndex(of: "="), equals > argument.startIndex else {
            throw SweepError(
                "--vary \(argument)", "expected PATH=LIST",
                allowed: "e.g. agents.worker.count=2..24:2, workload.arrivals.rate=10/min,20/min or "
                    + "pattern.type=hub_and_spoke,event_driven")
        }
        self.argument = argument
        path = String(argument[..<equals])
        let subject = "--vary \(path)"
        do {
            _ = try Overrides.parsePath(path, origin: subject)
        } catch {
            throw SweepError(subject, error.message, allowed: error.allowed)
        }
        let list = String(argument[argument.index(after: equals)...])
        values = try Self.expand(list, subject: subject)
        guard !values.isEmpty else { throw SweepError(subject, "the list of values is empty") }
        guard values.count <= Self.maxValues else {
            throw SweepError(subject, "\(values.count) values; at most \(Self.maxValues) per --vary")
        }
        var seen: Set<String> = []
        for value in values {
            guard seen.insert(value).inserted else {
                throw SweepError(subject, "the value \(value) appears twice")
            }
            guard !value.contains("\n") && !value.contains("\r") else {
                throw SweepError(subject, "a value contains a line break")
            }
        }
        if path == Self.patternPath {
            let known = PatternRegistry.names
            for value in values where !known.contains(value) {
                throw SweepError(
                    subject, "unknown pattern \(quoted(value))" + ClosestKey.didYouMean(value, among: known),
                    allowed: known.joined(separator: ", "))
            }
        }
    }

    /// Whether this axis varies the pattern rather than a `--set` value.
    public var isPattern: Bool { path == Self.patternPath }

    /// The values as numbers, when every value is a decimal followed by the same unit suffix
    /// (possibly none), e.g. `2,4,8` or `10/min,20/min`; `nil` otherwise.
    public var numericValues: [Double]? {
        guard !isPattern else { return nil }
        var suffix: Substring?
        var numbers: [Double] = []
        for value in values {
            guard let (number, rest) = ExactDecimal.scan(Substring(value)), suffix == nil || suffix == rest
            else { return nil }
            suffix = rest
            numbers.append(number.doubleValue)
        }
        return numbers
    }

    /// `a,b,c`, `A..B` or `A..B:STEP` → the values.
    static func expand(_ list: String, subject: String) throws(SweepError) -> [String] {
        let items = splitTopLevel(list)
        if items.count == 1, let dots = list.range(of: "..") {
            return try range(
                from: String(list[..<dots.lowerBound]), rest: String(list[dots.upperBound...]),
                subject: subject)
        }
        var values: [String] = []
        for item in items {
            let value = String(item).trimmingSpaces
            guard !value.isEmpty else {
                throw SweepError(
                    subject, "an empty value in the list \(quoted(list))", allowed: "a,b,c, A..B or A..B:STEP"
                )
            }
            values.append(value)
        }
        return values
    }

    /// The values of `A..B[:STEP]`.
    private static func range(from start: String, rest: String, subject: String) throws(SweepError)
        -> [String]
    {
        let written = "\(start)..\(rest)"
        let allowed = "A..B or A..B:STEP with A ≤ B, STEP > 0 and one unit, e.g. 2..24:2 or 0.5s..2s:0.5s"
        var end = rest
        var stepText = "1"
        if let colon = rest.lastIndex(of: ":") {
            end = String(rest[..<colon])
            stepText = String(rest[rest.index(after: colon)...])
        }
        guard let (a, unit) = ExactDecimal.scan(Substring(start.trimmingSpaces)),
            let (b, endUnit) = ExactDecimal.scan(Substring(end.trimmingSpaces)),
            let (step, stepUnit) = ExactDecimal.scan(Substring(stepText.trimmingSpaces))
        else { throw SweepError(subject, "cannot read the range \(quoted(written))", allowed: allowed) }
        guard unit == endUnit, stepUnit.isEmpty || stepUnit == unit else {
            throw SweepError(subject, "the range \(quoted(written)) mixes units", allowed: allowed)
        }
        guard step.isPositive else {
            throw SweepError(subject, "the step of \(quoted(written)) is not positive", allowed: allowed)
        }
        guard let values = ExactDecimal.stride(from: a, through: b, by: step, limit: maxValues) else {
            throw SweepError(
                subject, "the range \(quoted(written)) is empty or has more than \(maxValues) values",
                allowed: allowed)
        }
        return values.map { $0.text + unit }
    }

    /// Splits at commas outside brackets, braces and double quotes.
    static func splitTopLevel(_ text: String) -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var inString = false
        var escaped = false
        var start = text.startIndex
        for index in text.indices {
            let c = text[index]
            if inString {
                if escaped {
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else if c == "\"" {
                    inString = false
                }
                continue
            }
            switch c {
            case "\"": inString = true
            case "[", "{": depth += 1
            case "]", "}": depth -= 1
            case "," where depth == 0:
                parts.append(text[start..<index])
                start = text.index(after: index)
            default: break
            }
        }
        parts.append(text[start...])
        return parts
    }
}
