/// The checks made once, when a checked run stops: the ledger against the calls, hard budgets, and
/// liveness.
extension CoordinationContext {
    /// Runs the end-of-run checks once, after the run stopped for `stop`.
    mutating func finishChecks(_ stop: StopReason) {
        guard !checker.finishedRun else { return }
        checker.finishedRun = true
        checkLedger()
        checkHardBudgets()
        checkLiveness(stop)
    }

    /// The ledger — not the budget tree that enforced the limits — holds no more for a hard-stop
    /// run or role budget than its limits allow. (Agent and per-job budgets have no ledger cells of
    /// their own and are not checked here.)
    mutating func checkHardBudgets() {
        guard !hardCaps.isEmpty else { return }
        let settled = settledLedger()
        for cap in hardCaps {
            var usd = 0.0
            var tokens: Int64 = 0
            for r in cap.role.map({ [$0] }) ?? Array(roles.indices) {
                for cause in CostCause.allCases {
                    let e = settled.entry(cause, role: r)
                    usd += e.costUSD
                    tokens += e.tokensIn + e.tokensOut
                }
            }
            // The tree and the ledger add the same prices in different orders: allow rounding.
            if let limit = cap.usd, usd > limit * (1 + 1e-9) {
                violated(.hardBudget, "\(cap.name) spent $\(usd), over its hard limit of $\(limit)")
            }
            if let limit = cap.tokens, tokens > limit {
                violated(.hardBudget, "\(cap.name) spent \(tokens) tokens, over its hard limit of \(limit)")
            }
        }
    }

    /// Every call that started is in the ledger (booked when it ended, or settled while still in
    /// service), and the dollars booked call by call match the ledger's cells.
    mutating func checkLedger() {
        let settled = settledLedger().total
        if settled.calls != stats.calls {
            violated(
                .ledgerMatchesCalls,
                "the ledger holds \(settled.calls) calls but \(stats.calls) calls started")
        }
        let cells = ledger.total.costUSD
        if abs(cells - costBookedUSD) > 1e-9 * max(1, abs(cells)) {
            violated(
                .ledgerMatchesCalls,
                "the ledger's cells total $\(cells) but the calls booked cost $\(costBookedUSD)")
        }
    }

    /// Jobs that cannot end or did not end in time: after an exhausted run every job still in
    /// flight is stuck for good; a run stopped at its liveness deadline must have ended every job
    /// older than the drain time.
    mutating func checkLiveness(_ stop: StopReason) {
        let cutoff: Int64
        let why: String
        if stop == .exhausted {
            cutoff = .max
            why = "nothing is left to happen, yet it is still in flight (stuck for good)"
        } else if stop == .reachedTime, let live = layer.liveness, now >= live.deadline {
            cutoff = (live.deadline.nanos &- live.drain.nanos)
            why =
                "still in flight \(live.drain) after the faults healed (safety phase ended at "
                + "\(SimTime(nanos: cutoff).secondsText))"
        } else {
            return
        }
        var stuck = 0
        var oldest = -1
        for slot in jobs.indices where jobs[slot].active && jobs[slot].arrival <= cutoff {
            stuck += 1
            if oldest < 0 || jobs[slot].serial < jobs[oldest].serial { oldest = slot }
        }
        guard oldest >= 0 else { return }
        let others = stuck > 1 ? " (and \(stuck - 1) more)" : ""
        let time = layer.liveness.map { max(now, $0.deadline) } ?? now
        checker.record(
            Violation(
                invariant: .liveness, time: time, job: jobs[oldest].serial, seed: checker.seed,
                detail: "arrived at \(SimTime(nanos: jobs[oldest].arrival).secondsText); " + why + others))
    }
}
