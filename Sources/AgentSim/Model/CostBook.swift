/// What the run's calls cost, one of the parts ``CoordinationContext`` owns (ARCHITECTURE.md §2):
/// the ledger of tokens and dollars by cause and role, and its running total for the time series.
///
/// Invariant: ``bookedUSD`` is the sum of the prices of every call booked, so it equals the
/// ledger's cells total up to rounding (the `ledger_matches_calls` invariant checks it at the end).
struct CostBook {
    /// Every call's tokens and dollars by cause and role.
    private(set) var ledger: Ledger
    /// The ledger's running total, for the time series' cost rate.
    private(set) var bookedUSD = 0.0

    /// An empty book at the prices (USD per million input and output tokens) of each role's model.
    init(roles: [String], prices: [(input: Double, output: Double)]) {
        ledger = Ledger(roles: roles, prices: prices)
    }

    /// The price of a call of `role` with these tokens, at its model's prices.
    func price(role: Int, tokensIn: Int64, tokensOut: Int64) -> Double {
        ledger.price(role: role, tokensIn: tokensIn, tokensOut: tokensOut)
    }

    /// Books a call of `role` under `cause`.
    mutating func book(_ cause: CostCause, role: Int, tokensIn: Int64, tokensOut: Int64) {
        ledger.book(cause, role: role, tokensIn: tokensIn, tokensOut: tokensOut)
        bookedUSD += ledger.price(role: role, tokensIn: tokensIn, tokensOut: tokensOut)
    }
}
