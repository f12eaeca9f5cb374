import Testing

@testable import AgentSim

@Suite struct SplitMix64Tests {
    // Expected values printed by the authors' reference C code (Vigna's splitmix64.c, its next()
    // verbatim with the state set to the seed), compiled with gcc — not by this package.
    static let reference: [(seed: UInt64, first: [UInt64])] = [
        (0, [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F]),
        (1_234_567, [0x599E_D017_FB08_FC85, 0x2C73_F084_5854_0FA5, 0x883E_BCE5_A3F2_7C77]),
        (.max, [0xE4D9_7177_1B65_2C20, 0xE99F_F867_DBF6_82C9, 0x382F_F84C_B272_81E9]),
    ]

    @Test(arguments: reference)
    func matchesTheReferenceImplementation(seed: UInt64, expected: [UInt64]) {
        var generator = SplitMix64(seed: seed)
        #expect((0..<3).map { _ in generator.next() } == expected)
    }
}
