import Foundation
import Testing

@testable import AgentSim

/// The retry storm of scenarios/retry-storm.json: a 3-minute 3× slowdown of a shared pool
/// (t = 10..13 min) with clients that time out after 5 s. Throughput is read off the time series in
/// the window t = 30..40 min, well after the slowdown ended and while arrivals (6/s) continue.
@Suite struct MetastableFailureTests {
    static let scenarios = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios")

    static func throughput(
        _ file: String, from: Double, to: Double, overrides: [String] = []
    ) throws -> (rate: Double, result: RunResult) {
        let scenario = try ScenarioLoader.load(
            path: scenarios.appendingPathComponent(file).path, overrides: overrides
        ).scenario
        let result = ScenarioRunner.detailedRun(scenario, replication: 0)
        let rows = result.series.filter { $0.timeSeconds > from && $0.timeSeconds <= to }
        let completed = rows.reduce(0) { $0 + $1.completed }
        return (Double(completed) / (to - from), result)
    }

    /// Thresholds. λ = 6/s; the window holds ≈ 3,600 arrivals (Poisson, sd 60).
    /// - Recovered: completions track arrivals, so throughput ≈ λ; 0.8λ is 12 sd below: no false alarm.
    /// - Collapsed: at t = 30 min the queue holds tens of thousands of attempts served FIFO at ≤ 8/s, so
    ///   a new attempt would wait thousands of seconds against a 5 s timeout: none can succeed, and
    ///   goodput is 0; 0.1λ leaves slack without admitting a recovery.
    @Test func withoutBackoffThroughputStaysCollapsedAfterTheSlowdownEnds() throws {
        let storm = try Self.throughput("retry-storm.json", from: 1800, to: 2400)
        #expect(storm.rate < 0.1 * 6)
        #expect(storm.result.summary.retries > 10_000)
        // Before the slowdown, the same system kept up.
        let before = try Self.throughput("retry-storm.json", from: 60, to: 600)
        #expect(before.rate > 0.8 * 6)
    }

    @Test func withBackoffJitterAndARetryBudgetItRecovers() throws {
        let defended = try Self.throughput("retry-storm-backoff.json", from: 1800, to: 2400)
        #expect(defended.rate > 0.8 * 6)
        // The budget held retries near 10% of calls (plus its per-window floor of 5).
        let s = defended.result.summary
        #expect(Double(s.retries) < 0.1 * Double(s.llmCalls) + 5 * 2400 / 10)
    }

    /// Request coalescing: every retry joins the call its timed-out predecessor left running, so
    /// no attempt is ever paid twice and the pool is not swamped (one call per job, same threshold).
    @Test func withAResultCacheRetriesJoinTheirPredecessorsAndItRecovers() throws {
        let cached = try Self.throughput(
            "retry-storm.json", from: 1800, to: 2400, overrides: ["policies.result_cache=true"])
        #expect(cached.rate > 0.8 * 6)
        let s = cached.result.summary
        #expect(s.cacheHits == s.retries)
        #expect(s.llmCalls == s.jobsArrived)
    }

    @Test func theLedgerAccountsForEveryCallOfTheStorm() throws {
        let storm = try Self.throughput("retry-storm.json", from: 0, to: 3600).result
        let ledger = storm.ledger
        var sum = 0.0
        var calls = 0
        for cause in CostCause.allCases {
            sum += ledger.total(cause).costUSD
            calls += ledger.total(cause).calls
        }
        #expect(abs(sum - storm.summary.costUSD) <= 1e-9 * storm.summary.costUSD)
        #expect(calls == storm.summary.llmCalls)
        // Most of the storm's money went to abandoned work.
        #expect(ledger.total(.abandoned).costUSD > ledger.total(.work).costUSD)
        #expect(storm.summary.costAmplification ?? 0 > 2)
    }
}
