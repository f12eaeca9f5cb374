import Testing

@testable import AgentSim

/// `BitField` and the tag layouts declared with it. The oracle is plain shift-and-mask arithmetic
/// written here, independently of the type: the layouts must pack exactly as the hand-written
/// shifts they replaced did, so no tag and no output moves.
@Suite struct BitFieldTests {
    @Test func maximumAndRoundTrip() {
        let low = BitField<UInt32>(offset: 0, width: 3)
        let mid = BitField<UInt32>(after: low, width: 21)
        let full = BitField<UInt64>(offset: 0, width: 64)
        #expect(low.maximum == 7)
        #expect(mid.offset == 3 && mid.maximum == (1 << 21) - 1)
        #expect(full.maximum == .max)
        #expect(full.value(in: full.packing(.max)) == .max)
        var rng = Xoshiro256StarStar(seed: 11)
        for _ in 0..<1_000 {
            let k = UInt32(truncatingIfNeeded: rng.next()) & 7
            let p = UInt32(truncatingIfNeeded: rng.next()) & 0x1F_FFFF
            let tag = low.packing(k) | mid.packing(p)
            #expect(tag == p << 3 | k)
            #expect(low.value(in: tag) == k && mid.value(in: tag) == p)
        }
    }

    /// Every tag layout stays inside the 24 bits a coordinator owns, and its fields do not overlap.
    @Test func layoutsFitACoordinatorsTag() {
        let layouts: [[BitField<UInt32>]] = [
            [Blackboard.writeBit, Blackboard.rightBit, Blackboard.writtenTokens],
            [EventBus.kindField, EventBus.flagsField, EventBus.extraField],
            [Hierarchical.callKind, Hierarchical.callPosition],
        ]
        for fields in layouts {
            var used: UInt32 = 0
            for f in fields {
                let bits = f.packing(f.maximum)
                #expect(used & bits == 0)
                used |= bits
            }
            #expect(used == CoordinatorTag.local.maximum)
        }
        #expect(
            CoordinatorTag.local.packing(CoordinatorTag.local.maximum) | CoordinatorTag.space.packing(255)
                == .max)
    }

    /// The layouts pack as the shifts they replaced: `slot << 3 | kind`, `round << 1 | right`,
    /// `sender | receiver << 32`, `flags | extra << 8`.
    @Test func layoutsMatchTheirShifts() {
        var rng = Xoshiro256StarStar(seed: 5)
        for _ in 0..<1_000 {
            let a = rng.next()
            let kind = UInt32(a & 7)
            let slot = UInt32(truncatingIfNeeded: a >> 3) & 0x1FFF_FFFF
            #expect(Placements.tag(kind, slot: slot) == slot << 3 | kind)
            #expect(Placements.kind(slot << 3 | kind) == kind && Placements.slot(slot << 3 | kind) == slot)
            let round = UInt64(UInt32(truncatingIfNeeded: a))
            let vote = Consensus.voteRound.packing(round) | Consensus.voteRight.packing(a >> 63)
            #expect(vote == round << 1 | a >> 63)
            let from = a & 0xFFFF_FFFF
            let to = a >> 32
            #expect(
                Consensus.replicaSender.packing(from) | Consensus.replicaReceiver.packing(to)
                    == from | to << 32)
            let flags = UInt32(a & 7)
            let extra = UInt32(truncatingIfNeeded: a >> 8)
            #expect(
                EventBus.payloadFlags.packing(UInt64(flags)) | EventBus.payloadExtra.packing(UInt64(extra))
                    == UInt64(flags) | UInt64(extra) << 8)
            let timer = EventBus.encode(.storm, flags: flags, extra: extra)
            #expect(timer == EventKind.storm.rawValue | flags << 3 | min(extra, (1 << 18) - 1) << 6)
            let decoded = EventBus.decode(timer)
            #expect(
                decoded.0 == .storm && decoded.flags == flags && decoded.extra == min(extra, (1 << 18) - 1))
        }
    }
}
