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
        assigned.values.reduce(0) { $0 + $1.count } + outstanding.reduce(0) { $0 + Int($1.magnitude) }
            + pending.count
    }
}
