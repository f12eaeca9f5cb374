import Foundation
import Testing

@testable import AgentSim

/// The trace file: valid Chrome trace-event JSON, spans that respect capacity, paired flows, a
/// size set by `--trace-jobs` and not by the run's length, and the same bytes every time.
@Suite struct TraceTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// support-desk (a hub of capacity 8, six capacity-1 workers), shortened by `jobs`.
    static func supportDesk(jobs: Int = 400) throws -> Scenario {
        let path = root.appendingPathComponent("scenarios/support-desk.json").path
        return try ScenarioLoader.load(path: path, overrides: ["workload.jobs=\(jobs)"]).scenario
    }

    static func events(_ json: String) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object?["traceEvents"] as? [[String: Any]])
    }

    @Test func validJSONWithRequiredFields() throws {
        let json = TracedRun.run(try Self.supportDesk(), replication: 0, jobs: 20).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let other = try #require(object["otherData"] as? [String: Any])
        #expect((other["selection"] as? String)?.contains("only the first 20 jobs") == true)
        let events = try Self.events(json)
        var phases: Set<String> = []
        for e in events {
            let ph = try #require(e["ph"] as? String)
            phases.insert(ph)
            #expect(e["name"] is String && e["pid"] is NSNumber)
            if ph != "M" { #expect(e["ts"] is NSNumber) }
            if ph == "X" {
                #expect(e["dur"] is NSNumber && e["tid"] is NSNumber)
                let cat = try #require(e["cat"] as? String)
                #expect(CostCause.allCases.map(\.description).contains(cat))
                let args = try #require(e["args"] as? [String: Any])
                #expect(
                    args["job"] is NSNumber && args["tokens_in"] is NSNumber && args["cost_usd"] is NSNumber)
            }
        }
        #expect(phases == ["M", "X", "s", "f", "i", "C"])
        let processes = events.filter { $0["name"] as? String == "process_name" }.compactMap {
            ($0["args"] as? [String: Any])?["name"] as? String
        }
        #expect(processes == ["run", "lead", "support"])
        let works = events.filter { $0["ph"] as? String == "X" && $0["cat"] as? String == "work" }
        #expect(Set(works.compactMap { $0["name"] as? String }) == ["triage", "answer", "review"])
    }

    /// Each capacity-1 support agent serves one call at a time: one lane, no two spans overlapping.
    @Test func noOverlapOnCapacityOneAgents() throws {
        let json = TracedRun.run(try Self.supportDesk(), replication: 0, jobs: 50).json
        let spans = try Self.events(json).filter { $0["ph"] as? String == "X" && $0["pid"] as? Int == 2 }
        var byThread: [Int: [(Double, Double)]] = [:]
        for s in spans {
            let ts = try #require(s["ts"] as? Double)
            let dur = try #require(s["dur"] as? Double)
            byThread[try #require(s["tid"] as? Int), default: []].append((ts, ts + dur))
        }
        #expect(byThread.count == 6)
        #expect(byThread.keys.allSatisfy { ($0 - 1) % 1000 == 0 })  // lane 0 of each agent only
        for (_, list) in byThread {
            let sorted = list.sorted { $0.0 < $1.0 }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0) }
        }
    }

    @Test func flowIdsPairUp() throws {
        let events = try Self.events(TracedRun.run(try Self.supportDesk(), replication: 0, jobs: 30).json)
        var starts: [Int: Int] = [:]
        var finishes: [Int: Int] = [:]
        for e in events {
            guard let ph = e["ph"] as? String, ph == "s" || ph == "f" else { continue }
            let id = try #require(e["id"] as? Int)
            if ph == "s" { starts[id, default: 0] += 1 } else { finishes[id, default: 0] += 1 }
        }
        #expect(!starts.isEmpty)
        #expect(starts.values.allSatisfy { $0 == 1 } && finishes.values.allSatisfy { $0 == 1 })
        #expect(Set(starts.keys) == Set(finishes.keys))
    }

    /// The first N jobs after warm-up are the same jobs whatever comes after them: a run three times
    /// as long gives the same bytes, and N bounds the jobs named.
    @Test func sizeBoundedByTraceJobs() throws {
        let short = TracedRun.run(try Self.supportDesk(jobs: 400), replication: 0, jobs: 5).json
        let long = TracedRun.run(try Self.supportDesk(jobs: 1200), replication: 0, jobs: 5).json
        #expect(short == long)
        let fifty = TracedRun.run(try Self.supportDesk(jobs: 1200), replication: 0, jobs: 50).json
        let jobs5 = Set(try Self.events(short).compactMap { ($0["args"] as? [String: Any])?["job"] as? Int })
        let jobs50 = Set(try Self.events(fifty).compactMap { ($0["args"] as? [String: Any])?["job"] as? Int })
        #expect(jobs5.count == 5 && jobs50.count == 50)
        #expect(jobs50.isSuperset(of: jobs5))
        #expect(short.utf8.count * 5 < fifty.utf8.count)
    }

    /// Tracing only reads: the traced run's summary equals the untraced run's, and two traced runs
    /// give the same bytes.
    @Test func tracingChangesNothingAndIsDeterministic() throws {
        let scenario = try Self.supportDesk()
        let traced = TracedRun.run(scenario, replication: 1, jobs: 10)
        let plain = ScenarioRunner.detailedRun(scenario, replication: 1)
        #expect(SummaryCSV.text(for: [traced.result.summary]) == SummaryCSV.text(for: [plain.summary]))
        #expect(DetailCSV.series([traced.result]) == DetailCSV.series([plain]))
        #expect(TracedRun.run(scenario, replication: 1, jobs: 10).json == traced.json)
    }

    @Test func microsecondsAndStrings() {
        #expect(TraceJSON.micros(0) == "0")
        #expect(TraceJSON.micros(1_500) == "1.5")
        #expect(TraceJSON.micros(1_234_567) == "1234.567")
        #expect(TraceJSON.micros(2_000_001) == "2000.001")
        #expect(TraceJSON.string("a\"b\\c\n\u{1}") == #""a\"b\\c\n\u0001""#)
    }
}
