import AgentSim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The statistics options `run` and `compare` share: the confidence level of every interval.
struct StatisticsOptions {
    /// The confidence level when `--confidence` is absent.
    static let defaultConfidence = 0.95

    /// The option declarations, in help order.
    static let declarations: [OptionDeclaration] = [
        .single(
            "confidence", valueName: "level",
            help: "The two-sided coverage of the Student-t intervals in stats.csv and the tables, in (0, 1).",
            default: "0.95")
    ]

    /// The two-sided coverage of every interval, in (0, 1).
    var confidence: Double

    init(parsed: ParsedValues) throws(UsageError) {
        confidence = try parsed.value("confidence") ?? Self.defaultConfidence
    }

    func validate() throws(UsageError) {
        guard confidence > 0 && confidence < 1 else {
            throw UsageError("--confidence must be in (0, 1), e.g. 0.95; got \(confidence)")
        }
    }
}

extension Double: ExpressibleByArgument {
    init?(argument: String) {
        guard let value = Double(argument), value.isFinite else { return nil }
        self = value
    }
    static var expectation: String { "a number, e.g. 0.95" }
}

/// Removing output files that a run no longer writes.
enum OutputFiles {
    /// Removes the file at `path` if there is one; a missing file is not an error.
    static func remove(_ path: String) { _ = unlink(path) }
}
