import Testing

@testable import AgentSim

/// `workload.max_in_flight`, exactly. One worker takes a constant 0.75 s per job, jobs arrive every
/// 0.5 s (constant), the pipeline adds no calls and the network is instant. With a limit of 1 the
/// job arriving 0.5 s after an admitted one finds it still in service (it ends 0.75 s after it
/// started) and is rejected, and the next, 1 s after, finds the worker idle: exactly every other job
/// is rejected, starting with the second.
@Suite struct AdmissionControlTests {
    static let jobs = 100

    static func scenario(maxInFlight: Int?) -> Scenario {
        var s = Scenario(
            name: "admission", seed: 3,
            workload: WorkloadSpec(
                arrivals: .constant(ratePerSecond: 2), jobs: jobs,
                job: JobTemplateSpec(steps: [StepSpec(name: "a", skill: "s")])),
            agents: [AgentRoleSpec(name: "w", skills: ["s"], latency: .constant(0.75))])
        s.workload.maxInFlight = maxInFlight
        s.checkInvariants = true
        return s
    }

    @Test func shedsEveryOtherJobAtALimitOfOne() {
        let result = ScenarioRunner.detailedRun(Self.scenario(maxInFlight: 1), replication: 0)
        let s = result.summary
        #expect(s.jobsArrived == Self.jobs)
        #expect(s.jobsRejected == Self.jobs / 2)
        #expect(s.jobsCompleted == Self.jobs / 2)
        // Rejected jobs are failed jobs: conservation holds and the checker agrees.
        #expect(s.jobsFailed == s.jobsRejected)
        #expect(s.jobsArrived == s.jobsCompleted + s.jobsFailed + s.jobsInFlight)
        #expect(result.violations.isEmpty, "\(result.violations)")
        // No admitted job ever waited: every latency is the 0.75 s of service.
        #expect(abs(s.latencyMaxSeconds - 0.75) < 1e-3 && abs(s.latencyMeanSeconds - 0.75) < 1e-9)
        // One alert, at the first rejection (the second arrival, t = 1 s), with the limit.
        #expect(result.alerts.count == 1)
        let alert = result.alerts.first
        #expect(alert?.scopeName == "max_in_flight" && alert?.metric == .jobs)
        #expect(alert?.time == SimTime.zero + .seconds(1))
        #expect(alert?.spent == 1 && alert?.limit == 1)
    }

    @Test func aLimitNeverReachedChangesNothing() {
        let limited = ScenarioRunner.detailedRun(Self.scenario(maxInFlight: Self.jobs), replication: 0)
        let free = ScenarioRunner.detailedRun(Self.scenario(maxInFlight: nil), replication: 0)
        #expect(limited.summary.jobsRejected == 0 && limited.alerts.isEmpty)
        #expect(SummaryCSV.text(for: [limited.summary]) == SummaryCSV.text(for: [free.summary]))
        #expect(DetailCSV.series([limited]) == DetailCSV.series([free]))
    }

    @Test func decodesAndRefusesBadValues() throws {
        let ok = try decodeScenario(
            ScenarioFixtures.scenario(
                workload: #"{"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10, "max_in_flight": 4,"#
                    + #" "job": {"steps": [{"name": "a", "skill": "s"}]}}"#))
        #expect(ok.workload.maxInFlight == 4)
        let error = decodingError(
            ScenarioFixtures.scenario(
                workload: #"{"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10, "max_in_flight": 0,"#
                    + #" "job": {"steps": [{"name": "a", "skill": "s"}]}}"#))
        #expect(error?.path == "workload.max_in_flight")
        #expect(error?.line != nil)
        let typo = decodingError(
            ScenarioFixtures.scenario(
                workload: #"{"arrivals": {"process": "poisson", "rate": 1}, "jobs": 10, "max_inflight": 2,"#
                    + #" "job": {"steps": [{"name": "a", "skill": "s"}]}}"#))
        #expect(typo?.message.contains("max_in_flight") == true, "\(String(describing: typo))")
    }
}
