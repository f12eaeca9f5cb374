import AgentSimRandom
import AgentSimSpec

/// A placement in flight (a peer negotiation, an auction): it names the job it belongs to, so a
/// record whose job ended before the placement did can be reclaimed.
protocol PlacementRecord {
    /// The job slot.
    var job: JobID { get }
    /// The job's arrival number: tells a job apart from a later one in the same slot.
    var serial: UInt64 { get }
}

/// The placements a decentralised pattern has in flight, by slot.
///
/// The slot travels in the tags of the pattern's messages, timers and calls (see
/// ``Placements/tag(_:slot:)``), so a reply finds its record without a dictionary. A record is
/// freed when its placement ends; one whose job ended first (a failure elsewhere in the job drops
/// the replies the pattern was waiting for) is reclaimed when the table would otherwise grow, so
/// memory stays within max(64, 2 × the placements really in flight) records.
struct PlacementTable<Record: PlacementRecord> {
    private var records: [Record] = []
    private var live: [Bool] = []
    private var free: [UInt32] = []
    /// The size at which the next insert without a free slot scans for stale records: twice the
    /// placements live after the last scan, at least 64.
    private var scanAt = 64

    /// Stores `record` and returns its slot.
    /// - Complexity: amortised O(1): a scan of S records that leaves L live comes at least
    ///   max(S − L, L) inserts after the previous one (S − L freed slots to fill, or growth to 2L).
    mutating func insert(_ record: Record, _ ctx: inout CoordinationContext) -> UInt32 {
        if free.isEmpty && records.count >= scanAt {
            reclaimStale(&ctx)
            scanAt = max(64, 2 * liveCount)
        }
        if let slot = free.popLast() {
            records[Int(slot)] = record
            live[Int(slot)] = true
            return slot
        }
        precondition(records.count < Placements.maximumSlots, "more than 2^29 placements in flight")
        records.append(record)
        live.append(true)
        return UInt32(records.count - 1)
    }

    /// Ends the placement in `slot`.
    mutating func remove(_ slot: UInt32) {
        precondition(live[Int(slot)], "placement \(slot) removed twice")
        live[Int(slot)] = false
        free.append(slot)
    }

    /// The record in `slot`.
    subscript(slot: UInt32) -> Record {
        get { records[Int(slot)] }
        _modify { yield &records[Int(slot)] }
    }

    /// Placements in flight (stale ones included until reclaimed).
    var liveCount: Int { records.count - free.count }

    /// Records allocated, live or free: the table's memory.
    var slotCount: Int { records.count }

    /// Frees every record whose job has ended: no reply can reach it any more, because the engine
    /// drops callbacks of ended jobs and a job's slot is not reused while messages, timers or calls
    /// about it are pending.
    private mutating func reclaimStale(_ ctx: inout CoordinationContext) {
        for i in records.indices where live[i] {
            let job = records[i].job
            if !ctx.isActive(job) || ctx.serialNumber(of: job) != records[i].serial {
                live[i] = false
                free.append(UInt32(i))
            }
        }
    }
}

/// Helpers shared by the decentralised placement patterns (peer-to-peer, market).
enum Placements {
    /// A tag's kind, in its low 3 bits...
    static let kindField = BitField<UInt32>(offset: 0, width: 3)
    /// ... and the placement's slot above them.
    static let slotField = BitField<UInt32>(after: kindField, width: 29)

    /// Tags hold the slot above 3 bits of kind: at most 2²⁹ placements in flight.
    static var maximumSlots: Int { 1 << slotField.width }

    /// The tag of a message, timer or call of `kind` (0...7) about the placement in `slot`.
    static func tag(_ kind: UInt32, slot: UInt32) -> UInt32 {
        slotField.packing(slot) | kindField.packing(kind)
    }

    /// The kind a tag carries.
    static func kind(_ tag: UInt32) -> UInt32 { kindField.value(in: tag) }

    /// The slot a tag carries.
    static func slot(_ tag: UInt32) -> UInt32 { slotField.value(in: tag) }

    /// Draws the sizes of one coordination call from `rng`: input tokens first, then output tokens.
    static func sizes(_ call: CallSpec, _ rng: inout Xoshiro256StarStar) -> (tokensIn: Int, tokensOut: Int) {
        let tokensIn = Int(InputLimits.tokens(call.tokensIn.sampleNonNegative(&rng)))
        let tokensOut = Int(InputLimits.tokens(call.tokensOut.sampleNonNegative(&rng)))
        return (tokensIn, tokensOut)
    }
}
