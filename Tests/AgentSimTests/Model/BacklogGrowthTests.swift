import Testing

@testable import AgentSim

@Suite struct BacklogGrowthTests {
    static func series(_ inFlight: [Int], every seconds: Double = 10) -> [SeriesRow] {
        inFlight.enumerated().map { i, n in
            SeriesRow(
                timeSeconds: Double(i + 1) * seconds, completed: 0, throughputPerSecond: 0, inFlight: n,
                queued: 0,
                retries: 0, timeouts: 0, costRateUSDPerSecond: 0, cumulativeCostUSD: 0, alerts: [])
        }
    }

    @Test func aGrowingBacklogGrewAndAFlatOneDidNot() throws {
        // Rows at 10...120 s; warm-up 20 s and arrivals ending at 110 s keep rows 30...110 s (9):
        // thirds of 3 rows.
        let growing = Self.series([0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 1000])
        let g = try #require(BacklogGrowth(series: growing, warmupSeconds: 20, arrivalsEndSeconds: 110))
        #expect(g.firstThirdMean == 20 && g.lastThirdMean == 80 && g.grew)
        let flat = Self.series([250, 250, 250, 260, 240, 250, 255, 245, 250, 250, 250, 0])
        let f = try #require(BacklogGrowth(series: flat, warmupSeconds: 20, arrivalsEndSeconds: 110))
        #expect(f.firstThirdMean == 250 && f.lastThirdMean == 250 && !f.grew)
    }

    @Test func theMarginIsHalfAgainPlusThreeJobs() {
        #expect(!BacklogGrowth(firstThirdMean: 2, lastThirdMean: 6).grew)  // 6 = 1.5 · 2 + 3
        #expect(BacklogGrowth(firstThirdMean: 2, lastThirdMean: 6.01).grew)
    }

    @Test func tooFewRowsGiveNoVerdict() {
        #expect(
            BacklogGrowth(series: Self.series([1, 2, 3, 4, 5]), warmupSeconds: 0, arrivalsEndSeconds: 100)
                == nil)
    }

    @Test func arrivalsEndAtTheCountOrTheHorizon() {
        var workload = WorkloadSpec(
            arrivals: .poisson(ratePerSecond: 4), jobs: 100, job: JobTemplateSpec(steps: []))
        #expect(BacklogGrowth.arrivalsEndSeconds(of: workload) == 25)
        workload.horizon = .seconds(10)
        #expect(BacklogGrowth.arrivalsEndSeconds(of: workload) == 10)
    }
}
