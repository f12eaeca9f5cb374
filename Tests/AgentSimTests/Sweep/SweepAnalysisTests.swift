import Testing

@testable import AgentSim

/// The knee rule, saturation, SLO parsing and the manifest, on values whose answer is known.
@Suite struct SweepAnalysisTests {
    /// A line that scales perfectly to 5 units and then not at all: the knee is 5 by the rule's
    /// definition (the step 5 → 6 gains 0 < 0.5 · 1).
    @Test func kneeOfLinearThenFlat() {
        let x = (1...10).map(Double.init)
        #expect(SweepKnee.knee(x: x, throughput: x.map { min($0, 5) }) == 4)
        // Still scaling: no knee.
        #expect(SweepKnee.knee(x: x, throughput: x.map { $0 }) == nil)
        // Half a unit per unit exactly is not below the fraction; just under is.
        #expect(SweepKnee.knee(x: [1, 2], throughput: [1, 1.5]) == nil)
        #expect(SweepKnee.knee(x: [1, 2], throughput: [1, 1.499]) == 0)
        // Nothing measured: no knee.
        #expect(SweepKnee.knee(x: [1, 2, 3], throughput: [nil, nil, nil]) == nil)
    }

    /// The reference is the best rate so far, so a line that starts slowly and then speeds up is
    /// judged against its fast steps.
    @Test func kneeAgainstTheBestRateSoFar() {
        // x = 0 has no per-unit rate; gains 1, 4, 1: the last is < 0.5 · 4.
        #expect(SweepKnee.knee(x: [0, 1, 2, 3], throughput: [0, 1, 5, 6]) == 2)
        #expect(SweepKnee.gains(x: [0, 1, 2, 3], throughput: [0, 1, 5, 6]) == [nil, 1, 4, 1])
    }

    @Test func saturationIsTheFirstPointAboveNinetyPercent() {
        #expect(SweepKnee.saturation(utilization: [0.5, 0.9, 0.91, 0.99]) == 2)
        #expect(SweepKnee.saturation(utilization: [0.5, nil, 0.9]) == nil)
    }

    @Test func sloValuesTakeTheColumnsUnits() throws {
        #expect(try SweepSLO(parsing: "latency_p99_s=2m", bound: .max).limit == 120)
        #expect(try SweepSLO(parsing: "latency_p99_s=120", bound: .max).limit == 120)
        #expect(try SweepSLO(parsing: "throughput_per_s=30/min", bound: .min).limit == 0.5)
        #expect(try SweepSLO(parsing: "cost_per_completed_job_usd=$0.05", bound: .max).limit == 0.05)
        let slo = try SweepSLO(parsing: "latency_p99_s=250ms", bound: .max)
        #expect(slo.description == "max latency_p99_s=0.25")
        #expect(slo.holds(0.25) && !slo.holds(0.2501) && !slo.holds(nil))
        #expect(try SweepSLO(parsing: "accuracy=0.9", bound: .min).holds(0.95))
        #expect(throws: SweepError.self) { _ = try SweepSLO(parsing: "latency_p99=1", bound: .max) }
        #expect(throws: SweepError.self) { _ = try SweepSLO(parsing: "latency_p99_s=soon", bound: .max) }
        #expect(throws: SweepError.self) { _ = try SweepSLO(parsing: "jobs_completed=1s", bound: .max) }
    }

    @Test func manifestRoundTripsAndNamesDifferences() throws {
        let manifest = SweepManifest(
            scenario: "s", digest: "00ff", vary: ["a.b=1..3", "c.d=x,y"], replications: "5",
            confidence: "0.95",
            slos: ["max latency_p99_s=120.0"], shard: Shard(index: 1, count: 3), points: [1, 4])
        let parsed = try SweepManifest(parsing: manifest.text, file: "m")
        #expect(parsed == manifest)
        var other = manifest
        other.shard = Shard(index: 0, count: 3)
        other.points = [0, 3]
        #expect(other.difference(from: manifest) == nil)
        other.digest = "00fe"
        #expect(other.difference(from: manifest) == "digest: 00fe ≠ digest: 00ff")
        #expect(throws: SweepError.self) { _ = try SweepManifest(parsing: "not a manifest\n", file: "m") }
    }

    /// Stats files of a 4-point worker sweep: throughput min(n, 2); p99 falls with n; cost/job per
    /// replication `costs[point]` (two replications each).
    static func analysis(costs: [[Double]], slos: [SweepSLO]) throws -> SweepAnalysis {
        let grid = try SweepGrid(parsing: ["agents.w.count=1..4"])
        let stats = grid.points.map { point in
            let runs = costs[point.index].enumerated().map { r, cost in
                var run = RunSummary(scenario: "s", pattern: "pipeline", replication: r, seed: UInt64(r))
                let n = Double(point.index + 1)
                run.throughputPerSecond = min(n, 2)
                run.latencyP99Seconds = 10 / n
                run.costPerCompletedJobUSD = cost
                run.maxRoleUtilization = min(1, 1.9 / n)
                return run
            }
            return SweepFiles.stats(point, runs, confidence: 0.95)
        }
        return SweepAnalysis(grid: grid, stats: stats, slos: slos)
    }

    @Test func analysisFindsKneeSaturationAndTheCheapestFeasiblePoint() throws {
        let slo = try SweepSLO(parsing: "latency_p99_s=5", bound: .max)  // n ≥ 2
        // Point 3 is cheapest; with 2 replications its interval is wide (t = 12.7) and holds the
        // means of points 1 and 2 (tied): the first of them, point 1, is chosen.
        let tied = try Self.analysis(
            costs: [[0.01, 0.01], [0.0205, 0.0215], [0.03, 0.031], [0.019, 0.021]], slos: [slo])
        #expect(tied.kneeAxis == 0)
        #expect(tied.verdicts.map(\.isKnee) == [false, true, false, false])
        #expect(tied.verdicts.map(\.isSaturated) == [true, false, false, false])
        #expect(tied.verdicts.map(\.feasible) == [false, true, true, true])
        #expect(tied.verdicts[0].failed == ["latency_p99_s<=5.0"])
        #expect(tied.cheapest == 1)
        // Without spread, only exact ties: point 3 alone is cheapest.
        let exact = try Self.analysis(
            costs: [[0.01, 0.01], [0.021, 0.021], [0.03, 0.03], [0.02, 0.02]], slos: [slo])
        #expect(exact.cheapest == 3)
        // No SLO: every point is feasible, and point 0 is the cheapest.
        #expect(
            try Self.analysis(costs: [[0.01, 0.01], [0.02, 0.02], [0.03, 0.03], [0.02, 0.02]], slos: [])
                .cheapest == 0)
        let header = tied.csv.prefix { $0 != "\n" }
        #expect(header == "point,agents.w.count," + SweepAnalysis.columns.joined(separator: ","))
    }

    @Test func csvReaderUndoesTheWriter() {
        var line = ""
        CSV.appendLine(["a,b", "say \"hi\"", "", "plain"], to: &line)
        #expect(SweepCSVReader.fields(line.dropLast()) == ["a,b", "say \"hi\"", "", "plain"])
    }
}
