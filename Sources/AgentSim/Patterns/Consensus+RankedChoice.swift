/// Ranked-choice voting: instant runoff over ballots drawn from the votes (see ``Consensus``).
extension Consensus {
    /// Whether instant runoff over the ballots in hand elects the right output (candidate 0).
    ///
    /// Each ballot costs the same draws whatever the votes are (one for the wrong output it would
    /// name, `wrong_answers − 1` for the order of the others), so votes never shift later draws;
    /// only ties draw more.
    /// - Complexity: O(b · k²) for b ballots and k = `wrong_answers` + 1 outputs.
    mutating func instantRunoff(_ slot: Int, _ ctx: inout CoordinationContext) -> Bool {
        let k = spec.wrongAnswers + 1
        let base = slot &* groupSize
        let held = Int(decisions[slot].held)
        for b in 0..<held {
            let row = b &* k
            let wrongPick = 1 + Int(ctx.coordinatorRNG.next(below: UInt64(k - 1)))
            let first = ballots[base + b].correct ? 0 : wrongPick
            rankings[row] = UInt16(first)
            var j = 1
            for c in 0..<k where c != first {
                rankings[row + j] = UInt16(c)
                j += 1
            }
            // Fisher–Yates over the lower preferences, rankings[row+1 ..< row+k].
            var i = k - 1
            while i > 1 {
                let pick = 1 + Int(ctx.coordinatorRNG.next(below: UInt64(i)))
                rankings.swapAt(row + i, row + pick)
                i -= 1
            }
        }
        for c in 0..<k { eliminated[c] = false }
        var remaining = k
        for _ in 0..<k {  // each pass elects or eliminates one output
            for c in 0..<k { firstChoices[c] = 0 }
            for b in 0..<held {
                var j = 0
                while eliminated[Int(rankings[b &* k &+ j])] { j += 1 }
                firstChoices[Int(rankings[b &* k &+ j])] += 1
            }
            var top = -1
            var low = Int32.max
            for c in 0..<k where !eliminated[c] {
                if top < 0 || firstChoices[c] > firstChoices[top] { top = c }
                low = Swift.min(low, firstChoices[c])
            }
            if 2 * Int(firstChoices[top]) > held || remaining == 1 { return top == 0 }
            var tiedCount = 0
            for c in 0..<k where !eliminated[c] && firstChoices[c] == low {
                tied[tiedCount] = UInt16(c)
                tiedCount += 1
            }
            let out =
                tiedCount == 1
                ? Int(tied[0]) : Int(tied[Int(ctx.coordinatorRNG.next(below: UInt64(tiedCount)))])
            eliminated[out] = true
            remaining -= 1
        }
        preconditionFailure("instant runoff always ends within k passes")
    }
}
