import Testing

@testable import AgentSim

@Suite struct Xoshiro256StarStarTests {
    // Expected values printed by the authors' reference C code (Blackman & Vigna's
    // xoshiro256starstar.c 1.0 next() verbatim, state filled with four outputs of their splitmix64.c,
    // as they recommend), compiled with gcc — not by this package. The last value is output #1000.
    static let reference: [(seed: UInt64, first: [UInt64], thousandth: UInt64)] = [
        (0, [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0], 0x7AAC_8C48_3A2E_DD2F),
        (
            1_234_567, [0x30A3_A1C3_6360_0467, 0x1940_5F0F_5799_29CA, 0x115B_EAAC_046D_DBD9],
            0x3BE7_F287_6DF6_77C2
        ),
        (.max, [0x8F55_20D5_2A7E_AD08, 0xC476_A018_CAA1_802D, 0x81DE_31C0_D260_469E], 0xC3C9_3EA5_CDE4_34CC),
    ]

    @Test(arguments: reference)
    func matchesTheReferenceImplementation(seed: UInt64, first: [UInt64], thousandth: UInt64) {
        var generator = Xoshiro256StarStar(seed: seed)
        #expect((0..<3).map { _ in generator.next() } == first)
        for _ in 3..<999 { _ = generator.next() }
        #expect(generator.next() == thousandth)
    }

    @Test func matchesTheReferenceFromARawState() {
        // Same reference program, state set directly to {1, 2, 3, 4}.
        var generator = Xoshiro256StarStar(state: 1, 2, 3, 4)
        let expected: [UInt64] = [0x2D00, 0, 0x5A00_7080, 0x10E0_0000_0000_9D80, 0x10E0_B61C_E100_9D80]
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    @Test func doublesStayInTheirIntervals() {
        var generator = Xoshiro256StarStar(seed: 3)
        var sawSmallOpen = false
        for _ in 0..<100_000 {
            let closedOpen = generator.nextDouble()
            let openClosed = generator.nextOpenDouble()
            #expect(closedOpen >= 0 && closedOpen < 1)
            #expect(openClosed > 0 && openClosed <= 1)
            if openClosed < 1e-4 { sawSmallOpen = true }
        }
        #expect(sawSmallOpen)  // P(no draw below 1e-4 in 1e5) = e⁻¹⁰ ≈ 4.5e-5
    }

    @Test(arguments: [UInt64(1), 2, 7, 10, 1000, 1 << 40, .max])
    func boundedIntegersStayBelowTheBound(bound: UInt64) {
        var generator = Xoshiro256StarStar(seed: bound)
        for _ in 0..<10_000 { #expect(generator.next(below: bound) < bound) }
    }

    @Test func boundedIntegersAreUniform() {
        // Chi-square over 10 cells, n = 200,000: with 9 degrees of freedom P(χ² > 44.81) = 1e-6.
        var generator = Xoshiro256StarStar(seed: 11)
        var counts = [Int](repeating: 0, count: 10)
        let n = 200_000
        for _ in 0..<n { counts[Int(generator.next(below: 10))] += 1 }
        let expected = Double(n) / 10
        let chiSquare = counts.reduce(0.0) {
            $0 + (Double($1) - expected) * (Double($1) - expected) / expected
        }
        #expect(chiSquare < 44.81)
    }

    @Test func boundedIntegersHaveNoModuloBias() {
        // For n = 3·2⁶², `next() % n` would put half the mass below 2⁶² instead of a third: the bias
        // rejection removes is largest here. count ~ Binomial(N, 1/3); 5 sd bound, false-failure < 1e-6.
        var generator = Xoshiro256StarStar(seed: 12)
        let bound: UInt64 = 3 << 62
        let trials = 100_000
        var below = 0
        for _ in 0..<trials where generator.next(below: bound) < 1 << 62 { below += 1 }
        let p = 1.0 / 3
        let tolerance = 5 * (p * (1 - p) / Double(trials)).squareRoot()
        #expect(abs(Double(below) / Double(trials) - p) <= tolerance)
    }

    @Test func closedRangesIncludeBothEndsAndCoverTheFullRange() {
        var generator = Xoshiro256StarStar(seed: 13)
        var seen = Set<Int64>()
        for _ in 0..<1000 { seen.insert(generator.next(in: -2...2)) }
        #expect(seen == [-2, -1, 0, 1, 2])
        for _ in 0..<1000 { _ = generator.next(in: Int64.min...Int64.max) }
        #expect(generator.next(in: 5...5) == 5)
    }
}
