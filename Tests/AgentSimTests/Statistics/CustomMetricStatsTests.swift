import Testing

@testable import AgentSim

/// A coordinator's custom metrics (issue 12) get rows in stats.csv and differences.csv like the
/// built-in columns, after them, in summary.csv's order; built-in-only files keep their bytes.
@Suite struct CustomMetricStatsTests {
    static func run(_ pattern: String, _ replication: Int, steals: Double?, idle: Double? = nil) -> RunSummary
    {
        var s = RunSummary(
            scenario: "s", pattern: pattern, replication: replication, seed: UInt64(replication))
        s.throughputPerSecond = 1
        if let steals {
            s.customMetrics.append(CustomMetric("steals_per_job", steals, better: .lowerIsBetter))
        }
        if let idle { s.customMetrics.append(CustomMetric("idle_share", idle, better: .lowerIsBetter)) }
        return s
    }

    /// Rows per pattern = built-in numeric columns + custom columns, the custom ones last and in
    /// summary.csv's order; their figures are the plain t interval of the reported values.
    @Test func statsCoverCustomMetrics() throws {
        let runs = [
            Self.run("mine", 0, steals: 1, idle: 0.5), Self.run("mine", 1, steals: 2),
            Self.run("mine", 2, steals: 3, idle: 0.7), Self.run("builtin", 0, steals: nil),
            Self.run("builtin", 1, steals: nil), Self.run("builtin", 2, steals: nil),
        ]
        let lines = StatsCSV.text(for: runs, confidence: 0.95).split(separator: "\n").map(String.init)
        let columns = SummaryColumns.numeric + ["steals_per_job", "idle_share"]
        #expect(SummaryColumns.numeric(for: runs) == columns)
        #expect(
            SummaryCSV.header(for: runs).filter { !SummaryColumns.identityColumns.contains($0) } == columns)
        #expect(lines.count == 1 + 2 * columns.count)
        let mine = lines.filter { $0.hasPrefix("s,mine,") }.map { $0.split(separator: ",")[2] }
        #expect(mine.map(String.init) == columns)
        // steals 1, 2, 3: mean 2, s = 1, half-width t(0.975, 2)/√3 with t from the printed table.
        let h = 4.302652729749462 / 3.0.squareRoot()
        let row = try #require(lines.first { $0.hasPrefix("s,mine,steals_per_job,") })
        let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(f[3] == "3" && f[4] == "2.0" && f[5] == "1.0")
        #expect(abs(Double(f[6])! - (2 - h)) <= 1e-12 && abs(Double(f[7])! - (2 + h)) <= 1e-12)
        // Reported by two of three replications: two observations, not a zero for the third.
        #expect(lines.contains { $0.hasPrefix("s,mine,idle_share,2,0.6,") })
        // A built-in pattern never reports them: present, with no figures.
        #expect(lines.contains("s,builtin,steals_per_job,0,,,,,0.95"))
    }

    /// Paired by replication like every other column; only pairs where both runs reported it.
    @Test func differencesCoverCustomMetrics() {
        let base = [
            Self.run("a", 0, steals: 1), Self.run("a", 1, steals: 2), Self.run("a", 2, steals: 4),
        ]
        let other = [
            Self.run("b", 2, steals: 4.25), Self.run("b", 0, steals: 1.25), Self.run("b", 1, steals: nil),
        ]
        let text = DifferencesCSV.text(for: base + other, baseline: "a", confidence: 0.95)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 1 + SummaryColumns.numeric.count + 1)
        #expect(lines.last == "s,b,a,steals_per_job,2,0.25,0.25,0.25,0.95,true")
    }

    /// Without custom metrics nothing changes: no extra rows, the same bytes as the built-in table.
    @Test func builtInRunsKeepTheirRows() {
        let runs = (0..<4).map { Self.run($0 % 2 == 0 ? "a" : "b", $0 / 2, steals: nil) }
        #expect(SummaryColumns.numeric(for: runs) == SummaryColumns.numeric)
        let lines = StatsCSV.text(for: runs, confidence: 0.95).split(separator: "\n")
        #expect(lines.count == 1 + 2 * SummaryColumns.numeric.count)
        #expect(SummaryColumns.table(runs, customColumns: []) == SummaryColumns.table(runs))
    }
}
