import Testing

@testable import AgentSim
@testable import AgentSimSpec

/// Random chaos: faults drawn per seed, replayable, confined to the safety phase; runs stop at the
/// liveness deadline.
@Suite struct ChaosPlanTests {
    /// A chaos run's scenario: its chaos spec's random faults are injected.
    static func scenario(chaos: String) throws -> Scenario {
        var s = try FaultTestSupport.relayScenario(jobs: 100, faults: "[]", extra: #", "chaos": \#(chaos)"#)
        s.injectsRandomChaos = true
        return s
    }

    static let everything = """
        {"horizon": "2m", "drain": "5m", "swarm": false,
         "rates": {"crash": "1/20s", "slowdown": "1/20s", "error_burst": "1/20s", "hallucination": "1/20s",
                   "latency_spike": "1/20s", "loss": "1/20s", "duplicate": "1/20s", "reorder": "1/20s",
                   "partition": "1/20s", "slow_first_token": "1/20s", "rate_limit_storm": "1/20s"}}
        """

    @Test func eachSeedDrawsItsOwnFaultsAndTheSameOnEveryReplay() throws {
        let s = try Self.scenario(chaos: Self.everything)
        let a = ChaosPlan.faults(for: s, seed: 1)
        #expect(a == ChaosPlan.faults(for: s, seed: 1))
        #expect(a != ChaosPlan.faults(for: s, seed: 2))
        // Eleven kinds at 6 per 2 minutes each: Poisson, 66 expected, sd 8.1; ±5 sd.
        #expect(a.count > 25 && a.count < 107)
        for fault in a {
            #expect(fault.at < .seconds(120))
            #expect(fault.end.map { $0 <= .seconds(120) } == true)  // healed by the horizon
            #expect(fault.at.nanos % 1_000_000 == 0)  // whole milliseconds
        }
    }

    @Test func everyDrawnFaultOfEveryKindRoundTripsThroughAScenarioFile() throws {
        let drawn = ChaosPlan.faults(for: try Self.scenario(chaos: Self.everything), seed: 1)
        #expect(Set(drawn.map { $0.description.split(separator: " ")[0] }).count >= 10)  // kinds seen
        let text = "[" + drawn.map { $0.json.renderedInline() }.joined(separator: ", ") + "]"
        let back = try FaultTestSupport.relayScenario(faults: text).scheduledFaults
        #expect(back.sorted { $0.at < $1.at }.map(\.description) == drawn.map(\.description))
    }

    @Test func aKindsFaultsDoNotDependOnTheOtherKinds() throws {
        let crashOnly = try Self.scenario(chaos: #"{"swarm": false, "rates": {"crash": "1/m"}}"#)
        let crashAndLoss = try Self.scenario(
            chaos: #"{"swarm": false, "rates": {"crash": "1/m", "loss": "2/m"}}"#)
        let crashes = ChaosPlan.faults(for: crashAndLoss, seed: 9).filter {
            if case .agent = $0 { return true } else { return false }
        }
        #expect(crashes == ChaosPlan.faults(for: crashOnly, seed: 9))
    }

    @Test func swarmTurnsKindsOffPerSeed() throws {
        let s = try Self.scenario(
            chaos: Self.everything.replacingOccurrences(of: #""swarm": false"#, with: #""swarm": true"#))
        var kindCounts: Set<Int> = []
        for seed in UInt64(1)...20 {
            let kinds = Set(ChaosPlan.faults(for: s, seed: seed).map { String(describing: $0).prefix(5) })
            kindCounts.insert(kinds.count)
        }
        #expect(kindCounts.count > 2)  // seeds differ in how many kinds are on
    }

    @Test func aPlainRunInjectsTheScheduledFaultsOnlyAndAChaosRunTheDrawnOnesToo() throws {
        var s = try FaultTestSupport.relayScenario(
            jobs: 100, faults: #"[{"at": "10s", "for": "1s", "loss": 1}]"#,
            extra: #", "chaos": \#(Self.everything)"#)
        #expect(!s.injectsRandomChaos)  // as a file loads
        #expect(ChaosPlan.faults(for: s, seed: 1).count == 1)
        #expect(FaultTestSupport.runRelay(s).summary.faultsInjected == 1)
        s.injectsRandomChaos = true
        // Eleven kinds at 1/20 s over a 2-minute horizon: dozens drawn (as in the test above).
        #expect(ChaosPlan.faults(for: s, seed: 1).count > 25)
        #expect(ChaosRunner.builtIn(s).prepared(seed: 1).injectsRandomChaos)
    }

    @Test func aChaosRunStopsAtItsLivenessDeadline() throws {
        // 100 jobs every 2 s run to 202 s; the liveness deadline is 2 min + 1 min = 180 s.
        let s = try Self.scenario(chaos: #"{"horizon": "2m", "drain": "1m", "rates": {}}"#)
        let run = FaultTestSupport.runRelay(s)
        #expect(run.summary.simTimeSeconds == 180)
        #expect(run.violations == [])  // every job older than the drain had ended
    }

    @Test func livenessCatchesAJobLostInTheSafetyPhase() throws {
        // Every message sent in [10 s, 11 s) is lost: job #4 (sent at 10 s) never ends. At the
        // deadline (60 s + 30 s) it has been in flight longer than the drain.
        let s = try FaultTestSupport.relayScenario(
            jobs: 100, faults: #"[{"at": "10s", "for": "1s", "loss": 1}]"#,
            extra: #", "chaos": {"horizon": "1m", "drain": "30s"}"#)
        let run = FaultTestSupport.runRelay(s)
        #expect(run.violations.count == 1)
        let v = try #require(run.violations.first)
        #expect(v.invariant == .liveness && v.job == 4 && v.time == .zero + .seconds(90))
    }

    @Test func ratesTakeAnyDurationAfterTheSlash() throws {
        let s = try Self.scenario(chaos: #"{"rates": {"crash": "1/5m", "loss": "3/min", "reorder": 0.5}}"#)
        #expect(s.chaos?.rates[.crash] == 1.0 / 300)
        #expect(s.chaos?.rates[.loss] == 0.05)
        #expect(s.chaos?.rates[.reorder] == 0.5)
        #expect(throws: ScenarioError.self) { try Self.scenario(chaos: #"{"rates": {"crsh": "1/5m"}}"#) }
    }
}
