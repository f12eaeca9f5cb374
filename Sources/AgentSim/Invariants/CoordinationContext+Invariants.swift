/// The invariant observers, called from the engine and the job bookkeeping only when checking is
/// on. Each reads state and records violations; none changes what the run does.
extension CoordinationContext {
    /// The violations seen so far (at most ``InvariantChecker/maxViolations``).
    public var violations: [Violation] { checker.violations }

    /// `ROLE[k]` for an agent, `nil` for ``AgentID/none``.
    func agentName(_ agent: AgentID) -> String? {
        guard agent != .none, Int(agent.index) < fleet.agentCount else { return nil }
        let role = fleet.role(of: agent)
        return "\(role.name)[\(Int(agent.index) - role.firstAgent)]"
    }

    /// The arrival number of the job in `slot` (valid while the slot is not reused).
    func jobSerial(_ job: JobID) -> UInt64 { jobs[Int(job.index)].serial }

    /// Records a violation of `invariant` now.
    mutating func violated(
        _ invariant: Invariant, job: JobID? = nil, agent: AgentID = .none, _ detail: String
    ) {
        var serial: UInt64?
        if let job, Int(job.index) < jobs.count { serial = jobSerial(job) }
        let violation = Violation(
            invariant: invariant, time: now, job: serial, agent: agentName(agent), seed: checker.seed,
            detail: detail)
        checker.record(violation)
    }

    /// After every event: the clock did not go back, and every arrived job is counted exactly once.
    /// - Complexity: O(1).
    mutating func checkAfterEvent() {
        if now.nanos < checker.lastNanos {
            violated(
                .monotonicClock,
                "the clock went back from \(SimTime(nanos: checker.lastNanos).secondsText) to \(now.secondsText)"
            )
        }
        checker.lastNanos = now.nanos
        let ended = stats.jobsCompleted + stats.jobsFailed + stats.jobsDeadLettered
        let gap = stats.jobsArrived - ended - jobsInFlight
        // Reported when the discrepancy appears or changes, not again at every later event.
        if gap != checker.conservationGap {
            checker.conservationGap = gap
            if gap != 0 {
                violated(
                    .jobConservation,
                    "arrived \(stats.jobsArrived) ≠ completed \(stats.jobsCompleted) + failed \(stats.jobsFailed)"
                        + " + dead-lettered \(stats.jobsDeadLettered) + in flight \(jobsInFlight)")
            }
        }
    }

    /// A coordinator ended a job that had already ended (`how`: complete, fail, dead-letter).
    mutating func endedTwice(_ job: JobID, how: String) {
        violated(.noJobEndsTwice, job: job, "\(how) a job that had already ended")
    }

    /// The step `step` of the job in `slot` was made ready now.
    mutating func noteReady(slot: Int, step: Int) {
        checker.readyAt[slot * stepCount + step] = now.nanos
    }

    /// Work on `task` finished and was reported to the coordinator.
    mutating func noteTaskFinished(_ task: TaskRef) {
        let i = Int(task.job.index) * stepCount + Int(task.step)
        if i < checker.finished.count { checker.finished[i] &+= 1 }
    }

    /// `completeTask` on `task`: its step was made ready and some work on it finished.
    mutating func checkCompletion(_ task: TaskRef, by agent: AgentID) {
        let i = Int(task.job.index) * stepCount + Int(task.step)
        if checker.readyAt[i] < 0 {
            violated(
                .causality, job: task.job, agent: agent,
                "step \(stepName(task.step)) completed before it was made ready (its inputs had not finished)"
            )
        } else if checker.finished[i] == 0 {
            violated(
                .causality, job: task.job, agent: agent,
                "step \(stepName(task.step)) completed before any work on it finished")
        }
    }

    /// A step copy was completed more often than it has copies (checking records it instead of
    /// stopping the process).
    mutating func completedTooOften(_ task: TaskRef, by agent: AgentID) {
        violated(
            .noTaskCompletesTwice, job: task.job, agent: agent,
            "step \(stepName(task.step)) completed more often than it has copies (a result used twice)")
    }

    /// The work call in `slot` is about to finish: it must have started after its step was ready.
    mutating func checkCallCausality(_ slot: UInt32) {
        let record = calls[slot]
        guard record.request.isWork else { return }
        let task = record.request.task
        let i = Int(task.job.index) * stepCount + Int(task.step)
        let ready = checker.readyAt[i]
        if ready < 0 || ready > record.startedAt {
            violated(
                .causality, job: task.job, agent: AgentID(index: record.agent),
                "work on step \(stepName(task.step)) started at \(SimTime(nanos: record.startedAt).secondsText)"
                    + " before the step was ready (its inputs had not finished)")
        }
    }

    /// A delegation `depth` levels deep was recorded.
    mutating func checkDepth(_ depth: Int) {
        if let limit = checker.maxDepth, depth > limit {
            violated(.delegationDepth, "delegation \(depth) levels deep; the limit is \(limit)")
        }
    }

    /// `message` is delivered now; it was sent at `sentNanos`.
    mutating func checkDelivery(_ message: Message, sentNanos: Int64) {
        if sentNanos > now.nanos {
            violated(
                .causality, job: message.task.job, agent: message.to,
                "a message sent at \(SimTime(nanos: sentNanos).secondsText) was delivered earlier, at \(now.secondsText)"
            )
        }
        if let fault = layer.partitionCutting(message) {
            violated(
                .noDeliveryAcrossPartition, job: message.task.job, agent: message.from,
                "a message from \(agentName(message.from) ?? "outside") to "
                    + "\(agentName(message.to) ?? "a pool") was delivered across active partition #\(fault)")
        }
    }

    /// The name of step `step`.
    func stepName(_ step: UInt16) -> String {
        Int(step) < graph.steps.count ? quoted(graph.steps[Int(step)].name) : "#\(step)"
    }
}
