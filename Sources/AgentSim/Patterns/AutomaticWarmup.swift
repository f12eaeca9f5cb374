import AgentSimKernel
import AgentSimMetrics
import AgentSimSpec

/// `workload.warmup: "auto"`: run once recording every completion, let MSER-5 pick the warm-up, then
/// measure again after it.
///
/// The second run replays the first exactly (same scenario, same seed; a warm-up only decides what is
/// measured, never what happens), so it costs one more run but no approximation: every summary column
/// is computed after the chosen warm-up by the same streaming code as a fixed warm-up. When MSER-5
/// drops nothing, or finds no steady state, the first run's figures (measured from time 0) stand.
enum AutomaticWarmup {
    /// The result of an automatic-warm-up replication, from its first run and that run's series.
    /// - Parameters:
    ///   - first: The run measured from time 0.
    ///   - series: Its completions.
    ///   - scenario: The scenario (with `automaticWarmup` set).
    ///   - rerun: Runs a scenario with a fixed warm-up, same replication.
    static func finish(
        _ first: RunResult, series: CompletionSeries, scenario: Scenario, rerun: (Scenario) -> RunResult
    ) -> RunResult {
        let (truncation, warmup) = series.warmup()
        var result = first
        if warmup > .zero {
            var fixed = scenario
            fixed.workload.automaticWarmup = false
            fixed.workload.warmup = SimDuration(nanos: warmup.nanos)
            result = rerun(fixed)
        }
        result.summary.warmupSeconds = truncation.reachedSteadyState ? warmup.seconds : nil
        result.automaticWarmup = truncation
        return result
    }
}
