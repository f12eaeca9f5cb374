import AgentSimKernel
import AgentSimSpec

/// The checks made as the run goes, on the model's events (``InvariantChecker/observe(_:in:)``).
/// Each reads state and records violations; none changes what the run does.
extension InvariantChecker {
    /// Records a violation of `invariant` now.
    mutating func violated(
        _ ctx: inout CoordinationContext, _ invariant: Invariant, job: JobID? = nil,
        agent: AgentID = .none,
        _ detail: String
    ) {
        var serial: UInt64?
        if let job, Int(job.index) < ctx.jobs.count { serial = ctx.serialNumber(of: job) }
        let violation = Violation(
            invariant: invariant, time: ctx.now, job: serial, agent: ctx.agentName(agent), seed: seed,
            detail: detail)
        record(violation)
    }

    /// After every event: the clock did not go back, and every arrived job is counted exactly once.
    /// - Complexity: O(1).
    mutating func checkAfterEvent(_ ctx: inout CoordinationContext) {
        let now = ctx.now
        if now.nanos < lastNanos {
            violated(
                &ctx, .monotonicClock,
                "the clock went back from \(SimTime(nanos: lastNanos).secondsText) to \(now.secondsText)")
        }
        lastNanos = now.nanos
        let ended = ctx.stats.jobsCompleted + ctx.stats.jobsFailed + ctx.stats.jobsDeadLettered
        let gap = ctx.stats.jobsArrived - ended - ctx.jobsInFlight
        // Reported when the discrepancy appears or changes, not again at every later event.
        if gap != conservationGap {
            conservationGap = gap
            if gap != 0 {
                violated(
                    &ctx, .jobConservation,
                    "arrived \(ctx.stats.jobsArrived) ≠ completed \(ctx.stats.jobsCompleted)"
                        + " + failed \(ctx.stats.jobsFailed) + dead-lettered \(ctx.stats.jobsDeadLettered)"
                        + " + in flight \(ctx.jobsInFlight)")
            }
        }
    }

    /// `completeTask` on `task`: its step was made ready and some work on it finished.
    mutating func checkCompletion(_ task: TaskRef, by agent: AgentID, _ ctx: inout CoordinationContext) {
        let i = Int(task.job.index) * ctx.plan.stepCount + Int(task.step)
        if readyAt[i] < 0 {
            violated(
                &ctx, .causality, job: task.job, agent: agent,
                "step \(ctx.stepName(task.step)) completed before it was made ready (its inputs had not finished)"
            )
        } else if finished[i] == 0 {
            violated(
                &ctx, .causality, job: task.job, agent: agent,
                "step \(ctx.stepName(task.step)) completed before any work on it finished")
        }
    }

    /// The work call in `slot` is about to finish: it must have started after its step was ready.
    mutating func checkCallCausality(_ slot: UInt32, _ ctx: inout CoordinationContext) {
        let record = ctx.calls[slot]
        guard record.request.isWork else { return }
        let task = record.request.task
        let i = Int(task.job.index) * ctx.plan.stepCount + Int(task.step)
        let ready = readyAt[i]
        if ready < 0 || ready > record.startedAt {
            violated(
                &ctx, .causality, job: task.job, agent: AgentID(index: record.agent),
                "work on step \(ctx.stepName(task.step)) started at \(SimTime(nanos: record.startedAt).secondsText)"
                    + " before the step was ready (its inputs had not finished)")
        }
    }

    /// A delegation `depth` levels deep was recorded.
    mutating func checkDepth(_ depth: Int, _ ctx: inout CoordinationContext) {
        if let limit = maxDepth, depth > limit {
            violated(&ctx, .delegationDepth, "delegation \(depth) levels deep; the limit is \(limit)")
        }
    }

    /// `message` is delivered now; it was sent at `sentNanos`.
    mutating func checkDelivery(_ message: Message, sentNanos: Int64, _ ctx: inout CoordinationContext) {
        let now = ctx.now
        if sentNanos > now.nanos {
            violated(
                &ctx, .causality, job: message.task.job, agent: message.to,
                "a message sent at \(SimTime(nanos: sentNanos).secondsText) was delivered earlier, at \(now.secondsText)"
            )
        }
        if let fault = ctx.layer.partitionCutting(message) {
            violated(
                &ctx, .noDeliveryAcrossPartition, job: message.task.job, agent: message.from,
                "a message from \(ctx.agentName(message.from) ?? "outside") to "
                    + "\(ctx.agentName(message.to) ?? "a pool") was delivered across active partition #\(fault)"
            )
        }
    }
}

extension CoordinationContext {
    /// The name of step `step`.
    func stepName(_ step: UInt16) -> String {
        Int(step) < graph.steps.count ? quoted(graph.steps[Int(step)].name) : "#\(step)"
    }
}
