import Testing

@testable import AgentSim

/// Coordinator-reported waiting and coordinator-reported metrics.
///
/// The oracle is the pipeline on the same M/M/1: a coordinator that holds tasks in its own FIFO
/// queue and hands each to the agent the moment it frees serves the jobs in the same order at the
/// same instants (its k-th service is the agent stream's k-th draw either way), so every job's
/// wait is the same; only where the job waits differs. Reported, the waits must then count
/// exactly as the pipeline's do; unreported, they must not count at all.
@Suite struct CoordinatorWaitTests {
    /// M/M/1 at ρ = 0.8, 2,000 jobs: about 80% of jobs wait (PASTA), so the queue is never idle
    /// for long and the comparison covers thousands of waits.
    static let scenario = Oracle.mmc(lambda: 0.8, mu: 1, servers: 1, jobs: 2_000, seed: 21)

    @Test(arguments: 0..<3)
    func reportedWaitsCountExactlyLikeWaitsInAnAgentsQueue(replication: Int) {
        let pipeline = ScenarioRunner.detailedRun(Self.scenario, replication: replication)
        let own = OwnQueueCoordinator.run(Self.scenario, replication: replication)
        #expect(own.summary.jobsCompleted == 2_000 && pipeline.summary.jobsCompleted == 2_000)
        #expect(pipeline.summary.waitMeanSeconds > 1, "the M/M/1 mean wait is 4 s: jobs do wait")
        #expect(own.summary.latencyMeanSeconds == pipeline.summary.latencyMeanSeconds, "same schedule")
        #expect(own.summary.waitMeanSeconds == pipeline.summary.waitMeanSeconds)
        #expect(own.series.map(\.queued) == pipeline.series.map(\.queued), "timeseries queued counts it")
        #expect(own.series.contains { $0.queued > 0 })
    }

    @Test(arguments: [OwnQueueCoordinator.Reporting.nothing, .retracted])
    func unreportedOrRetractedWaitsDoNotCount(reporting: OwnQueueCoordinator.Reporting) {
        let pipeline = ScenarioRunner.detailedRun(Self.scenario, replication: 0)
        let own = OwnQueueCoordinator.run(Self.scenario, reporting: reporting)
        #expect(own.summary.latencyMeanSeconds == pipeline.summary.latencyMeanSeconds, "same schedule")
        // Every submitted task starts at once, so the only waits are in the coordinator's queue.
        #expect(own.summary.waitMeanSeconds == 0)
        #expect(own.series.allSatisfy { $0.queued == 0 })
    }

    @Test func reportedMetricsAreAppendedAfterEveryBuiltInColumn() throws {
        let own = OwnQueueCoordinator.run(Self.scenario)
        let metric = try #require(own.summary.customMetrics.first)
        #expect(own.summary.customMetrics.count == 1)
        #expect(metric.name == "own_queue_max" && metric.direction == .lowerIsBetter)
        // The queue length the time series sampled can never exceed the longest it got.
        let sampled = own.series.map(\.queued).max() ?? 0
        #expect(metric.value >= Double(sampled) && sampled > 0)
        let csv = SummaryCSV.text(for: [own.summary])
        let lines = csv.split(separator: "\n")
        #expect(lines[0] == (SummaryCSV.header + ["own_queue_max"]).joined(separator: ","))
        #expect(lines[1].hasSuffix("," + CSV.format(metric.value)))
        #expect(
            lines[1].split(separator: ",", omittingEmptySubsequences: false).count == SummaryCSV.header.count
                + 1)
    }

    @Test func builtInPatternsKeepTheirSummaryBytes() {
        let pipeline = ScenarioRunner.run(Self.scenario, replication: 0)
        #expect(pipeline.customMetrics.isEmpty)
        let csv = SummaryCSV.text(for: [pipeline])
        #expect(csv.hasPrefix(SummaryCSV.header.joined(separator: ",") + "\n"))
        var writer = CSVWriter(header: SummaryCSV.header)
        writer.append(SummaryCSV.fields(of: pipeline))
        #expect(csv == writer.text)
    }

    @Test func aColumnOnlySomeRunsReportIsEmptyForTheOthers() {
        let pipeline = ScenarioRunner.run(Self.scenario, replication: 0)
        let own = OwnQueueCoordinator.run(Self.scenario).summary
        let lines = SummaryCSV.text(for: [pipeline, own]).split(separator: "\n")
        #expect(lines[0].hasSuffix(",own_queue_max"))
        #expect(lines[1].hasSuffix(","), "the pipeline's own_queue_max is empty")
        #expect(!lines[2].hasSuffix(","))
    }
}
