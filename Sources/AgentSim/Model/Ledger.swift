/// Why tokens were spent: every call's tokens and dollars go to exactly one cause.
public enum CostCause: Int, Sendable, Hashable, CaseIterable, CustomStringConvertible, BitwiseCopyable {
    /// The successful attempt that produced a result the job used.
    case work
    /// Coordination calls: planning, routing, synthesis, negotiation, votes.
    case coordination
    /// Attempts that failed (an error) and led to a retry or to giving up.
    case retry
    /// Work whose result was not needed: its job had already ended, or it duplicated a result.
    case duplicate
    /// Coordination spent going round a delegation loop.
    case loop
    /// Timed-out attempts that still ran and cost (the work was abandoned, not cancelled).
    case abandoned

    /// The cause's name as costs.csv's `cause` column writes it.
    public var description: String {
        switch self {
        case .work: "work"
        case .coordination: "coordination"
        case .retry: "retry"
        case .duplicate: "duplicate"
        case .loop: "loop"
        case .abandoned: "abandoned"
        }
    }
}

/// Tokens and dollars by cause and role: the run's cost ledger.
///
/// Calls are booked when they end (and at the end of the run for calls still in service), so every
/// call is booked once; the sum over causes and roles is the run's total cost by construction, and
/// the tests check it against the sum over calls. Dollars are priced from the token totals of each
/// cell (tokens × the role's price per million), not summed call by call, so they carry one rounding
/// per cell whatever the number of calls.
public struct Ledger: Sendable, Hashable {
    /// One cell: a cause on a role.
    public struct Entry: Sendable, Hashable {
        /// Calls booked in the cell.
        public var calls = 0
        /// Input tokens of those calls.
        public var tokensIn: Int64 = 0
        /// Output tokens of those calls.
        public var tokensOut: Int64 = 0
        /// US dollars, priced from the tokens when the entry is read (``Ledger/entry(_:role:)``).
        public var costUSD = 0.0
    }

    /// Calls and tokens at cause × roleCount + role (dollars are derived).
    private var cells: [Entry]
    /// Role names, for reports.
    public let roles: [String]
    /// USD per million input and output tokens, per role.
    public let prices: [(input: Double, output: Double)]

    /// An empty ledger over `roles` at their `prices`.
    public init(roles: [String], prices: [(input: Double, output: Double)]) {
        self.roles = roles
        self.prices = prices
        cells = Array(repeating: Entry(), count: CostCause.allCases.count * roles.count)
    }

    /// Equal when the roles and every cell's calls and tokens are (prices are not compared: tuples
    /// are not `Equatable`, and dollars follow from tokens and prices).
    public static func == (a: Ledger, b: Ledger) -> Bool { a.roles == b.roles && a.cells == b.cells }
    /// Hashes what ``==(_:_:)`` compares: the roles and the cells.
    public func hash(into h: inout Hasher) {
        h.combine(roles)
        h.combine(cells)
    }

    /// Books one call.
    /// - Complexity: O(1).
    public mutating func book(_ cause: CostCause, role: Int, tokensIn: Int64, tokensOut: Int64) {
        let i = cause.rawValue * roles.count + role
        cells[i].calls += 1
        cells[i].tokensIn += tokensIn
        cells[i].tokensOut += tokensOut
    }

    /// USD for `tokensIn` and `tokensOut` on `role`.
    public func price(role: Int, tokensIn: Int64, tokensOut: Int64) -> Double {
        (Double(tokensIn) * prices[role].input + Double(tokensOut) * prices[role].output) / 1e6
    }

    /// The cell of `cause` on `role`, priced.
    public func entry(_ cause: CostCause, role: Int) -> Entry {
        var e = cells[cause.rawValue * roles.count + role]
        e.costUSD = price(role: role, tokensIn: e.tokensIn, tokensOut: e.tokensOut)
        return e
    }

    /// The total of `cause` over every role.
    public func total(_ cause: CostCause) -> Entry {
        var sum = Entry()
        for r in roles.indices {
            let e = entry(cause, role: r)
            sum.calls += e.calls
            sum.tokensIn += e.tokensIn
            sum.tokensOut += e.tokensOut
            sum.costUSD += e.costUSD
        }
        return sum
    }

    /// The total over every cause and role.
    public var total: Entry {
        var sum = Entry()
        for cause in CostCause.allCases {
            let e = total(cause)
            sum.calls += e.calls
            sum.tokensIn += e.tokensIn
            sum.tokensOut += e.tokensOut
            sum.costUSD += e.costUSD
        }
        return sum
    }
}
