/// Per job: the calls, work and messages a pattern has out and not yet back, and a failure that
/// waits for them, so that a job is failed only once nothing of it is queued or in flight.
///
/// Why wait: the core frees the slot of a job that ended while one of its calls waited in a queue
/// twice (``CoordinationContext`` releases the queue's reference before the call's start takes
/// one), so two later jobs share the slot and one is lost or trips a precondition. Patterns whose
/// jobs fail while sibling copies are queued (handoff's depth limit, rejections) wait instead.
/// The failure is then counted when the last piece comes back; its cost is paid either way.
struct JobDrain {
    /// Per job slot: things out and not yet back.
    var pending: [Int32] = []
    /// Per job slot: index into ``reasons`` of the failure waiting (-1: none).
    var failure: [Int32] = []
    /// The distinct failure reasons seen (few: a lookup by linear search).
    var reasons: [String] = []

    /// A job arrived in its slot: nothing out, no failure.
    mutating func arrive(_ job: JobID) {
        let slot = Int(job.index)
        while pending.count <= slot {
            pending.append(0)
            failure.append(-1)
        }
        pending[slot] = 0
        failure[slot] = -1
    }

    /// One more call, work or message of `job` is out.
    mutating func sent(_ job: JobID) { pending[Int(job.index)] += 1 }

    /// One came back. Returns whether the job goes on; when it is failing, it fails now if
    /// nothing else is out.
    mutating func returned(_ job: JobID, _ ctx: inout CoordinationContext) -> Bool {
        let slot = Int(job.index)
        pending[slot] -= 1
        let reason = failure[slot]
        if reason < 0 { return true }
        if pending[slot] == 0 { ctx.failJob(job, reason: reasons[Int(reason)]) }
        return false
    }

    /// Fails `job` for `reason` now if nothing of it is out, else when the last piece is back.
    mutating func fail(_ job: JobID, reason: String, _ ctx: inout CoordinationContext) {
        let slot = Int(job.index)
        guard failure[slot] < 0 else { return }
        var index = reasons.firstIndex(of: reason)
        if index == nil {
            reasons.append(reason)
            index = reasons.count - 1
        }
        failure[slot] = Int32(index!)
        if pending[slot] == 0 { ctx.failJob(job, reason: reason) }
    }

    /// Whether `job` waits to fail (new work for it should not start).
    func isFailing(_ job: JobID) -> Bool { failure[Int(job.index)] >= 0 }
}
