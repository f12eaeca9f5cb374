import Testing

@testable import AgentSim

/// A statistic with no observations is empty, never 0: a run whose horizon is shorter than any
/// service time completes nothing, so its latencies and cost per completed job are undefined.
@Suite struct NoObservationTests {
    /// Five jobs, one server whose every call takes 1,000 s, a run stopped at 100 s.
    static let stalled = """
        {"name": "stalled", "seed": 3,
         "workload": {"arrivals": {"process": "poisson", "rate": "1/s"}, "jobs": 5,
           "job": {"steps": [{"name": "serve", "skill": "serve"}]}},
         "agents": {"server": {"skills": ["serve"], "latency": "1000s"}},
         "run": {"until": "100s", "replications": 2}}
        """

    static func runs() throws -> [RunSummary] {
        let scenario = try ScenarioLoader.load(json: stalled, file: "stalled.json", baseDirectory: "/tmp")
            .scenario
        return (0..<2).map { ScenarioRunner.run(scenario, replication: $0) }
    }

    static let undefinedColumns = [
        "latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s", "latency_max_s",
        "cost_per_completed_job_usd",
    ]

    @Test func summaryCSVLeavesTheUndefinedColumnsEmpty() throws {
        let runs = try Self.runs()
        #expect(runs.allSatisfy { $0.jobsCompleted == 0 && !$0.latencyObserved })
        let lines = SummaryCSV.text(for: runs).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0].split(separator: ",").map(String.init)
        let row = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for column in Self.undefinedColumns {
            let i = try #require(header.firstIndex(of: column))
            #expect(row[i] == "", "\(column) is '\(row[i])'")
        }
        // The first call started at once: one wait of 0 s was observed, and it is 0, not empty.
        let wait = try #require(header.firstIndex(of: "wait_mean_s"))
        #expect(row[wait] == "0.0")
        #expect(row[try #require(header.firstIndex(of: "throughput_per_s"))] == "0.0")
    }

    @Test func statsHaveNoIntervalFromZeroObservations() throws {
        let text = StatsCSV.text(for: try Self.runs(), confidence: 0.95)
        for column in Self.undefinedColumns {
            let line = text.split(separator: "\n").first { $0.hasPrefix("stalled,pipeline,\(column),") }
            #expect(line == "stalled,pipeline,\(column),0,,,,,0.95")
        }
    }

    @Test func theGateSeesMissingValuesNotZeros() throws {
        let run = try #require(try Self.runs().first)
        let values = Dictionary(
            uniqueKeysWithValues: GatedMetric.values(of: run).map { ($0.metric.name, $0.value) })
        for name in [
            "latency_mean_s", "latency_p50_s", "latency_p95_s", "latency_p99_s", "cost_per_completed_job_usd",
        ] {
            #expect(values[name] == .some(nil), "\(name) is \(String(describing: values[name]))")
        }
        #expect(values["throughput_per_s"] == 0)
    }

    @Test func aRunThatCompletesJobsKeepsItsValues() throws {
        var scenario = try ScenarioLoader.load(json: Self.stalled, file: "s.json", baseDirectory: "/tmp")
            .scenario
        scenario.agents[0].latency = .constant(1)
        let run = ScenarioRunner.run(scenario, replication: 0)
        #expect(run.jobsCompleted == 5 && run.latencyObserved)
        #expect(run.measuredLatencyMaxSeconds == run.latencyMaxSeconds && run.latencyMaxSeconds >= 1)
        #expect(run.measuredCostPerCompletedJobUSD == 0)
    }
}
