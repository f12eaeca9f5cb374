/// Decision slots: opening, deciding and freeing the state of one step copy's decision.
extension Consensus {
    /// Opens the decision of `task`.
    mutating func open(_ task: TaskRef) -> Int {
        let slot: Int
        if let stale = slotOfTask[task] {
            // Only when jobEnded never came (a wrapping coordinator that does not forward it): the
            // copy's decision of the slot's previous job is reused, so the table stays bounded.
            slot = stale
        } else if let free = freeDecisions.popLast() {
            slot = Int(free)
        } else {
            slot = decisions.count
            decisions.append(ConsensusDecision(task: task))
            ballots += Array(repeating: ConsensusBallot(), count: groupSize)
            if spec.rule == .pbft { replicas += Array(repeating: ConsensusReplica(), count: groupSize) }
        }
        decisions[slot] = ConsensusDecision(task: task)
        slotOfTask[task] = slot
        openOfJob[task.job, default: []].append(Int32(slot))
        return slot
    }

    /// Frees a decision's slot; later votes for it are dropped.
    mutating func close(_ slot: Int) {
        let task = decisions[slot].task
        guard slotOfTask.removeValue(forKey: task) != nil else { return }  // already closed
        freeDecisions.append(UInt32(slot))
        guard var open = openOfJob[task.job], let i = open.firstIndex(of: Int32(slot)) else { return }
        open.remove(at: i)
        openOfJob[task.job] = open.isEmpty ? nil : open
    }

    /// The job ended: every decision of it still open (a failure elsewhere in the job, a timeout, a
    /// pbft decision waiting for its last replies) is freed, in the order they were opened; the
    /// job's late votes and messages then find no decision and are dropped (``discarded(_:_:)``
    /// hears them, and consensus acts on none).
    public mutating func jobEnded(_ job: JobID, _ ctx: inout CoordinationContext) {
        guard let open = openOfJob.removeValue(forKey: job) else { return }
        for slot in open {
            slotOfTask.removeValue(forKey: decisions[Int(slot)].task)
            freeDecisions.append(UInt32(slot))
        }
    }

    /// Completes the step copy with the decided output and frees the slot (pbft keeps it until every
    /// reply is in, so that the protocol runs to its end).
    mutating func decide(_ slot: Int, _ correct: Bool, _ ctx: inout CoordinationContext) {
        decisions[slot].decided = true
        let task = decisions[slot].task
        let by = decisions[slot].lastAgent
        if spec.rule != .pbft { close(slot) }
        ctx.completeTask(task, by: by, correct: correct)
    }

    mutating func fail(_ slot: Int, _ reason: String, _ ctx: inout CoordinationContext) {
        let job = decisions[slot].task.job
        close(slot)
        ctx.failJob(job, reason: reason)
    }

    /// A fair coin from the coordinator's stream, for ties.
    mutating func coin(_ ctx: inout CoordinationContext) -> Bool { ctx.coordinatorRNG.next() & 1 == 1 }
}

/// One step copy's decision in progress.
struct ConsensusDecision {
    var task: TaskRef
    /// The voting round, from 1 (timer tags carry it).
    var round: UInt32 = 1
    /// Votes awaited in this round.
    var expected: Int32 = 0
    /// Votes of this round in hand.
    var arrived: Int32 = 0
    /// Ballots stored: kept from earlier rounds (multi_round) plus this round's.
    var held: Int32 = 0
    /// pbft: the pool member of replica 0.
    var groupStart: Int32 = 0
    /// delegation: the delegate and the weight of its vote.
    var delegate = AgentID.none
    var delegateWeight: Int32 = 1
    /// The agent of the last vote or reply (reported as the step's finisher).
    var lastAgent = AgentID.none
    /// pbft: replies in, and how many of them are right.
    var replies: Int32 = 0
    var rightReplies: Int32 = 0
    var decided = false

    init(task: TaskRef) { self.task = task }
}

/// A vote: whether the voter's output is right, and who cast it.
struct ConsensusBallot {
    var correct = false
    var agent = AgentID.none
}

/// A PBFT replica's progress on one request.
struct ConsensusReplica {
    var hasPrePrepare = false
    var prepared = false
    var committed = false
    var prepares: Int32 = 0
    var commits: Int32 = 0
}
