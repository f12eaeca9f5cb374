import Testing

@testable import AgentSim

/// The report: the right page for each kind of folder, one chart per expected series, nothing
/// external, and a named error for a folder it cannot read.
@Suite struct ReportTests {
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// No URL, no script, no `src=`: the page fetches nothing.
    static func expectSelfContained(_ html: String) {
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("src=") && !html.lowercased().contains("<script"))
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
    }

    /// The files `agentsim run` writes for two replications of support-desk (shortened).
    static func runFolder() throws -> ReportInputs {
        var scenario = try TraceTests.supportDesk(jobs: 200)
        scenario.faults = []
        let results = (0..<2).map { ScenarioRunner.detailedRun(scenario, replication: $0) }
        let files = [
            "summary.csv": SummaryCSV.text(for: results.map(\.summary)),
            "stats.csv": StatsCSV.text(for: results.map(\.summary), confidence: 0.95),
            "timeseries.csv": DetailCSV.series(results), "costs.csv": DetailCSV.costs(results),
            "alerts.csv": DetailCSV.alerts(results), "failures.csv": DetailCSV.failures(results),
        ]
        return ReportInputs(files: files, listing: files.keys.sorted(), folder: "results/support-desk")
    }

    @Test func runPageHasEveryChart() throws {
        let inputs = try Self.runFolder()
        #expect(try Report.kind(of: inputs) == .run)
        let html = try Report.html(inputs)
        Self.expectSelfContained(html)
        // Four time series, latency percentiles, cost by cause.
        #expect(Self.count("<svg", in: html) == 6)
        for title in [
            "Throughput over time", "Jobs in flight", "Queued calls", "Cost rate", "Job latency",
            "Cost by cause",
        ] {
            #expect(html.contains(">\(title)"), "\(title)")
        }
        #expect(html.contains("virtual time (s)") && html.contains("USD per s"))
        #expect(try Report.html(inputs) == html)  // deterministic
    }

    @Test func faultWindowsAreShaded() throws {
        var inputs = try Self.runFolder()
        let series =
            "scenario,pattern,replication,seed,t_s,throughput_per_s,faults_active\n"
            + "s,p,0,1,10,1,0\ns,p,0,1,20,1,1\ns,p,0,1,30,1,1\ns,p,0,1,40,1,0\ns,p,0,1,50,1,2\n"
        inputs.files["timeseries.csv"] = series
        let windows = RunReport.faultWindows(CSVTable(parsing: series))
        #expect(windows.map(\.from) == [10, 40] && windows.map(\.to) == [30, 50])
        let html = try Report.html(inputs)
        #expect(html.contains("<title>fault active</title>"))
        #expect(Self.count("<svg", in: html) == 3)  // throughput only, then latency and cost
    }

    @Test func comparePageHasABarChartPerMetricWithWhiskersAndFlags() throws {
        var runs: [RunSummary] = []
        for (p, pattern) in ["pipeline", "hub_and_spoke"].enumerated() {
            for r in 0..<3 {
                var run = RunSummary(scenario: "s", pattern: pattern, replication: r, seed: UInt64(r))
                run.throughputPerSecond = 1 + Double(r) / 10 + Double(p)
                run.latencyP99Seconds = 3
                run.jobsFailed = p == 1 ? 4 : 0
                runs.append(run)
            }
        }
        let files = [
            "summary.csv": SummaryCSV.text(for: runs),
            "stats.csv": StatsCSV.text(for: runs, confidence: 0.95),
        ]
        let inputs = ReportInputs(files: files, listing: [], folder: "c")
        #expect(try Report.kind(of: inputs) == .compare)
        let html = try Report.html(inputs)
        Self.expectSelfContained(html)
        #expect(Self.count("<svg", in: html) == 5)
        #expect(html.contains(">⚠ 4 failed</text>"))
        #expect(html.contains(">95% interval</text>"))
        #expect(html.contains(">pipeline</text>") && html.contains(">hub_and_spoke</text>"))
    }

    /// A hand-made sweep.csv in the sweep contract's shape (point, the varied paths, then summary.csv's
    /// columns) and an analysis.csv naming a knee and an infeasible point.
    @Test func sweepPageDrawsEachMetricAgainstTheFirstPath() throws {
        var sweep =
            "point,agents.worker.count,workload.arrivals.rate,"
            + SummaryCSV.text(for: []).split(separator: "\n")[0] + "\n"
        let summaryColumns = CSVTable(parsing: SummaryCSV.text(for: [])).header
        for (point, count) in [2, 4, 8].enumerated() {
            var run = RunSummary(scenario: "s", pattern: "pipeline", replication: 0, seed: 1)
            run.throughputPerSecond = Double(count)
            let row = CSVTable(parsing: SummaryCSV.text(for: [run])).rows[0]
            #expect(row.count == summaryColumns.count)
            sweep += "\(point),\(count),3/s," + row.joined(separator: ",") + "\n"
        }
        let analysis =
            "point,agents.worker.count,workload.arrivals.rate,knee,feasible,cheapest\n"
            + "0,2,3/s,false,false,false\n1,4,3/s,true,true,true\n2,8,3/s,false,true,false\n"
        let inputs = ReportInputs(
            files: ["sweep.csv": sweep, "analysis.csv": analysis], listing: [], folder: "sw")
        #expect(try Report.kind(of: inputs) == .sweep)
        let html = try Report.html(inputs)
        Self.expectSelfContained(html)
        #expect(Self.count("<svg", in: html) == 5)
        #expect(html.contains(">Throughput vs agents.worker.count</text>"))
        #expect(Self.count(">knee</text>", in: html) == 5)
        #expect(html.contains(">fails an SLO</text>"))
        #expect(html.contains(">workload.arrivals.rate=3/s</text>"))
        #expect(SweepReport.leadingNumber("2.5/s") == 2.5 && SweepReport.leadingNumber("250ms") == 250)
    }

    @Test func chaosPageListsFailingSeedsWithReplayCommands() throws {
        var text = ChaosCSV.columns.joined(separator: ",") + "\n"
        func row(_ seed: Int, _ outcome: String, _ invariant: String) -> String {
            var fields = Array(repeating: "", count: ChaosCSV.columns.count)
            fields[0] = "desk"
            fields[1] = "pipeline"
            fields[2] = "\(seed)"
            fields[3] = outcome
            fields[4] = invariant
            fields[ChaosCSV.columns.firstIndex(of: "detail")!] = "stuck <for good>"
            if invariant == "liveness" {
                for (column, value) in [
                    ("job", "13"), ("step", "answer"), ("copy", "0"), ("agent", "support[1]"),
                    ("last_event", "timer fired"), ("last_event_time_s", "921.2"), ("stuck_jobs", "\(seed)"),
                    ("quiet_time_s", "5967.0"),
                ] {
                    fields[ChaosCSV.columns.firstIndex(of: column)!] = value
                }
            }
            return fields.joined(separator: ",") + "\n"
        }
        text +=
            row(1, "pass", "") + row(2, "fail", "liveness") + row(3, "fail", "causality")
            + row(4, "fail", "liveness")
        let inputs = ReportInputs(
            files: ["summary.csv": text], listing: ["desk-seed-2-shrunk.json", "summary.csv"],
            folder: "out/chaos",
            scenarioPath: "desk.json --set 'a=1'")
        #expect(try Report.kind(of: inputs) == .chaos)
        let html = try Report.html(inputs)
        Self.expectSelfContained(html)
        #expect(html.contains("3 of 4 seeds failing"))
        #expect(html.contains("<code>agentsim chaos desk.json --set &#39;a=1&#39; --seed 4</code>"))
        #expect(html.contains("<code>agentsim chaos out/chaos/desk-seed-2-shrunk.json --seed 2</code>"))
        // A user's own binary (AgentSimCommand.main(registering:)) is the program that can replay its
        // coordinators' seeds, so its name replaces agentsim in every replay command.
        var custom = inputs
        custom.program = "desk-sim"
        let customHTML = try Report.html(custom)
        #expect(customHTML.contains("<code>desk-sim chaos desk.json --set &#39;a=1&#39; --seed 4</code>"))
        #expect(customHTML.contains("<code>desk-sim chaos out/chaos/desk-seed-2-shrunk.json --seed 2</code>"))
        #expect(!customHTML.contains("<code>agentsim chaos"))
        #expect(html.contains("stuck &lt;for good&gt;"))
        // A liveness row names where the job stuck, the last event that touched it, how many jobs
        // are stuck and when the system went quiet; a safety row leaves those cells empty.
        #expect(html.contains("<td class=\"text\">job 13, step answer, copy 0, support[1]</td>"))
        #expect(html.contains("<td class=\"text\">timer fired at 921.2</td><td class=\"text\">4</td>"))
        #expect(html.contains("<td class=\"text\">5967.0</td>"))
        let empty = "<td class=\"text\"></td>"
        #expect(html.contains("<td class=\"text\">causality</td>" + empty + empty + empty + empty + empty))
        #expect(html.contains(">liveness</text>") && html.contains(">causality</text>"))
    }

    @Test func unreadableFoldersNameWhatIsMissing() throws {
        let empty = ReportInputs(files: [:], listing: [], folder: "nowhere")
        #expect(throws: ReportError.self) { try Report.html(empty) }
        do {
            _ = try Report.html(empty)
        } catch {
            #expect(error.description.contains("nowhere: no summary.csv or sweep.csv"))
        }
        var inputs = try Self.runFolder()
        inputs.files["timeseries.csv"] = nil
        do {
            _ = try Report.html(inputs)
            Issue.record("a run folder without timeseries.csv was accepted")
        } catch {
            #expect(
                error.description == "results/support-desk: timeseries.csv is missing; a run report needs it")
        }
    }
}
