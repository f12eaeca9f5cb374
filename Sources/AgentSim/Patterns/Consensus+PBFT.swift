/// PBFT: the Castro–Liskov normal case, once per step copy, on n = 3f+1 replicas.
///
/// The client (the step, from outside) sends the request to the primary (replica 0); the primary
/// multicasts pre-prepare to the n−1 backups; each backup multicasts prepare to the n−1 other
/// replicas; a replica is prepared with the pre-prepare and 2f prepares (a backup's own counts);
/// each prepared replica multicasts commit to the n−1 others; with 2f+1 commits (its own counts) it
/// executes the step (a work call on its agent) and replies to the client. Messages per decision:
/// 1 + (n−1) + (n−1)² + n(n−1) + n = 2n² − n + 1. The client takes the first output with f+1
/// matching replies: right or wrong, whichever gets there first. The replica group of a decision is
/// n consecutive members of the step's skill pool (wrapping around; a pool smaller than n hosts
/// several replicas on one agent), starting where the previous group ended, so groups rotate over
/// the pool.
extension Consensus {
    /// Sends the client's request to the primary.
    mutating func startAgreement(_ slot: Int, _ ctx: inout CoordinationContext) {
        let base = slot &* groupSize
        for r in 0..<groupSize { replicas[base + r] = ConsensusReplica() }
        let pool = Int(ctx.pool(of: decisions[slot].task).index)
        decisions[slot].groupStart = Int32(cursor[pool])
        cursor[pool] = (cursor[pool] + groupSize) % ctx.members(of: ctx.pool(of: decisions[slot].task)).count
        setDeadline(slot, &ctx)
        let task = decisions[slot].task
        ctx.send(Message(from: .none, to: replicaAgent(0, slot, ctx), tag: Self.requestTag, task: task))
    }

    /// A protocol message arrived; its payload holds the sender's and the
    /// receiver's replica numbers (``replicaSender``, ``replicaReceiver``).
    mutating func agreementMessage(_ slot: Int, _ message: Message, _ ctx: inout CoordinationContext) {
        let base = slot &* groupSize
        let to = Int(Self.replicaReceiver.value(in: message.payload))
        switch message.tag {
        case Self.requestTag:
            replicas[base].hasPrePrepare = true
            multicast(Self.prePrepareTag, slot, from: 0, &ctx)
            checkPrepared(slot, 0, &ctx)
        case Self.prePrepareTag:
            replicas[base + to].hasPrePrepare = true
            multicast(Self.prepareTag, slot, from: to, &ctx)
            checkPrepared(slot, to, &ctx)
        case Self.prepareTag:
            replicas[base + to].prepares &+= 1
            checkPrepared(slot, to, &ctx)
        case Self.commitTag:
            replicas[base + to].commits &+= 1
            checkCommitted(slot, to, &ctx)
        case Self.replyTag:
            reply(slot, message, &ctx)
        default:
            break
        }
    }

    /// Replica `from` sends `tag` to every other replica (n−1 messages).
    mutating func multicast(_ tag: UInt32, _ slot: Int, from: Int, _ ctx: inout CoordinationContext) {
        let task = decisions[slot].task
        let sender = replicaAgent(from, slot, ctx)
        for to in 0..<groupSize where to != from {
            ctx.send(
                Message(
                    from: sender, to: replicaAgent(to, slot, ctx), tag: tag, task: task,
                    payload: Self.replicaSender.packing(UInt64(from))
                        | Self.replicaReceiver.packing(UInt64(to))))
        }
    }

    mutating func checkPrepared(_ slot: Int, _ r: Int, _ ctx: inout CoordinationContext) {
        let i = slot &* groupSize &+ r
        // 2f prepares: the primary needs them all from others; a backup's own prepare counts.
        let need = Int32(2 * spec.f - (r == 0 ? 0 : 1))
        guard replicas[i].hasPrePrepare, !replicas[i].prepared, replicas[i].prepares >= need else { return }
        replicas[i].prepared = true
        multicast(Self.commitTag, slot, from: r, &ctx)
        checkCommitted(slot, r, &ctx)
    }

    mutating func checkCommitted(_ slot: Int, _ r: Int, _ ctx: inout CoordinationContext) {
        let i = slot &* groupSize &+ r
        // 2f+1 commits, its own included.
        guard replicas[i].prepared, !replicas[i].committed, replicas[i].commits >= Int32(2 * spec.f) else {
            return
        }
        replicas[i].committed = true
        let task = decisions[slot].task
        if ctx.submit(task, toAgent: replicaAgent(r, slot, ctx)) == .rejected { close(slot) }
    }

    /// A replica's reply reached the client: f+1 matching replies decide; the slot is freed when
    /// all n are in.
    mutating func reply(_ slot: Int, _ message: Message, _ ctx: inout CoordinationContext) {
        decisions[slot].replies &+= 1
        if message.payload == 1 { decisions[slot].rightReplies &+= 1 }
        let right = decisions[slot].rightReplies
        let wrong = decisions[slot].replies &- right
        let quorum = Int32(spec.f + 1)
        if !decisions[slot].decided && (right == quorum || wrong == quorum) {
            decisions[slot].lastAgent = message.from
            decide(slot, right == quorum, &ctx)
        }
        if decisions[slot].replies == Int32(groupSize) { close(slot) }
    }

    /// The agent of replica `r` of the group that decides in `slot`.
    func replicaAgent(_ r: Int, _ slot: Int, _ ctx: borrowing CoordinationContext) -> AgentID {
        let members = ctx.members(of: ctx.pool(of: decisions[slot].task))
        return members[(Int(decisions[slot].groupStart) + r) % members.count]
    }
}
