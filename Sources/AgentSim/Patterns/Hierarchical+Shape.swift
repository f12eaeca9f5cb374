/// The shape of an organisation: teams of workers and the tree of manager positions above them.
///
/// Positions (nodes) are numbered level by level from the top: the executive's direct reports
/// first, the team managers (level 1) last. Node `levelStart[L - 1] + t` manages team `t`.
public struct HierarchyShape: Sendable, Hashable {
    /// Workers per team and positions per upper position.
    public let span: Int
    /// Manager levels.
    public let levels: Int
    /// Number of teams (level-1 positions): ⌈workers ÷ span⌉.
    public let teams: Int
    /// Positions per level, level 1 (team managers) first.
    public let positionsPerLevel: [Int]

    /// The shape for `workers` workers and `managers` manager agents.
    ///
    /// - Parameters:
    ///   - span: Positive: that span. 0: the smallest span whose tree needs at most `managers`
    ///     positions; when none does (fewer managers than levels), one position per level.
    public init(workers: Int, managers: Int, span: Int, levels: Int) {
        precondition(workers >= 1 && managers >= 1 && levels >= 1, "an empty hierarchy")
        var chosen = span
        if chosen < 1 {
            chosen =
                (1...workers).first { Self.positions(workers: workers, span: $0, levels: levels) <= managers }
                ?? workers
        }
        self.span = chosen
        self.levels = levels
        var counts = [(workers + chosen - 1) / chosen]
        while counts.count < levels { counts.append((counts[counts.count - 1] + chosen - 1) / chosen) }
        positionsPerLevel = counts
        teams = counts[0]
    }

    /// Manager positions of the tree with this span: Σ over levels of ⌈positions below ÷ span⌉.
    public static func positions(workers: Int, span: Int, levels: Int) -> Int {
        var n = (workers + span - 1) / span
        var total = n
        for level in 1..<max(levels, 1) {
            if n == 1 || span == 1 { return total + n * (levels - level) }  // the rest repeat
            n = (n + span - 1) / span
            total += n
        }
        return total
    }

    /// All positions.
    public var positionCount: Int { positionsPerLevel.reduce(0, +) }
}

/// Building the organisation: who holds each position, who reports to whom, who is in which team.
extension Hierarchical {
    /// Positions top-down; position k is held by manager k mod (manager count).
    mutating func buildTree(managers: [AgentID]) {
        let levels = shape.levels
        var levelStart = Array(repeating: 0, count: levels)  // by level − 1
        var next = 0
        for level in stride(from: levels, through: 1, by: -1) {
            levelStart[level - 1] = next
            next += shape.positionsPerLevel[level - 1]
        }
        positionManager = (0..<next).map { managers[$0 % managers.count] }
        positionParent = Array(repeating: -1, count: next)
        for level in 1..<levels {
            for i in 0..<shape.positionsPerLevel[level - 1] {
                positionParent[levelStart[level - 1] + i] = Int32(levelStart[level] + i / shape.span)
            }
        }
        teamChain = []
        teamChain.reserveCapacity(shape.teams * levels)
        for team in 0..<shape.teams {
            var i = team
            for level in 1...levels {
                teamChain.append(Int32(levelStart[level - 1] + i))
                i /= shape.span
            }
        }
    }

    mutating func buildTeams(workers: [AgentID], ctx: inout CoordinationContext) {
        teamOfAgent = Array(repeating: -1, count: ctx.fleet.agentCount)
        for (k, w) in workers.enumerated() { teamOfAgent[Int(w.index)] = Int32(k / shape.span) }
        let steps = ctx.graph.steps
        teamStepWorkers = Array(repeating: [], count: shape.teams * steps.count)
        for (s, step) in steps.enumerated() {
            for m in ctx.members(of: step.pool) where teamOfAgent[Int(m.index)] >= 0 {
                teamStepWorkers[Int(teamOfAgent[Int(m.index)]) * steps.count + s].append(m)
            }
        }
    }
}
