/// The order in which a role's agents take calls from their queues (`agents.ROLE.discipline`).
///
/// The default, ``fifo``, serves calls in the order they were queued. Under sustained overload a
/// FIFO coordinator interleaves the first call of every newly arrived job with the later calls of
/// jobs already in flight, so every job advances ever more slowly and throughput falls below the
/// coordinator's capacity (Patterns.md, hub-and-spoke, measures it). ``oldestJobFirst`` is what real
/// supervisors do instead: work already started finishes before new work starts.
public enum ServiceOrder: String, Sendable, Hashable, CaseIterable {
    /// First queued, first served.
    case fifo
    /// Last queued, first served (a stack).
    case lifo
    /// The call of the job that arrived first is served first; calls of one job in the order they
    /// were queued.
    case oldestJobFirst = "oldest_job_first"
}
