import Foundation
import Testing

@testable import AgentSim
@testable import AgentSimCompression
@testable import AgentSimRandom

@Suite struct GzipTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](
            try #require(FileManager.default.contents(atPath: fixtures.appendingPathComponent(name).path)))
    }

    /// Files made by the system gzip (Fixtures/README.md): dynamic blocks at levels 1 and 9, a stored
    /// block (random data), a fixed-Huffman block (a short line). The oracle is the original file.
    @Test(arguments: [
        ("sample.level1.gz", "sample.txt"), ("sample.level9.gz", "sample.txt"),
        ("random.level9.gz", "random.bin"),
        ("small.level9.gz", "small.txt"),
    ])
    func decompressesWhatGzipWrote(_ compressed: String, _ original: String) throws {
        let input = try Self.bytes(compressed)
        #expect(Gzip.isGzip(input))
        #expect(try Gzip.decompress(input) == (try Self.bytes(original)))
    }

    @Test func blockTypesAreTheOnesClaimed() throws {
        // BTYPE sits in bits 1-2 of the first byte after the 10-byte header (no optional fields with -n).
        #expect((try Self.bytes("random.level9.gz"))[10] >> 1 & 3 == 0)
        #expect((try Self.bytes("small.level9.gz"))[10] >> 1 & 3 == 1)
        #expect((try Self.bytes("sample.level9.gz"))[10] >> 1 & 3 == 2)
    }

    @Test func concatenatedMembersDecompressToTheConcatenation() throws {
        let joined = try Self.bytes("small.level9.gz") + Self.bytes("sample.level1.gz")
        #expect(try Gzip.decompress(joined) == (try Self.bytes("small.txt")) + (try Self.bytes("sample.txt")))
    }

    @Test func crc32CheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    @Test func corruptedDataIsRefused() throws {
        let good = try Self.bytes("sample.level9.gz")
        var flipped = good
        flipped[good.count - 20] ^= 0x10  // inside the compressed data: a bad code or a CRC mismatch
        #expect(throws: InflateError.self) { try Gzip.decompress(flipped) }
        var badCRC = good
        badCRC[good.count - 8] ^= 1
        #expect(throws: InflateError(reason: "CRC-32 mismatch", offset: good.count - 8)) {
            try Gzip.decompress(badCRC)
        }
        var badSize = good
        badSize[good.count - 1] ^= 1
        #expect(throws: InflateError.self) { try Gzip.decompress(badSize) }
        #expect(throws: InflateError.self) { try Gzip.decompress(Array(good.prefix(good.count / 2))) }
        #expect(throws: InflateError.self) { try Gzip.decompress(Array(good.prefix(12))) }
        var method = good
        method[2] = 7
        #expect(throws: InflateError.self) { try Gzip.decompress(method) }
        #expect(throws: InflateError.self) { try Gzip.decompress(good + [0x41]) }
    }

    @Test func malformedDeflateStreamsAreRefused() {
        // BFINAL=1, BTYPE=3 (reserved).
        #expect(throws: InflateError(reason: "invalid block type 3", offset: 1)) {
            try Inflater.inflate([0x07])
        }
        // A stored block whose length and complement disagree.
        #expect(throws: InflateError.self) { try Inflater.inflate([0x01, 0x05, 0x00, 0x00, 0x00]) }
        // A fixed block with a distance before the start: BFINAL=1, BTYPE=1, then length 3 (symbol 257,
        // code 0000001) and distance code 0 at once, with nothing output yet.
        #expect(throws: InflateError.self) { try Inflater.inflate([0x03, 0x02, 0x00]) }
        #expect(throws: InflateError.self) { try Inflater.inflate([]) }
    }

    /// Random garbage never crashes the decoder: it throws or returns, within the input.
    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func randomInputNeverCrashes(_ seed: UInt64) {
        var rng = Xoshiro256StarStar(seed: seed)
        for _ in 0..<200 {
            let bytes = (0..<Int(rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? Inflater.inflate(bytes)
            _ = try? Gzip.decompress([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3] + bytes)
        }
    }
}
