import Testing

@testable import AgentSim

/// The budget book on its own, against hand-computed arithmetic: a hard run budget of 500 tokens
/// over a role with its own hard limit of 300 tokens, and an alert-only run budget of $1 with
/// alerts at 50% and 100%.
@Suite struct BudgetBookTests {
    static func book(_ budgets: String) throws -> (BudgetBook, Fleet) {
        let scenario = try ScenarioLoader.load(
            json: """
                {"name": "book", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": 1}, "jobs": 1,
                   "job": {"steps": [{"name": "a", "skill": "s"}]}},
                 "agents": {"w": {"count": 2, "skills": ["s"], "latency": "1s"},
                            "v": {"skills": ["t"], "latency": "1s"}},
                 "policies": \(budgets.isEmpty ? "{}" : "{\"budgets\": \(budgets)}")}
                """, file: "book.json", baseDirectory: "/tmp"
        ).scenario
        let fleet = Fleet(scenario: scenario)
        return (BudgetBook(scenario, fleet: fleet), fleet)
    }

    @Test func aRoleLimitRefusesBeforeTheRunLimit() throws {
        var (book, _) = try Self.book(
            """
            [{"scope": "run", "tokens": 500, "hard_stop": true},
             {"scope": "role:w", "tokens": 300, "hard_stop": true}]
            """)
        #expect(!book.isEmpty && book.hardCaps.map(\.name) == ["run", "role:w"])
        // Agents 0 and 1 are w's and charge role:w then run; agent 2 (v) charges only the run.
        #expect(book.refusingScope(agent: 0, usd: 0, tokens: 300) == nil)
        _ = book.charge(agent: 0, usd: 0, tokens: 300, at: .zero)
        let refused = try #require(book.refusingScope(agent: 1, usd: 0, tokens: 1))
        #expect(book.name(ofHardScope: refused) == "role:w")
        #expect(book.refusingScope(agent: 2, usd: 0, tokens: 200) == nil)
        _ = book.charge(agent: 2, usd: 0, tokens: 200, at: .zero)
        let run = try #require(book.refusingScope(agent: 2, usd: 0, tokens: 1))
        #expect(book.name(ofHardScope: run) == "run")
        // The 100% alert of a refusing scope comes once.
        #expect(book.limitReachedAlert(run, at: .zero) != nil)
        #expect(book.limitReachedAlert(run, at: .zero) == nil)
    }

    @Test func alertOnlyBudgetsNeverRefuseAndAlertInOrder() throws {
        var (book, _) = try Self.book(
            """
            [{"scope": "run", "usd": 1, "hard_stop": false, "alerts": [0.5, 1]}]
            """)
        #expect(book.hardCaps.isEmpty && book.perJob == nil)
        #expect(book.refusingScope(agent: 0, usd: 5, tokens: 0) == nil)
        #expect(book.charge(agent: 0, usd: 0.4, tokens: 0, at: .zero).isEmpty)
        let half = book.charge(agent: 1, usd: 0.2, tokens: 0, at: SimTime(nanos: 7))
        #expect(half.map(\.fraction) == [0.5] && half.first?.time == SimTime(nanos: 7))
        #expect(book.charge(agent: 2, usd: 10, tokens: 0, at: .zero).map(\.fraction) == [1])
    }

    @Test func noBudgetsIsEmpty() throws {
        let (book, _) = try Self.book("")
        #expect(book.isEmpty && book.refusingScope(agent: 0, usd: 1e9, tokens: 1 << 40) == nil)
    }
}

/// The rate limits on their own: a provider limit of 60 requests a minute (a bucket of depth 60
/// refilling at one a second) admits 60 calls at once, refuses the 61st with a retry-after of
/// exactly one second, and admits it then. A client-side pacer never refuses, it holds: GCRA with
/// a burst of one minute and one request a second lets call k (from 0) asked at t = 0 start at
/// max(0, k − 60) seconds.
@Suite struct RateLimitsTests {
    static func limits(_ rateLimit: String) throws -> RateLimits {
        let scenario = try ScenarioLoader.load(
            json: """
                {"name": "limits", "seed": 1,
                 "workload": {"arrivals": {"process": "constant", "rate": 1}, "jobs": 1,
                   "job": {"steps": [{"name": "a", "skill": "s"}]}},
                 "models": {"m": {"input_per_mtok": 1, "output_per_mtok": 1, "rate_limit": \(rateLimit)}},
                 "agents": {"w": {"skills": ["s"], "latency": "1s", "model": "m"}}}
                """, file: "limits.json", baseDirectory: "/tmp"
        ).scenario
        return RateLimits(scenario)
    }

    @Test func aProviderLimitRefusesWithTheExactRetryAfter() throws {
        var limits = try Self.limits(#"{"rpm": 60}"#)
        for _ in 0..<60 {
            guard case .admitted(let held) = limits.admit(model: 0, agent: 0, tokens: 10, at: .zero) else {
                Issue.record("refused within the bucket's depth")
                return
            }
            #expect(held == .zero)
        }
        guard case .refused(let retryAfter) = limits.admit(model: 0, agent: 0, tokens: 10, at: .zero) else {
            Issue.record("the 61st call was admitted")
            return
        }
        #expect(retryAfter == .seconds(1))
        guard case .admitted = limits.admit(model: 0, agent: 0, tokens: 10, at: .zero + retryAfter) else {
            Issue.record("refused after its retry-after")
            return
        }
    }

    @Test func aClientPacerHoldsInsteadOfRefusing() throws {
        var limits = try Self.limits(#"{"rpm": 60, "client_bucket": true}"#)
        for k in 0..<120 {
            guard case .admitted(let held) = limits.admit(model: 0, agent: 0, tokens: 10, at: .zero) else {
                Issue.record("a pacer refused a call")
                return
            }
            #expect(held == .seconds(Int64(max(0, k - 60))))
        }
    }
}
