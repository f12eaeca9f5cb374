import AgentSimKernel

/// The checks made once, when a checked run stops: the ledger against the calls, hard budgets, and
/// liveness.
extension InvariantChecker {
    /// Runs the end-of-run checks once, after the run stopped for `stop`.
    mutating func finishChecks(_ stop: StopReason, _ ctx: inout CoordinationContext) {
        guard !finishedRun else { return }
        finishedRun = true
        checkLedger(&ctx)
        checkHardBudgets(&ctx)
        checkLiveness(stop, &ctx)
    }

    /// The ledger — not the budget tree that enforced the limits — holds no more for a hard-stop
    /// run or role budget than its limits allow. (Agent and per-job budgets have no ledger cells of
    /// their own and are not checked here.)
    mutating func checkHardBudgets(_ ctx: inout CoordinationContext) {
        guard !ctx.budgets.hardCaps.isEmpty else { return }
        let settled = ctx.settledLedger()
        for cap in ctx.budgets.hardCaps {
            var usd = 0.0
            var tokens: Int64 = 0
            for r in cap.role.map({ [$0] }) ?? Array(ctx.roles.indices) {
                for cause in CostCause.allCases {
                    let e = settled.entry(cause, role: r)
                    usd += e.costUSD
                    tokens += e.tokensIn + e.tokensOut
                }
            }
            // The tree and the ledger add the same prices in different orders: allow rounding.
            if let limit = cap.usd, usd > limit * (1 + 1e-9) {
                violated(&ctx, .hardBudget, "\(cap.name) spent $\(usd), over its hard limit of $\(limit)")
            }
            if let limit = cap.tokens, tokens > limit {
                violated(
                    &ctx, .hardBudget, "\(cap.name) spent \(tokens) tokens, over its hard limit of \(limit)")
            }
        }
    }

    /// Every call that started is in the ledger (booked when it ended, or settled while still in
    /// service), and the dollars booked call by call match the ledger's cells.
    mutating func checkLedger(_ ctx: inout CoordinationContext) {
        let settled = ctx.settledLedger().total
        if settled.calls != ctx.stats.calls {
            violated(
                &ctx, .ledgerMatchesCalls,
                "the ledger holds \(settled.calls) calls but \(ctx.stats.calls) calls started")
        }
        let cells = ctx.ledger.total.costUSD
        if abs(cells - ctx.costs.bookedUSD) > 1e-9 * max(1, abs(cells)) {
            violated(
                &ctx, .ledgerMatchesCalls,
                "the ledger's cells total $\(cells) but the calls booked cost $\(ctx.costs.bookedUSD)")
        }
    }

    /// Jobs that cannot end or did not end in time: after an exhausted run every job still in
    /// flight is stuck for good; a run stopped at its liveness deadline must have ended every job
    /// older than the drain time.
    mutating func checkLiveness(_ stop: StopReason, _ ctx: inout CoordinationContext) {
        let now = ctx.now
        let jobs = ctx.jobs
        let stepCount = ctx.plan.stepCount
        let cutoff: Int64
        let why: String
        if stop == .exhausted {
            cutoff = .max
            why = "nothing is left to happen, yet it is still in flight (stuck for good)"
        } else if stop == .reachedTime, let live = ctx.layer.liveness, now >= live.deadline {
            cutoff = (live.deadline.nanos &- live.drain.nanos)
            why =
                "still in flight \(live.drain) after the faults healed (safety phase ended at "
                + "\(SimTime(nanos: cutoff).secondsText))"
        } else {
            return
        }
        let stuck = jobs.indices.filter { jobs[$0].active && jobs[$0].arrival <= cutoff }
            .sorted { jobs[$0].serial < jobs[$1].serial }
        guard !stuck.isEmpty else { return }
        let time = ctx.layer.liveness.map { max(now, $0.deadline) } ?? now
        let quiet = SimTime(nanos: quietNanos)
        let deadline = ctx.layer.liveness?.deadline
        let others = stuck.count > 1 ? " (\(stuck.count) jobs stuck in all)" : ""
        let when =
            "; quiet since \(quiet.secondsText)" + (deadline.map { ", deadline \($0.secondsText)" } ?? "")
        // One violation per stuck job, oldest first, up to a cap of their own (so earlier violations
        // never crowd them out); every one carries the exact count.
        for slot in stuck.prefix(CoordinationContext.maxStuckListed) {
            let touch = slot < touches.count ? touches[slot] : JobTouch()
            let hasStep = Int(touch.step) < stepCount
            let record = StuckJob(
                step: hasStep ? ctx.graph.steps[Int(touch.step)].name : nil,
                copy: hasStep ? Int(touch.copy) : nil,
                lastEvent: touch.kind.name, lastEventTime: SimTime(nanos: touch.nanos),
                stuckJobs: stuck.count,
                quietTime: quiet, deadline: deadline)
            let at = hasStep ? " (step \(ctx.stepName(touch.step)), copy \(touch.copy))" : ""
            let by = ctx.agentName(touch.agent).map { " on \($0)" } ?? ""
            violations.append(
                Violation(
                    invariant: .liveness, time: time, job: jobs[slot].serial,
                    agent: ctx.agentName(touch.agent),
                    seed: seed,
                    detail: "arrived at \(SimTime(nanos: jobs[slot].arrival).secondsText); " + why + others
                        + "; last event: \(touch.kind.name)\(at)\(by) at \(record.lastEventTime.secondsText)"
                        + when,
                    stuck: record))
        }
    }
}

extension CoordinationContext {
    /// Put a limit on everything: the stuck jobs a liveness check records as violations (the
    /// oldest); the count ``StuckJob/stuckJobs`` in each is exact.
    public static let maxStuckListed = 100
}
