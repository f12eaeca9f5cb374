import Testing

@testable import AgentSim

/// Failure reasons (``RunResult/failureReasons`` and failures.csv), exactly, on the admission
/// scenario of ``AdmissionControlTests``: with a limit of 1, exactly every other job of 100 is
/// rejected, and nothing else fails.
@Suite struct FailureReasonsTests {
    @Test func rejectedJobsAreCountedByReasonAndWrittenToFailuresCSV() {
        let result = ScenarioRunner.detailedRun(
            AdmissionControlTests.scenario(maxInFlight: 1), replication: 0)
        let half = AdmissionControlTests.jobs / 2
        #expect(result.failureReasons == [FailureCount(reason: "rejected: max_in_flight", count: half)])
        // The reasons account for every failed job.
        #expect(result.failureReasons.map(\.count).reduce(0, +) == result.summary.jobsFailed)
        let csv = DetailCSV.failures([result])
        #expect(
            csv == "scenario,pattern,replication,reason,count\n"
                + "admission,\(result.summary.pattern),0,rejected: max_in_flight,\(half)\n")
    }

    @Test func aRunWithoutFailuresHasNoRows() {
        let result = ScenarioRunner.detailedRun(
            AdmissionControlTests.scenario(maxInFlight: nil), replication: 0)
        #expect(result.failureReasons.isEmpty)
        #expect(DetailCSV.failures([result]) == "scenario,pattern,replication,reason,count\n")
    }

    @Test func reasonsSortByCountThenName() {
        let sorted = FailureCount.sorted(["b": 2, "a": 2, "c": 5, "d": 1])
        #expect(sorted.map(\.reason) == ["c", "a", "b", "d"])
        #expect(sorted.map(\.count) == [5, 2, 2, 1])
    }
}
