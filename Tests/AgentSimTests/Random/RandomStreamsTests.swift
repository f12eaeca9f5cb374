import Testing

@testable import AgentSim

@Suite struct RandomStreamsTests {
    static func firstDraws(_ generator: Xoshiro256StarStar, count: Int = 8) -> [UInt64] {
        var generator = generator
        return (0..<count).map { _ in generator.next() }
    }

    @Test func theSameNameGivesTheSameSequence() {
        let streams = RandomStreams(seed: 42)
        #expect(Self.firstDraws(streams.stream("workload")) == Self.firstDraws(streams.stream("workload")))
        #expect(
            Self.firstDraws(RandomStreams(seed: 42).stream("network"))
                == Self.firstDraws(streams.stream("network")))
    }

    @Test func differentNamesAndSeedsGiveDifferentSequences() {
        let names = ["workload", "network", "faults", "agent:worker", "agent:worker:0", "agent:worker:1", ""]
        var seen = Set<[UInt64]>()
        for seed: UInt64 in [0, 1, 2, 42, .max] {
            for name in names { seen.insert(Self.firstDraws(RandomStreams(seed: seed).stream(name))) }
        }
        #expect(seen.count == 5 * names.count)
    }

    @Test func indexedStreamsAreNamedStreams() {
        let streams = RandomStreams(seed: 9)
        #expect(
            Self.firstDraws(streams.stream("worker", index: 3)) == Self.firstDraws(streams.stream("worker:3"))
        )
        #expect(
            Self.firstDraws(streams.stream("worker", index: 3))
                != Self.firstDraws(streams.stream("worker", index: 4)))
    }

    @Test func fnv1aMatchesPublishedVectors() {
        // From the FNV authors' test suite (64-bit FNV-1a).
        #expect(RandomStreams.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(RandomStreams.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(RandomStreams.fnv1a64("foobar") == 0x8594_4171_F739_67E8)
    }

    // The derivation is part of the determinism contract. Expected values come from an independent
    // Python reimplementation of the documented steps (FNV-1a-64, SplitMix64, xoshiro256**), not from
    // this package: if this test fails, every seeded result of every scenario has changed.
    static let pinned: [(seed: UInt64, name: String, first: [UInt64])] = [
        (
            42, "workload",
            [0xF6DC_889C_E6EF_0D7B, 0x51A5_0A5C_836C_55E4, 0x47DD_6DBF_D788_EC61] as [UInt64]
        ),
        (42, "worker:3", [0x6E9D_099F_A107_6016, 0x8936_5B92_C918_5207, 0x745B_A0FA_7A20_0CEA]),
        (7, "network", [0x0532_FD52_7744_2BAE, 0x0367_C4C4_CF5D_C46B, 0xC44B_D4CF_027A_D857]),
        (0, "", [0x9D7E_73B4_8D3B_7936, 0x81C2_ADF3_1B4E_B398, 0xFD8E_8416_C681_7A4C]),
    ]

    @Test(arguments: pinned)
    func derivationIsPinned(seed: UInt64, name: String, first: [UInt64]) {
        #expect(Self.firstDraws(RandomStreams(seed: seed).stream(name), count: 3) == first)
    }
}
