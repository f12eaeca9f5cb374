import Testing

@testable import AgentSim
@testable import AgentSimKernel
@testable import AgentSimSpec

@Suite struct ScenarioUnitsTests {
    @Test(
        arguments: [
            ("1.5s", 1_500_000_000), ("0.1s", 100_000_000), ("250ms", 250_000_000), ("2m", 120_000_000_000),
            ("1h", 3_600_000_000_000), ("1d", 86_400_000_000_000), ("10us", 10_000), ("10µs", 10_000),
            ("100ns", 100), ("1.5m", 90_000_000_000), ("0.333333333s", 333_333_333), ("3", 3_000_000_000),
            ("2 min", 120_000_000_000), ("1e-3s", 1_000_000), ("0s", 0), ("-0s", 0), (".5s", 500_000_000),
            ("0.0000000015s", 2), ("0.0000000014s", 1), ("1e-12s", 0), ("106751d", 9_223_286_400_000_000_000),
        ] as [(String, Int64)])
    func durationStringsAreExactNanoseconds(text: String, nanos: Int64) throws {
        #expect(try Units.duration(text) == SimDuration(nanos: nanos))
    }

    @Test(
        arguments: [
            ("1.5", 1_500_000_000), ("0.1", 100_000_000), ("1e-3", 1_000_000), ("2.5E+1", 25_000_000_000),
            ("86400", 86_400_000_000_000), ("0", 0),
        ] as [(String, Int64)])
    func durationNumbersAreExactSeconds(text: String, nanos: Int64) throws {
        #expect(try Units.duration(number: text) == SimDuration(nanos: nanos))
    }

    @Test(arguments: [
        ("-1s", "cannot be negative"), ("5x", "unknown duration unit \"x\""),
        ("5 sec", "unknown duration unit"),
        ("ms", "is not a duration"), ("", "is not a duration"), ("1000000d", "too long"),
        ("1e400s", "too long"),
        ("5hr", "did you mean \"h\"?"),
    ])
    func badDurationsAreRejected(text: String, fragment: String) {
        #expect(throws: UnitError.self) { try Units.duration(text) }
        do {
            _ = try Units.duration(text)
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
            #expect(error.allowed == Units.durationAllowed)
        }
    }

    @Test(arguments: [
        ("3/s", 3.0), ("300/min", 5.0), ("300/m", 5.0), ("2/h", 2.0 / 3600), ("2000/day", 2000.0 / 86_400),
        ("4 / s", 4.0), ("7", 7.0), ("0.5/ms", 500.0), ("0/s", 0.0),
    ])
    func ratesAreDoublesPerSecond(text: String, perSecond: Double) throws {
        #expect(try Units.rate(text) == perSecond)
    }

    @Test func rateNumbersArePerSecond() throws {
        #expect(try Units.rate(number: "2.5") == 2.5)
        #expect(throws: UnitError.self) { try Units.rate(number: "-1") }
    }

    @Test(arguments: [
        ("-3/s", "cannot be negative"), ("3/fortnight", "unknown rate unit"), ("fast", "is not a rate"),
    ])
    func badRatesAreRejected(text: String, fragment: String) {
        do {
            _ = try Units.rate(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.message.contains(fragment), "\(error.message)")
        }
    }

    @Test func moneyIsUSD() throws {
        #expect(try Units.money("$3.50") == 3.5)
        #expect(try Units.money(number: "15") == 15)
        #expect(throws: UnitError.self) { try Units.money("3.50") }
        #expect(throws: UnitError.self) { try Units.money("$-1") }
        #expect(throws: UnitError.self) { try Units.money(number: "-0.01") }
    }

    @Test func decimalLiteralsConvertExactly() throws {
        #expect(DecimalLiteral("1e3")?.integerValue == 1000)
        #expect(DecimalLiteral("-42")?.integerValue == -42)
        #expect(DecimalLiteral("2.5")?.integerValue == nil)
        #expect(DecimalLiteral("2.50e1")?.integerValue == 25)
        #expect(DecimalLiteral("18446744073709551615")?.unsignedValue == .max)
        #expect(DecimalLiteral("18446744073709551616")?.unsignedValue == nil)
        #expect(DecimalLiteral("9223372036854775807")?.integerValue == .max)
        #expect(DecimalLiteral("9223372036854775808")?.integerValue == nil)
        #expect(DecimalLiteral("nan") == nil)
        #expect(DecimalLiteral("0x10") == nil)
        #expect(DecimalLiteral("1.5 ") == nil)
    }
}
