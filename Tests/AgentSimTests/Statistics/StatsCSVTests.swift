import Testing

@testable import AgentSim

/// stats.csv and differences.csv on hand-made summaries whose statistics are known.
@Suite struct StatsCSVTests {
    static func run(_ pattern: String, _ replication: Int, throughput: Double, accuracy: Double? = nil)
        -> RunSummary
    {
        var s = RunSummary(
            scenario: "s", pattern: pattern, replication: replication, seed: UInt64(replication))
        s.throughputPerSecond = throughput
        s.jobsCompleted = 10 * (replication + 1)
        s.accuracy = accuracy
        return s
    }

    /// Every numeric column of summary.csv and nothing else: the contract's 19 measurement columns
    /// and every numeric extension, in header order, without the four identity columns.
    @Test func numericColumnsComeFromTheSummaryWriter() {
        let numeric = SummaryColumns.numeric
        #expect(numeric.first == "sim_time_s" && numeric.contains("cost_per_completed_job_usd"))
        #expect(
            !numeric.contains("scenario") && !numeric.contains("seed") && !numeric.contains("replication"))
        #expect(numeric.contains("accuracy") && numeric.contains("coordinator_utilization"))
        #expect(numeric == SummaryCSV.header.filter { !SummaryColumns.identityColumns.contains($0) })
        let probe = SummaryColumns.values(of: Self.run("p", 0, throughput: 2.5))
        #expect(probe.count == numeric.count)
        #expect(probe[numeric.firstIndex(of: "throughput_per_s")!] == 2.5)
        #expect(probe[numeric.firstIndex(of: "accuracy")!] == nil)
    }

    @Test func oneRowPerPatternAndColumn() throws {
        let runs = [
            Self.run("a", 0, throughput: 1, accuracy: 0.5), Self.run("b", 0, throughput: 5),
            Self.run("a", 1, throughput: 2), Self.run("b", 1, throughput: 6),
            Self.run("a", 2, throughput: 3, accuracy: 0.7), Self.run("b", 2, throughput: 7),
        ]
        let lines = StatsCSV.text(for: runs, confidence: 0.95).split(separator: "\n").map(String.init)
        #expect(lines[0] == "scenario,pattern,metric,replications,mean,stddev,ci_low,ci_high,confidence")
        #expect(lines.count == 1 + 2 * SummaryColumns.numeric.count)
        // a's throughput: 1, 2, 3 → mean 2, s = 1, half-width t(0.975, 2)/√3 = 4.302652729749462/√3.
        let h = 4.302652729749462 / 3.0.squareRoot()
        let row = try #require(lines.first { $0.hasPrefix("s,a,throughput_per_s,") })
        let fields = row.split(separator: ",").map(String.init)
        #expect(fields[3] == "3" && fields[4] == "2.0" && fields[5] == "1.0" && fields[8] == "0.95")
        #expect(abs(Double(fields[6])! - (2 - h)) <= 1e-12 && abs(Double(fields[7])! - (2 + h)) <= 1e-12)
        // Accuracy exists in two of a's runs and none of b's: never a made-up 0.
        #expect(lines.contains { $0.hasPrefix("s,a,accuracy,2,0.6,") })
        #expect(lines.contains("s,b,accuracy,0,,,,,0.95"))
        // Patterns in order of first appearance.
        let firstB = lines.firstIndex { $0.hasPrefix("s,b,") }!
        #expect(lines[1..<firstB].allSatisfy { $0.hasPrefix("s,a,") })
    }

    /// Pairs are matched by replication index, whatever order the runs come in.
    @Test func differencesPairByReplication() throws {
        let base = [
            Self.run("a", 0, throughput: 1), Self.run("a", 1, throughput: 2), Self.run("a", 2, throughput: 4),
        ]
        let other = [
            Self.run("b", 2, throughput: 4.5), Self.run("b", 0, throughput: 1.5),
            Self.run("b", 1, throughput: 2.5),
        ]
        let text = DifferencesCSV.text(for: base + other, baseline: "a", confidence: 0.95)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "scenario,pattern,baseline,metric,replications,mean_difference,ci_low,ci_high,confidence,significant"
        )
        #expect(lines.count == 1 + SummaryColumns.numeric.count)
        // Every pair differs by exactly 0.5: a point interval at 0.5, significant.
        #expect(lines.contains("s,b,a,throughput_per_s,3,0.5,0.5,0.5,0.95,true"))
        // jobs_completed is the same per replication: difference 0, not significant.
        #expect(lines.contains("s,b,a,jobs_completed,3,0.0,0.0,0.0,0.95,false"))
        // No accuracy anywhere: no pairs, empty figures, empty significance.
        #expect(lines.contains("s,b,a,accuracy,0,,,,0.95,"))
    }

    @Test func sameRunsSameBytes() {
        let runs = (0..<6).map { (i: Int) -> RunSummary in
            let pattern = i % 2 == 0 ? "a" : "b"
            return Self.run(pattern, i / 2, throughput: Double(i * i) / 7)
        }
        #expect(StatsCSV.text(for: runs, confidence: 0.9) == StatsCSV.text(for: runs, confidence: 0.9))
        #expect(
            DifferencesCSV.text(for: runs, baseline: "b", confidence: 0.9)
                == DifferencesCSV.text(for: runs, baseline: "b", confidence: 0.9))
    }
}
