/// Voting: rounds, votes, and the tally of every rule but pbft.
extension Consensus {
    /// Starts a round in which `voters` agents do the step copy: straight from the skill pool in the
    /// first round, or `asked` by a re-vote message from the tallier (one each) in later rounds.
    mutating func startRound(_ slot: Int, voters: Int, asked: Bool, _ ctx: inout CoordinationContext) {
        decisions[slot].expected = Int32(voters)
        decisions[slot].arrived = 0
        let task = decisions[slot].task
        setDeadline(slot, &ctx)
        for _ in 0..<voters {
            if asked {
                let round = UInt64(decisions[slot].round)
                ctx.send(Message(from: .none, to: .none, tag: Self.revoteTag, task: task, payload: round))
            } else if ctx.submit(task, to: ctx.pool(of: task)) == .rejected {
                close(slot)  // the runtime fails the job (taskRejected)
                return
            }
        }
    }

    /// Starts a delegation round: of `voters` agents taken in turn from the pool, those less accurate
    /// than the best delegate to it (one message each) and do no work; the rest do the step copy.
    mutating func startDelegation(_ slot: Int, _ ctx: inout CoordinationContext) {
        let task = decisions[slot].task
        let pool = ctx.pool(of: task)
        let members = ctx.members(of: pool)
        let start = cursor[Int(pool.index)]
        cursor[Int(pool.index)] = (start + groupSize) % members.count
        var best = members[start % members.count]
        for i in 1..<Swift.max(1, groupSize) {
            let agent = members[(start + i) % members.count]
            if accuracy(of: agent) > accuracy(of: best) { best = agent }
        }
        let bestAccuracy = accuracy(of: best)
        var delegations: Int32 = 0
        for i in 0..<groupSize where accuracy(of: members[(start + i) % members.count]) < bestAccuracy {
            ctx.send(
                Message(
                    from: members[(start + i) % members.count], to: best, tag: Self.delegateTag, task: task))
            delegations += 1
        }
        decisions[slot].delegate = best
        decisions[slot].delegateWeight = 1 + delegations
        decisions[slot].expected = Int32(groupSize) - delegations
        if delegations > 0 { ctx.recordDelegationDepth(1) }
        setDeadline(slot, &ctx)
        for i in 0..<groupSize {
            let agent = members[(start + i) % members.count]
            guard accuracy(of: agent) == bestAccuracy else { continue }
            if ctx.submit(task, toAgent: agent) == .rejected {
                close(slot)
                return
            }
        }
    }

    /// Sets the current round's deadline, if there is one.
    mutating func setDeadline(_ slot: Int, _ ctx: inout CoordinationContext) {
        if spec.timeout > .zero {
            ctx.setTimer(
                after: spec.timeout, tag: decisions[slot].round % Self.roundTagModulus,
                task: decisions[slot].task)
        }
    }

    /// The voter reports its vote to the tallier: one message.
    mutating func sendVote(_ slot: Int, from agent: AgentID, correct: Bool, _ ctx: inout CoordinationContext)
    {
        let payload =
            Self.voteRound.packing(UInt64(decisions[slot].round)) | Self.voteRight.packing(correct ? 1 : 0)
        ctx.send(
            Message(from: agent, to: .none, tag: Self.voteTag, task: decisions[slot].task, payload: payload))
    }

    /// Stores a vote; when the round's last vote is in, the round concludes.
    mutating func recordVote(_ slot: Int, _ message: Message, _ ctx: inout CoordinationContext) {
        guard Self.voteRound.value(in: message.payload) == UInt64(decisions[slot].round),
            decisions[slot].arrived < decisions[slot].expected,
            Int(decisions[slot].held) < groupSize
        else { return }
        ballots[slot &* groupSize &+ Int(decisions[slot].held)] = ConsensusBallot(
            correct: Self.voteRight.value(in: message.payload) == 1, agent: message.from)
        decisions[slot].held &+= 1
        decisions[slot].arrived &+= 1
        decisions[slot].lastAgent = message.from
        if decisions[slot].arrived == decisions[slot].expected { concludeRound(slot, &ctx) }
    }

    /// Every vote of the round is in: decide, vote again, or give up, by the rule.
    mutating func concludeRound(_ slot: Int, _ ctx: inout CoordinationContext) {
        let (right, wrong) = counts(slot)
        let lastRound = decisions[slot].round >= UInt32(spec.maxRounds)
        switch spec.rule {
        case .majority, .weighted, .rankedChoice, .delegation:
            decide(slot, tallyInHand(slot, &ctx), &ctx)
        case .supermajority, .unanimity:
            let held = right + wrong
            let need = spec.rule == .unanimity ? held : Self.threshold(spec.supermajority, of: held)
            if right >= need && right > wrong {
                decide(slot, true, &ctx)
            } else if wrong >= need && wrong > right {
                decide(slot, false, &ctx)
            } else if !lastRound {
                decisions[slot].round &+= 1
                decisions[slot].held = 0
                startRound(slot, voters: groupSize, asked: true, &ctx)
            } else {
                let what = spec.rule == .unanimity ? "unanimity" : "supermajority"
                fail(slot, "consensus: no \(what) after \(spec.maxRounds) rounds", &ctx)
            }
        case .multiRound:
            if right == 0 || wrong == 0 || lastRound {
                decide(slot, majority(right: Double(right), wrong: Double(wrong), &ctx), &ctx)
            } else {
                // The majority keeps its votes; the minority (everyone on a tie) reconsiders.
                let keep = right == wrong ? nil : right > wrong
                keepBallots(slot, matching: keep)
                decisions[slot].round &+= 1
                let redo = groupSize - Int(decisions[slot].held)
                startRound(slot, voters: redo, asked: true, &ctx)
            }
        case .pbft:
            preconditionFailure("pbft decides by replies, not rounds")
        }
    }

    /// The decision from the ballots in hand: by the rule's own tally for weighted, ranked_choice
    /// and delegation, else by plain majority (what a deadline falls back to).
    mutating func tallyInHand(_ slot: Int, _ ctx: inout CoordinationContext) -> Bool {
        let base = slot &* groupSize
        let held = Int(decisions[slot].held)
        switch spec.rule {
        case .weighted:
            var right = 0.0
            var wrong = 0.0
            for i in base..<(base + held) {
                let w = logOdds[Int(ballots[i].agent.index)]
                if ballots[i].correct { right += w } else { wrong += w }
            }
            return majority(right: right, wrong: wrong, &ctx)
        case .delegation:
            var right: Int32 = 0
            var wrong: Int32 = 0
            var weightGiven = false
            for i in base..<(base + held) {
                var w: Int32 = 1
                if !weightGiven && ballots[i].agent == decisions[slot].delegate {
                    w = decisions[slot].delegateWeight
                    weightGiven = true
                }
                if ballots[i].correct { right += w } else { wrong += w }
            }
            return majority(right: Double(right), wrong: Double(wrong), &ctx)
        case .rankedChoice:
            return instantRunoff(slot, &ctx)
        default:
            let (right, wrong) = counts(slot)
            return majority(right: Double(right), wrong: Double(wrong), &ctx)
        }
    }

    /// Right and wrong ballots in hand.
    func counts(_ slot: Int) -> (right: Int, wrong: Int) {
        let base = slot &* groupSize
        let held = Int(decisions[slot].held)
        var right = 0
        for i in base..<(base + held) where ballots[i].correct { right += 1 }
        return (right, held - right)
    }

    /// Whether the right side wins: the larger side, a tie by a fair coin.
    mutating func majority(right: Double, wrong: Double, _ ctx: inout CoordinationContext) -> Bool {
        if right != wrong { return right > wrong }
        return coin(&ctx)
    }

    /// Keeps the ballots that are `matching` (none when `nil`), compacted to the front.
    mutating func keepBallots(_ slot: Int, matching: Bool?) {
        let base = slot &* groupSize
        var kept = 0
        for i in base..<(base + Int(decisions[slot].held)) where ballots[i].correct == matching {
            ballots[base + kept] = ballots[i]
            kept += 1
        }
        decisions[slot].held = Int32(kept)
    }

    /// ⌈q·n⌉ votes, at least 1 (a hair below the product absorbs rounding: 2/3 · 3 is 2, not 3).
    static func threshold(_ q: Double, of n: Int) -> Int {
        Swift.max(1, Int((q * Double(n) - 1e-9).rounded(.up)))
    }

    func accuracy(of agent: AgentID) -> Double { accuracy[Int(agent.index)] }
}
