import Testing

@testable import AgentSim

extension MetricsTests {
    @Suite struct CSVTests {
        @Test(arguments: [
            ("plain", "plain"), ("", ""), ("a,b", "\"a,b\""), ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""), ("cr\rhere", "\"cr\rhere\""), ("\"", "\"\"\"\""),
            ("spaces stay", "spaces stay"), ("é,ü", "\"é,ü\""),
        ])
        func escapesOnlyWhenNeeded(field: String, expected: String) {
            #expect(CSV.escape(field) == expected)
        }

        @Test(arguments: [
            (0.1, "0.1"), (3.0, "3.0"), (-2.5, "-2.5"), (1e-5, "1e-05"), (1e20, "1e+20"),
            (123_456.789, "123456.789"), (0.0, "0.0"), (1.0 / 3.0, "0.3333333333333333"),
            (Double.nan, ""), (Double.infinity, ""), (-Double.infinity, ""),
        ])
        func doublesUseTheShortestRoundTripForm(value: Double, expected: String) {
            #expect(CSV.format(value) == expected)
            #expect(value.csvText == expected)
            if value.isFinite { #expect(Double(expected) == value) }
        }

        @Test func integersOptionalsAndBoolsFormat() {
            #expect(Int.min.csvText == "-9223372036854775808")
            #expect(UInt64.max.csvText == "18446744073709551615")
            #expect(Int64(42).csvText == "42")
            #expect((nil as Double?).csvText == "")
            #expect((0.25 as Double?).csvText == "0.25")
            #expect((nil as Int?).csvText == "")
            #expect(true.csvText == "true")
        }

        @Test func writerEmitsHeaderAndRowsWithNewlines() {
            var writer = CSVWriter(header: ["name", "n", "x", "maybe"])
            #expect(writer.text == "name,n,x,maybe\n")
            writer.append(["a, b", 7, 0.5, nil as Double?])
            writer.append(["q\"", -1, Double.nan, 2.0 as Double?])
            #expect(writer.text == "name,n,x,maybe\n\"a, b\",7,0.5,\n\"q\"\"\",-1,,2.0\n")
        }
    }
}
