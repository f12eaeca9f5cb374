import Testing

@testable import AgentSim

/// The context's small owned parts on their own (ARCHITECTURE.md §2): each against its stated
/// invariant, with expected values worked out by hand.
@Suite struct OwnedPartsTests {
    /// Transport's order numbers count up from 1 and never repeat: 1,000 takes are exactly 1...1000.
    @Test func transportOrdersCountUpFromOneAndNeverRepeat() {
        var transport = Transport()
        #expect(transport.nextOrder == 0)
        let taken = (0..<1_000).map { _ in transport.takeOrder() }
        #expect(taken == Array(1...1_000))
        #expect(transport.nextOrder == 1_000)
    }

    /// CostBook prices per million tokens and keeps its running total equal to the sum of the
    /// prices it booked. Role 0 at $3/$15 per MTok: 1,000 in + 200 out = 0.003 + 0.003 = $0.006;
    /// role 1 at $1/$2: 500,000 in + 250,000 out = 0.5 + 0.5 = $1. Three calls: 2 × 0.006 + 1.
    @Test func costBookPricesPerMillionTokensAndKeepsItsTotal() {
        var book = CostBook(roles: ["a", "b"], prices: [(3, 15), (1, 2)])
        #expect(book.bookedUSD == 0)
        #expect(abs(book.price(role: 0, tokensIn: 1_000, tokensOut: 200) - 0.006) < 1e-15)
        #expect(book.price(role: 1, tokensIn: 500_000, tokensOut: 250_000) == 1)
        book.book(.work, role: 0, tokensIn: 1_000, tokensOut: 200)
        book.book(.retry, role: 0, tokensIn: 1_000, tokensOut: 200)
        book.book(.coordination, role: 1, tokensIn: 500_000, tokensOut: 250_000)
        #expect(abs(book.bookedUSD - 1.012) < 1e-12)
        // The ledger holds each call under its own cause and role, and nothing elsewhere.
        let work = book.ledger.entry(.work, role: 0)
        #expect(work.tokensIn == 1_000 && work.tokensOut == 200)
        #expect(book.ledger.entry(.retry, role: 0).tokensIn == 1_000)
        #expect(book.ledger.entry(.coordination, role: 1).tokensOut == 250_000)
        #expect(book.ledger.entry(.work, role: 1).tokensIn == 0)
        // The invariant: the running total equals the ledger's cells priced (up to rounding).
        var fromLedger = 0.0
        for cause in CostCause.allCases {
            for role in 0..<2 { fromLedger += book.ledger.entry(cause, role: role).costUSD }
        }
        #expect(abs(fromLedger - book.bookedUSD) < 1e-12)
    }

    /// SeriesBook: an alert is pending for exactly the next row taken, and stays in the log.
    @Test func seriesBookAlertsArePendingForOneRowAndLoggedForGood() {
        var series = SeriesBook()
        func alert(_ fraction: Double) -> BudgetAlert {
            BudgetAlert(
                scope: 0, scopeName: "run", metric: .usd, fraction: fraction, time: .zero + .seconds(1),
                spent: fraction, limit: 1)
        }
        #expect(series.takePendingAlerts().isEmpty)
        series.raise(alert(0.5), label: "run usd 50%")
        series.raise(alert(1), label: "run usd 100%")
        #expect(series.takePendingAlerts() == ["run usd 50%", "run usd 100%"])
        #expect(series.takePendingAlerts().isEmpty)
        #expect(series.alertLog.map(\.fraction) == [0.5, 1])
        series.raise(alert(0.8), label: "run usd 80%")
        #expect(series.takePendingAlerts() == ["run usd 80%"])
        #expect(series.alertLog.count == 3)
    }
}
