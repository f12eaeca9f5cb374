/// How much per-job state a built-in coordinator still holds: the exact oracle of "nothing grows
/// without bound".
///
/// Every job-keyed table entry, every per-task load count and every decision in progress belongs
/// to some job, so once every job has ended (a drained run) the count must be zero, whatever the
/// run's faults (timeouts, refusals, lost or duplicated messages). A count that is zero after the
/// run bounds the state during it by the jobs in flight; a count that grows with the run is a leak.
protocol LiveStateReporting {
    /// The entries of the coordinator's per-job tables plus the magnitudes of its per-job counters
    /// (each counter's distance from its idle value).
    var liveStateCount: Int { get }
}

extension HubAndSpoke: LiveStateReporting {
    var liveStateCount: Int {
        load.liveStateCount + pending.count
    }
}

extension Consensus: LiveStateReporting {
    var liveStateCount: Int {
        slotOfTask.count + openOfJob.values.reduce(0) { $0 + $1.count }
            + (decisions.count - freeDecisions.count)
    }
}

extension Hierarchical: LiveStateReporting {
    var liveStateCount: Int { load.liveStateCount + teamOutstanding.reduce(0) { $0 + Int($1.magnitude) } }
}

extension HumanGate: LiveStateReporting {
    var liveStateCount: Int { gated.count }
}

extension Handoff: LiveStateReporting {
    var liveStateCount: Int { pathRoles.count }
}

extension Pipeline: LiveStateReporting {
    var liveStateCount: Int { holders.count }
}

extension Hybrid: LiveStateReporting {
    /// The stages' counts; a stage that reports none counts 0.
    var liveStateCount: Int {
        parts.reduce(0) { $0 + (($1 as? any LiveStateReporting)?.liveStateCount ?? 0) }
    }
}
