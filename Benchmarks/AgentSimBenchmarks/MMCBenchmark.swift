import AgentSim

/// M/M/5 (λ = 4/s, μ = 1/s) for `jobs` jobs through the whole stack: scenario, fleet, pipeline
/// coordinator, metrics — the code path of `agentsim run`.
func mmcBenchmark(jobs: Int) -> BenchmarkRow {
    let scenario = Scenario(
        name: "mmc-bench", seed: 1,
        workload: WorkloadSpec(
            arrivals: .poisson(ratePerSecond: 4), jobs: jobs,
            job: JobTemplateSpec(steps: [StepSpec(name: "serve", skill: "serve")])),
        agents: [AgentRoleSpec(name: "server", count: 5, skills: ["serve"], latency: .exponential(mean: 1))])
    let clock = ContinuousClock()
    let start = clock.now
    let summary = ScenarioRunner.run(scenario, replication: 0)
    let wall = clock.now - start
    precondition(summary.jobsCompleted == jobs, "mmc benchmark lost jobs")
    printError("mmc: mean wait \(summary.waitMeanSeconds) s (Erlang C: 0.5541 s), events \(summary.events)")
    return BenchmarkRow(benchmark: "mmc", size: 5, ops: jobs, wall: wall)
}
