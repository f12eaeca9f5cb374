extension CoordinationContext {
    /// Whether a call may start now. Rate limits and budgets act here once they are wired in; until
    /// then every call is admitted.
    mutating func admitCall(_ request: CallRequest, role: Int) -> Bool { true }
}
