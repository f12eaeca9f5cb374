import Testing

@testable import AgentSim

/// The verdict of one metric, and how replications turn into a mean, a spread and a paired interval.
@Suite struct GateVerdictTests {
    @Test func directionDecidesWhatIsWorse() {
        let v = GateFinding.verdict
        #expect(v(10, 10, .higherIsBetter, 0) == .same)
        #expect(v(10, 11, .higherIsBetter, 0) == .improved)
        #expect(v(10, 9, .higherIsBetter, 0) == .regressed)
        #expect(v(10, 9, .lowerIsBetter, 0) == .improved)
        #expect(v(10, 11, .lowerIsBetter, 0) == .regressed)
        // Tolerance 0 is exact: the smallest representable worsening fails.
        #expect(v(10, 10.000000000000002, .lowerIsBetter, 0) == .regressed)
    }

    @Test func toleranceIsAFractionOfTheBaselineWithItsBoundIncluded() {
        let v = GateFinding.verdict
        // 8 → 10 is a worsening of 2 = 25% of 8 for a lower-is-better metric.
        #expect(v(8, 10, .lowerIsBetter, 0.25) == .withinTolerance)
        #expect(v(8, 10, .lowerIsBetter, 0.2499) == .regressed)
        // A negative baseline: the allowance is of its magnitude.
        #expect(v(-8, -10, .higherIsBetter, 0.25) == .withinTolerance)
        #expect(v(-8, -10, .higherIsBetter, 0.2) == .regressed)
        // Improvements are improvements whatever the tolerance.
        #expect(v(8, 6, .lowerIsBetter, 0.5) == .improved)
        // A baseline of 0 allows nothing.
        #expect(v(0, 1e-300, .lowerIsBetter, 1) == .regressed)
    }

    static func run(_ replication: Int, throughput: Double, latency: Double) -> RunSummary {
        var run = RunSummary(scenario: "s", pattern: "p", replication: replication, seed: UInt64(replication))
        run.throughputPerSecond = throughput
        run.latencyMeanSeconds = latency
        return run
    }

    static func baseline(_ values: [(Double, Double)]) -> AgentSim.Baseline {
        let runs = values.enumerated().map { run($0.offset, throughput: $0.element.0, latency: $0.element.1) }
        var scenario = Oracle.mmc(lambda: 1, mu: 2, servers: 1, jobs: 10, seed: 0)
        scenario.name = "s"
        return AgentSim.Baseline(scenario: scenario, runs: runs)
    }

    @Test func aShiftByTheSameAmountInEveryReplicationHasAZeroWidthPairedInterval() throws {
        // Throughput 1, 2, 3 (mean 2, sample sd 1) → 2, 3, 4: every replication +1.
        let base = Self.baseline([(1, 5), (2, 5), (3, 5)])
        let now = [(2.0, 5.0), (3, 5), (4, 5)].enumerated().map {
            Self.run($0.offset, throughput: $0.element.0, latency: $0.element.1)
        }
        let result = base.compare(now, digest: base.scenarioDigest, path: "b")
        let f = try #require(result.findings.first { $0.metric.name == "throughput_per_s" })
        #expect(f.baseline == 2 && f.now == 3 && f.change == 1 && f.relativeChange == 0.5)
        #expect(f.spread == 1, "the run-to-run spread is large")
        #expect(f.changeInterval?.mean == 1 && f.changeInterval?.halfWidth == 0, "but the change is exact")
        #expect(f.verdict == .improved)
        #expect(result.findings.first { $0.metric.name == "latency_mean_s" }?.verdict == .same)
        #expect(result.replications == 3 && result.digestChange == nil && result.exitCode == 0)
    }

    @Test func changesThatDisagreeAcrossReplicationsHaveAWideInterval() throws {
        // Latency 4, 6 → 6, 5 (changes +2, −1): mean +0.5, paired sd √4.5, t(0.975, 1) = 12.706.
        let base = Self.baseline([(1, 4), (1, 6)])
        let now = [Self.run(0, throughput: 1, latency: 6), Self.run(1, throughput: 1, latency: 5)]
        let f = try #require(
            base.compare(now, digest: "other", path: "b").findings.first {
                $0.metric.name == "latency_mean_s"
            })
        #expect(f.verdict == .regressed)
        #expect(f.changeInterval?.mean == 0.5)
        let halfWidth = try #require(f.changeInterval?.halfWidth)
        #expect(abs(halfWidth - 12.706_204_736 * 4.5.squareRoot() / 2.0.squareRoot()) < 1e-6)
        #expect(f.spread == 2.0.squareRoot())
    }

    @Test func onlyTheReplicationsBothSidesRanAreCompared() throws {
        let base = Self.baseline([(1, 5), (2, 5), (3, 5)])
        // Two replications now, with replication 0 and 1's values: the same.
        let now = [Self.run(1, throughput: 2, latency: 5), Self.run(0, throughput: 1, latency: 5)]
        let result = base.compare(now, digest: base.scenarioDigest, path: "b")
        #expect(result.replications == 2)
        // Accuracy is undefined (nothing completed) on both sides: no change, not "unmatched".
        #expect(result.findings.first { $0.metric.name == "accuracy" }?.baseline == nil)
        #expect(result.findings.allSatisfy { $0.verdict == .same }, "\(result.findings)")
    }

    @Test func aMetricOnOneSideOnlyIsUnmatchedNotFailed() throws {
        let base = Self.baseline([(1, 5)])
        var now = Self.run(0, throughput: 1, latency: 5)
        now.customMetrics = [CustomMetric("steals_per_job", 0.25, better: .lowerIsBetter)]
        let result = base.compare([now], digest: base.scenarioDigest, path: "b")
        let f = try #require(result.findings.last)
        #expect(f.metric == GatedMetric("steals_per_job", .lowerIsBetter))
        #expect(f.verdict == .unmatched && f.baseline == nil && f.now == 0.25)
        #expect(result.exitCode == 0)
        #expect(result.findings.count == GatedMetric.builtIn.count + 1)
    }

    @Test func customMetricNamesAreColumnNames() {
        #expect(CustomMetric.isValidName("steals_per_job"))
        #expect(CustomMetric.isValidName("p2"))
        for bad in ["", "Steals", "2fast", "steals-per-job", "a,b", "é"] {
            #expect(!CustomMetric.isValidName(bad))
        }
    }
}
