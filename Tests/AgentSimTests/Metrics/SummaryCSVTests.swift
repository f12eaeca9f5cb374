import Testing

@testable import AgentSim

extension MetricsTests {
    @Suite struct SummaryCSVTests {
        /// ARCHITECTURE.md §3, copied literally: these names and this order are a contract.
        static let contract = """
            scenario,pattern,replication,seed,sim_time_s,events,jobs_arrived,jobs_completed,jobs_failed,\
            jobs_in_flight,throughput_per_s,latency_mean_s,latency_p50_s,latency_p95_s,latency_p99_s,\
            latency_max_s,messages,messages_per_job,llm_calls,tokens_in,tokens_out,cost_usd,\
            cost_per_completed_job_usd
            """

        @Test func headerStartsWithTheContractColumns() {
            let names = Self.contract.split(separator: ",").map(String.init)
            #expect(names.count == 23)
            #expect(Array(SummaryCSV.header.prefix(23)) == names)
            #expect(SummaryCSV.contractColumns == names)
            #expect(
                SummaryCSV.header.dropFirst(23) == [
                    "coordination_calls", "coordination_cost_usd", "coordinator_utilization",
                    "max_role_utilization", "wait_mean_s", "jobs_in_system_mean", "arrival_rate_per_s",
                    "accuracy", "delegation_depth_max", "retries", "timeouts", "rate_limited",
                    "breaker_open_s",
                    "dlq_jobs", "budget_stops", "wasted_cost_usd", "cost_amplification", "faults_injected",
                    "reworks", "cache_hits", "bulkhead_rejected", "messages_lost", "messages_retransmitted",
                    "warmup_s", "jobs_rejected",
                ])
            let text = SummaryCSV.text(for: [])
            #expect(text.hasPrefix(Self.contract + ","))
            #expect(text.filter { $0 == "\n" }.count == 1)
        }

        static func sample() -> RunSummary {
            var run = RunSummary(scenario: "desk, east", pattern: "hub_and_spoke", replication: 2, seed: 9)
            run.simTimeSeconds = 100.5
            run.events = 12_345
            run.jobsArrived = 300
            run.jobsCompleted = 290
            run.jobsFailed = 4
            run.jobsInFlight = 6
            run.throughputPerSecond = 2.9
            run.latencyMeanSeconds = 1.25
            run.latencyP50Seconds = 1
            run.latencyP95Seconds = 3.5
            run.latencyP99Seconds = 7.75
            run.latencyMaxSeconds = 12
            run.messages = 1_200
            run.messagesPerJob = 4
            run.llmCalls = 900
            run.tokensIn = 1_000_000
            run.tokensOut = 50_000
            run.costUSD = 3.75
            run.costPerCompletedJobUSD = 0.0125
            run.coordinationCalls = 600
            run.coordinationCostUSD = 1.5
            run.maxRoleUtilization = 0.875
            run.waitMeanSeconds = 0.5
            run.jobsInSystemMean = 3.625
            run.arrivalRatePerSecond = 3
            run.accuracy = 0.75
            run.delegationDepthMax = 4
            return run
        }

        @Test func rowFormatsEveryColumnInOrder() {
            let row =
                "\"desk, east\",hub_and_spoke,2,9,100.5,12345,300,290,4,6,2.9,1.25,1.0,3.5,7.75,12.0,"
                + "1200,4.0,900,1000000,50000,3.75,0.0125,600,1.5,,0.875,0.5,3.625,3.0,0.75,4,0,0,0,0.0,0,0,0.0,,0,0,0,0,0,0,0.0,0\n"
            var run = Self.sample()
            #expect(SummaryCSV.text(for: [run]) == SummaryCSV.text(for: []) + row)
            run.coordinatorUtilization = 0.5
            #expect(SummaryCSV.text(for: [run]).contains(",1.5,0.5,0.875,"))
            run.accuracy = nil
            #expect(SummaryCSV.text(for: [run]).hasSuffix(",3.0,,4,0,0,0,0.0,0,0,0.0,,0,0,0,0,0,0,0.0,0\n"))
            run.bulkheadRejected = 2
            run.messagesLost = 7
            run.messagesRetransmitted = 5
            #expect(SummaryCSV.text(for: [run]).hasSuffix(",0,0,2,7,5,0.0,0\n"))
            run.warmupSeconds = nil
            #expect(SummaryCSV.text(for: [run]).hasSuffix(",0,0,2,7,5,,0\n"))
            run.jobsRejected = 11
            #expect(SummaryCSV.text(for: [run]).hasSuffix(",0,0,2,7,5,,11\n"))
        }

        @Test func everyRowHasOneFieldPerColumnAndKeepsOrder() {
            var first = Self.sample()
            first.scenario = "plain"
            var second = first
            second.replication = 3
            let lines = SummaryCSV.text(for: [first, second]).split(separator: "\n")
            #expect(lines.count == 3)
            for line in lines {
                #expect(
                    line.split(separator: ",", omittingEmptySubsequences: false).count
                        == SummaryCSV.header.count)
            }
            #expect(lines[1].hasPrefix("plain,hub_and_spoke,2,"))
            #expect(lines[2].hasPrefix("plain,hub_and_spoke,3,"))
            #expect(SummaryCSV.fields(of: first).count == SummaryCSV.header.count)
        }
    }
}
