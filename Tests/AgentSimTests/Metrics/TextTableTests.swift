import Testing

@testable import AgentSim

extension MetricsTests {
    @Suite struct TextTableTests {
        @Test func alignsTextLeftAndNumbersRight() {
            var table = TextTable(columns: [.init("pattern", .left), .init("rep"), .init("p99 s")])
            table.append(["pipeline", "0", "1.25"])
            table.append(["hub", "10", "12.5"])
            #expect(
                table.render() == """
                    pattern   rep  p99 s
                    --------  ---  -----
                    pipeline    0   1.25
                    hub        10   12.5

                    """)
        }

        @Test func trailingTextColumnHasNoTrailingSpaces() {
            var table = TextTable(columns: [.init("n"), .init("name", .left)])
            table.append(["1", "a"])
            #expect(table.render() == "n  name\n-  ----\n1  a\n")
        }

        @Test(arguments: [
            (0.0, "0"), (1.0, "1.000"), (12.3456, "12.35"), (1234.5678, "1235"), (123_456.7, "123457"),
            (0.012_345_6, "0.01235"), (-2.5, "-2.500"), (9.999_95, "10.00"), (0.000_001, "0.000001000"),
            (1e-7, "1e-07"), (1e16, "1e+16"), (Double.infinity, "inf"), (999.96, "1000"),
        ])
        func formatsSignificantDigits(value: Double, expected: String) {
            #expect(TextTable.format(value) == expected)
        }

        @Test func formatHonoursTheDigitCount() {
            #expect(TextTable.format(3.14159, significantDigits: 2) == "3.1")
            #expect(TextTable.format(3.14159, significantDigits: 6) == "3.14159")
            #expect(TextTable.format(0.5, significantDigits: 1) == "0.5")
        }
    }
}
