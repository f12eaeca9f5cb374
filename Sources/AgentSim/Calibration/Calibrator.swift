import AgentSimSpec

/// Turns spans into a ``Calibration``: groups them into jobs, names each call's role, and fits.
public enum Calibrator {
    /// Fewer calls of a role than this gives a thin-data warning.
    public static let thinDataCalls = 30

    /// Calibrates from every span of `set`.
    ///
    /// - Throws: ``ScenarioError`` when no span carries a GenAI model call or tool call.
    public static func calibrate(_ set: TraceSet) throws(ScenarioError) -> Calibration {
        var result = Calibration()
        result.files = set.files
        if set.skipped > 0 {
            result.warnings.append(
                "skipped \(set.skipped) malformed span(s); the first: \(set.firstSkipped ?? "")")
        }
        let forest = SpanForest(set.spans)
        let jobs = forest.jobs()
        guard !jobs.isEmpty else {
            throw ScenarioError(
                file: set.files.joined(separator: ", "), path: "",
                message:
                    "no span has GenAI attributes (no chat/text_completion call with gen_ai.request.model "
                    + "or token counts, and no execute_tool span)",
                allowed: "OpenTelemetry spans following the GenAI semantic conventions")
        }
        result.jobs = jobs.count
        result.warnings += forest.warnings(jobs: jobs)
        fitArrivals(jobs, into: &result)
        result.jobLatency = DistributionFit.fit(jobs.map { Double($0.endNanos - $0.startNanos) / 1e9 })
        result.roles = RoleBuilder(jobs: jobs).roles()
        for role in result.roles {
            if role.calls < thinDataCalls {
                result.warnings.append(
                    "thin data: role \(role.name) has \(role.calls) call(s) (fewer than \(thinDataCalls)); "
                        + "its fits are rough")
            }
            if role.missingTokens > 0 {
                result.warnings.append(
                    "role \(role.name): \(role.missingTokens) of \(role.calls) call(s) have no token counts; "
                        + "tokens were fitted to the others")
            }
            if role.namedBySpanName {
                result.warnings.append(
                    "role \(role.name): no gen_ai.agent.name on its calls or an invoke_agent ancestor; "
                        + "named after the span name")
            }
            if role.repeatedCalls > 0 {
                result.warnings.append(
                    "role \(role.name): \(role.repeatedCalls) repeated call(s) under the same parent (retries "
                        + "or loops); the scenario runs each copy once, so it makes fewer calls than the traces"
                )
            }
            if role.jobs < jobs.count {
                result.warnings.append(
                    "role \(role.name) appears in \(role.jobs) of \(jobs.count) jobs; the scenario runs it in "
                        + "every job")
            }
        }
        return result
    }

    /// Rate from the root spans' start times; dispersion over windows holding about 10 arrivals each.
    private static func fitArrivals(_ jobs: [TraceJob], into result: inout Calibration) {
        let starts = jobs.map(\.startNanos).sorted()
        guard starts.count >= 2, let first = starts.first, let last = starts.last, last > first else {
            result.arrivalRatePerSecond = 1
            result.warnings.append(
                "fewer than two distinct job start times: the arrival rate 1/s is a placeholder")
            return
        }
        let spanSeconds = Double(last - first) / 1e9
        result.arrivalRatePerSecond = Double(starts.count - 1) / spanSeconds
        let windows = max(2, starts.count / 10)
        var counts = Array(repeating: 0.0, count: windows)
        for s in starts {
            let w = min(windows - 1, Int(Double(s - first) / Double(last - first) * Double(windows)))
            counts[w] += 1
        }
        let mean = Double(starts.count) / Double(windows)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(windows - 1)
        result.dispersionIndex = variance / mean
        result.dispersionWindows = windows
        if !result.looksPoisson {
            result.warnings.append(
                "arrivals: dispersion index \(result.dispersionIndex) over \(windows) windows is not Poisson-like "
                    + "(1 ± \(2 * (2 / Double(windows - 1)).squareRoot())); the scenario still uses Poisson arrivals"
            )
        }
    }
}
