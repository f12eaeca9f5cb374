import Testing

@testable import AgentSim

/// `--vary PATH=LIST`: lists, ranges in exact decimals with units, the grid's order and its errors.
@Suite struct SweepGridTests {
    @Test(arguments: [
        (
            "agents.worker.count=2..24:2",
            ["2", "4", "6", "8", "10", "12", "14", "16", "18", "20", "22", "24"]
        ),
        ("agents.worker.count=1..4", ["1", "2", "3", "4"]),
        ("agents.worker.count=3,1,2", ["3", "1", "2"]),
        ("workload.arrivals.rate=20/min..60/min:10/min", ["20/min", "30/min", "40/min", "50/min", "60/min"]),
        ("workload.warmup=0.5s..2s:0.5s", ["0.5s", "1s", "1.5s", "2s"]),
        // Exact decimals: repeated 0.1 + 0.1 in doubles gives 0.30000000000000004.
        ("x.y=0.1..0.3:0.1", ["0.1", "0.2", "0.3"]),
        ("x.y=0..1:0.25", ["0", "0.25", "0.5", "0.75", "1"]),
        ("x.y=-2..2:2", ["-2", "0", "2"]),
        ("x.y=250ms, 1s ,2m", ["250ms", "1s", "2m"]),
        // Commas inside JSON values do not split.
        (
            "agents.w.latency={\"dist\":\"constant\",\"value\":1},[1,2],\"a,b\"",
            ["{\"dist\":\"constant\",\"value\":1}", "[1,2]", "\"a,b\""]
        ),
        ("x.y=7", ["7"]),
        ("pattern.type=hub_and_spoke,event_driven", ["hub_and_spoke", "event_driven"]),
    ])
    func expands(argument: String, expected: [String]) throws {
        let axis = try SweepAxis(parsing: argument)
        #expect(axis.values == expected)
        #expect(axis.argument == argument)
    }

    @Test func numericValuesNeedOneUnit() throws {
        #expect(try SweepAxis(parsing: "a.b=2..6:2").numericValues == [2, 4, 6])
        #expect(try SweepAxis(parsing: "a.b=10/min,20/min").numericValues == [10, 20])
        #expect(try SweepAxis(parsing: "a.b=1s,2m").numericValues == nil)
        #expect(try SweepAxis(parsing: "a.b=fast,slow").numericValues == nil)
        #expect(try SweepAxis(parsing: "pattern.type=pipeline").numericValues == nil)
    }

    @Test(arguments: [
        ("agents.worker.count", "--vary agents.worker.count", "expected PATH=LIST"),
        ("=1,2", "--vary =1,2", "expected PATH=LIST"),
        ("agents..count=1", "--vary agents..count", "an empty key"),
        ("a.b=", "--vary a.b", "an empty value"),
        ("a.b=1,,2", "--vary a.b", "an empty value"),
        ("a.b=5..1", "--vary a.b", "is empty"),
        ("a.b=1..5:0", "--vary a.b", "not positive"),
        ("a.b=1..5:-1", "--vary a.b", "not positive"),
        ("a.b=1s..5m", "--vary a.b", "mixes units"),
        ("a.b=1s..5s:1m", "--vary a.b", "mixes units"),
        ("a.b=x..y", "--vary a.b", "cannot read the range"),
        ("a.b=0..100000", "--vary a.b", "more than 10000 values"),
        ("a.b=1,2,1", "--vary a.b", "appears twice"),
        ("pattern.type=hub_and_spokes", "--vary pattern.type", "did you mean \"hub_and_spoke\""),
    ])
    func refuses(argument: String, subject: String, fragment: String) {
        #expect {
            _ = try SweepAxis(parsing: argument)
        } throws: { error in
            guard let error = error as? SweepError else { return false }
            return error.subject == subject && error.description.contains(fragment)
        }
    }

    @Test func gridIsNestedLoopsInVaryOrder() throws {
        let grid = try SweepGrid(parsing: ["a.x=1,2", "b.y=p,q,r"])
        #expect(grid.count == 6)
        #expect(grid.paths == ["a.x", "b.y"])
        #expect(
            grid.points.map(\.values) == [
                ["1", "p"], ["1", "q"], ["1", "r"], ["2", "p"], ["2", "q"], ["2", "r"],
            ])
        #expect(grid.points.map(\.index) == Array(0..<6))
        #expect(grid.point(4).assignments == ["a.x=2", "b.y=q"])
        #expect(grid.point(4).pattern == nil)
    }

    @Test func patternAxisIsNotASetAssignment() throws {
        let grid = try SweepGrid(parsing: ["pattern.type=pipeline,hub_and_spoke", "a.x=1"])
        #expect(grid.point(1).assignments == ["a.x=1"])
        #expect(grid.point(1).pattern == "hub_and_spoke")
    }

    @Test func gridErrors() {
        #expect(throws: SweepError.self) { _ = try SweepGrid(parsing: []) }
        #expect(throws: SweepError.self) { _ = try SweepGrid(parsing: ["a.x=1,2", "a.x=3"]) }
        // 1000 × 1000 = 10⁶ points > 100,000.
        #expect(throws: SweepError.self) { _ = try SweepGrid(parsing: ["a.x=1..1000", "b.y=1..1000"]) }
    }
}
