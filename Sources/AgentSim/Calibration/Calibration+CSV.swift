import AgentSimDistributions
import AgentSimMetrics

/// `calibration.csv`: every fitted quantity, its sample size, goodness of fit and the trace's value.
extension Calibration {
    /// The header of `calibration.csv`.
    public static let csvHeader = [
        "quantity", "role", "model", "family", "parameters", "sample_size", "ks_distance", "ks_critical_5pct",
        "aic", "trace_mean", "trace_p95", "source",
    ]

    /// The sidecar CSV: per role its latency, tokens, fan-out, repeated calls and concurrency; then the
    /// job's latency and the arrival process. Rows in step order; numbers in shortest round-trip form.
    public func csv() -> String {
        var w = CSVWriter(header: Self.csvHeader)
        func fitRow(_ quantity: String, _ role: Role?, _ fit: DistributionFit, _ source: String) {
            w.append([
                quantity, role?.name ?? "", role?.model ?? "", fit.family.rawValue,
                Self.parameters(fit.distribution),
                fit.sampleSize, fit.ksDistance, fit.ksCritical, fit.aic, fit.dataMean, fit.dataP95, source,
            ])
        }
        func countRow(
            _ quantity: String, _ role: Role?, _ family: String, _ parameters: String, _ n: Int,
            _ mean: Double, _ source: String
        ) {
            w.append([
                quantity, role?.name ?? "", role?.model ?? "", family, parameters, n, nil as Double?,
                nil as Double?,
                nil as Double?, mean, nil as Double?, source,
            ])
        }
        for role in roles {
            let what = role.isTool ? "execute_tool spans" : "model-call spans"
            fitRow("latency_s", role, role.latency, "end - start of \(what) of \(role.traceName)")
            if let t = role.tokensIn { fitRow("tokens_in", role, t, "gen_ai.usage.input_tokens") }
            if let t = role.tokensOut { fitRow("tokens_out", role, t, "gen_ai.usage.output_tokens") }
            let widths = role.fanout.keys.sorted()
            let meanWidth = Double(role.fanout.reduce(0) { $0 + $1.key * $1.value }) / Double(role.jobs)
            countRow(
                "fanout", role, widths.count == 1 ? "constant" : "mixture",
                widths.map { "\($0):\(role.fanout[$0]!)" }.joined(separator: ";"), role.jobs, meanWidth,
                "distinct parent agent spans per job (width:jobs)")
            countRow(
                "repeated_calls", role, "", "", role.calls, Double(role.repeatedCalls),
                "calls beyond the first under the same parent (retries/loops)")
            countRow(
                "concurrency", role, "", "count=\(role.concurrency)", role.calls, Double(role.concurrency),
                "most calls in progress at once: a lower bound on the agent count")
            countRow(
                "after", role, "", role.after.joined(separator: ";"), role.jobs, Double(role.jobs),
                "roles whose calls end before this role's first call in most jobs")
        }
        if let jobLatency { fitRow("job_latency_s", nil, jobLatency, "root span end - start") }
        countRow(
            "arrival_rate_per_s", nil, "poisson", "rate=\(CSV.format(arrivalRatePerSecond))", jobs,
            arrivalRatePerSecond,
            "(n - 1) / (last root start - first root start)")
        countRow(
            "dispersion_index", nil, looksPoisson ? "poisson-like" : "not-poisson",
            "windows=\(dispersionWindows)",
            jobs, dispersionIndex, "variance / mean of root starts per window")
        return w.text
    }

    /// A distribution's parameters as `name=value;...` (lognormal as mu and sigma of the log).
    static func parameters(_ d: Distribution) -> String {
        switch d {
        case .constant(let v): "value=\(CSV.format(v))"
        case .exponential(let mean): "mean=\(CSV.format(mean))"
        case .lognormal(let mu, let sigma): "mu=\(CSV.format(mu));sigma=\(CSV.format(sigma))"
        case .gamma(let k, let theta): "shape=\(CSV.format(k));scale=\(CSV.format(theta))"
        case .empirical(let s): "quantiles=\(s.sorted.count)"
        default: ""
        }
    }
}
