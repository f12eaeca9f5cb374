import AgentSimKernel

/// A budget threshold crossed: scope, metric, fraction of the limit, and when.
public struct BudgetAlert: Sendable, Hashable {
    /// The scope whose budget was crossed.
    public var scope: Int
    /// The scope's name, as given to ``BudgetTree/addScope(_:parent:limitUSD:limitTokens:alertFractions:)``.
    public var scopeName: String
    /// Which limit was crossed.
    public var metric: BudgetTree.Metric
    /// The fraction of the limit crossed (e.g. 0.8).
    public var fraction: Double
    /// When the spend that crossed it happened.
    public var time: SimTime
    /// The scope's spend just after crossing (USD, or tokens as a number).
    public var spent: Double
    /// The limit (USD, or tokens as a number).
    public var limit: Double

    /// An alert with every field given (the model builds one when a budget book's threshold is crossed).
    package init(
        scope: Int, scopeName: String, metric: BudgetTree.Metric, fraction: Double, time: SimTime,
        spent: Double, limit: Double
    ) {
        self.scope = scope
        self.scopeName = scopeName
        self.metric = metric
        self.fraction = fraction
        self.time = time
        self.spent = spent
        self.limit = limit
    }
}

/// Hierarchical budgets — run → role/team → agent → job — in US dollars and/or tokens, with alerts at
/// fractions of each limit and a hard stop.
///
/// **Charging.** ``spend(scope:usd:tokens:at:)`` charges the scope *and every ancestor*, so a role's
/// spend is the sum of its agents' and a run's the sum of everything.
///
/// **Alerts.** Each scope has alert fractions (default 50%, 80%, 100%, the usual cloud-billing
/// thresholds). Each fraction of each limit fires exactly once, the first time the scope's spend
/// reaches `fraction × limit`, stamped with the time of that spend. A spend that crosses several
/// fires them all, in order. Alerts come back from `spend`, ordered by scope (the charged scope
/// first, then up to the root), then metric (USD before tokens), then fraction; ``alerts`` keeps
/// them all for the run's output.
///
/// **Hard stop.** A scope is *exhausted* once its spend reaches a limit; ``canSpend(scope:)`` is false
/// while the scope or any ancestor is exhausted, so new work stops there. Since an LLM call's cost is
/// known only when it ends, the last call may overshoot; a caller with an estimate can use
/// ``canSpend(scope:usd:tokens:)``, which is false if the spend would take any scope on the path past a
/// limit — if every spend is checked first this way, no limit is ever exceeded. `spend` itself always
/// charges (money spent is spent) and never refuses.
///
/// Scopes are indices in creation order, parents before children. Per-job scopes can be removed when
/// the job ends (``removeScope(_:)``) so the tree does not grow with the number of jobs.
public struct BudgetTree: Sendable {
    /// What a limit is counted in.
    public enum Metric: Sendable, Hashable {
        /// US dollars.
        case usd
        /// Tokens (input plus output).
        case tokens
        /// Jobs in flight (admission control's `workload.max_in_flight`).
        case jobs

        /// Its name in alerts.csv and the time series.
        public var name: String {
            switch self {
            case .usd: return "usd"
            case .tokens: return "tokens"
            case .jobs: return "jobs"
            }
        }
    }

    private var names: [String] = []
    private var parents: [Int] = []
    private var limitUSD: [Double?] = []
    private var limitTokens: [Int64?] = []
    private var fractions: [[Double]] = []
    private var spentUSD: [Double] = []
    private var spentTokens: [Int64] = []
    private var nextUSDAlert: [Int] = []
    private var nextTokenAlert: [Int] = []
    private var children: [Int] = []
    private var free: [Int] = []

    /// Every alert fired so far, in firing order.
    public private(set) var alerts: [BudgetAlert] = []

    /// The default alert fractions: 50%, 80%, 100%.
    public static let defaultAlertFractions: [Double] = [0.5, 0.8, 1.0]

    /// An empty tree.
    public init() {}

    /// Adds a scope.
    /// - Parameters:
    ///   - name: A name for reports, e.g. `"role:support"`.
    ///   - parent: An existing scope, or `nil` for a root.
    ///   - limitUSD: The dollar limit, or `nil` for none; not negative.
    ///   - limitTokens: The token limit, or `nil` for none; not negative.
    ///   - alertFractions: Fractions of each limit that alert, positive and increasing; default
    ///     ``defaultAlertFractions``.
    /// - Returns: The scope's index (possibly one freed by ``removeScope(_:)``).
    public mutating func addScope(
        _ name: String, parent: Int? = nil, limitUSD: Double? = nil, limitTokens: Int64? = nil,
        alertFractions: [Double] = BudgetTree.defaultAlertFractions
    ) -> Int {
        if let p = parent { precondition(isLive(p), "unknown parent scope \(p)") }
        precondition((limitUSD ?? 0) >= 0 && (limitTokens ?? 0) >= 0, "budget limits must not be negative")
        for (i, f) in alertFractions.enumerated() {
            precondition(f > 0 && (i == 0 || f > alertFractions[i - 1]), "alert fractions must increase")
        }
        let index: Int
        if let reused = free.popLast() {
            index = reused
        } else {
            index = names.count
            names.append("")
            parents.append(-1)
            self.limitUSD.append(nil)
            self.limitTokens.append(nil)
            fractions.append([])
            spentUSD.append(0)
            spentTokens.append(0)
            nextUSDAlert.append(0)
            nextTokenAlert.append(0)
            children.append(0)
        }
        names[index] = name
        parents[index] = parent ?? -1
        self.limitUSD[index] = limitUSD
        self.limitTokens[index] = limitTokens
        fractions[index] = alertFractions
        spentUSD[index] = 0
        spentTokens[index] = 0
        nextUSDAlert[index] = 0
        nextTokenAlert[index] = 0
        children[index] = 0
        if let p = parent { children[p] += 1 }
        return index
    }

    /// Removes a scope without children (a finished job's); its index may be reused. Its spend stays
    /// counted in its ancestors.
    public mutating func removeScope(_ scope: Int) {
        precondition(isLive(scope) && children[scope] == 0, "only a live scope without children can go")
        if parents[scope] >= 0 { children[parents[scope]] -= 1 }
        parents[scope] = -2  // marks a free slot
        free.append(scope)
    }

    /// The scope's name.
    public func name(of scope: Int) -> String { names[scope] }
    /// The scope's parent, if any.
    public func parent(of scope: Int) -> Int? { parents[scope] >= 0 ? parents[scope] : nil }
    /// Dollars charged to the scope and its descendants.
    public func spentUSD(_ scope: Int) -> Double { spentUSD[scope] }
    /// Tokens charged to the scope and its descendants.
    public func spentTokens(_ scope: Int) -> Int64 { spentTokens[scope] }

    /// Whether new work may start in `scope`: no scope on its path to the root has reached a limit.
    /// - Complexity: O(depth).
    public func canSpend(scope: Int) -> Bool { exhaustedScope(on: scope) == nil }

    /// Whether spending `usd` and `tokens` in `scope` keeps every scope on its path within its limits.
    /// - Complexity: O(depth).
    public func canSpend(scope: Int, usd: Double, tokens: Int64) -> Bool {
        var s = scope
        for _ in 0..<names.count {
            if let l = limitUSD[s], spentUSD[s] + usd > l { return false }
            if let l = limitTokens[s], spentTokens[s] + tokens > l { return false }
            s = parents[s]
            if s < 0 { break }
        }
        return true
    }

    /// The nearest scope on the path from `scope` to the root that has reached a limit — the one to
    /// name in a failure reason — or `nil`.
    public func exhaustedScope(on scope: Int) -> Int? {
        var s = scope
        for _ in 0..<names.count {
            if let l = limitUSD[s], spentUSD[s] >= l { return s }
            if let l = limitTokens[s], spentTokens[s] >= l { return s }
            s = parents[s]
            if s < 0 { break }
        }
        return nil
    }

    /// Charges `usd` and `tokens` to `scope` and all its ancestors at `t`.
    /// - Parameters:
    ///   - scope: The scope that spent.
    ///   - usd: Dollars; not negative.
    ///   - tokens: Tokens; not negative.
    ///   - t: When.
    /// - Returns: The alerts this spend fired (usually none: no allocation then).
    /// - Complexity: O(depth + alerts fired).
    @discardableResult
    public mutating func spend(scope: Int, usd: Double, tokens: Int64, at t: SimTime) -> [BudgetAlert] {
        precondition(usd >= 0 && tokens >= 0, "spend must not be negative")
        precondition(isLive(scope), "unknown scope \(scope)")
        var fired: [BudgetAlert] = []
        var s = scope
        for _ in 0..<names.count {
            spentUSD[s] += usd
            spentTokens[s] += tokens
            if let l = limitUSD[s] {
                Self.fire(
                    .usd, scope: s, name: names[s], fractions: fractions[s], spent: spentUSD[s], limit: l,
                    next: &nextUSDAlert[s], at: t, into: &fired)
            }
            if let l = limitTokens[s] {
                Self.fire(
                    .tokens, scope: s, name: names[s], fractions: fractions[s], spent: Double(spentTokens[s]),
                    limit: Double(l), next: &nextTokenAlert[s], at: t, into: &fired)
            }
            s = parents[s]
            if s < 0 { break }
        }
        if !fired.isEmpty { alerts += fired }
        return fired
    }

    /// Appends the alerts of one limit that `spent` has reached, from `next` on.
    private static func fire(
        _ metric: Metric, scope: Int, name: String, fractions fs: [Double], spent: Double, limit: Double,
        next: inout Int, at t: SimTime, into fired: inout [BudgetAlert]
    ) {
        while next < fs.count && spent >= fs[next] * limit {
            fired.append(
                BudgetAlert(
                    scope: scope, scopeName: name, metric: metric, fraction: fs[next], time: t, spent: spent,
                    limit: limit))
            next += 1
        }
    }

    private func isLive(_ scope: Int) -> Bool {
        scope >= 0 && scope < names.count && parents[scope] != -2
    }
}
