/// The gzip file format (RFC 1952): a header, a DEFLATE stream, then CRC-32 and ISIZE.
public enum Gzip {
    /// Whether `bytes` start with the gzip magic number 1f 8b (how inputs are recognised: by content,
    /// never by file name).
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses a gzip file: every member, concatenated (as `gzip -d` does for `cat a.gz b.gz`).
    ///
    /// - Parameter bytes: The whole file.
    /// - Returns: The decompressed data.
    /// - Throws: ``InflateError`` for a bad header, a malformed stream, or a CRC-32 or ISIZE that does
    ///   not match the data.
    /// - Complexity: O(compressed + decompressed size).
    public static func decompress(_ bytes: [UInt8]) throws(InflateError) -> [UInt8] {
        var output: [UInt8] = []
        var start = 0
        repeat {
            let body = try headerEnd(bytes, from: start)
            let (data, end) = try Inflater.inflate(bytes, from: body)
            guard end + 8 <= bytes.count else {
                throw InflateError(reason: "the gzip trailer (CRC-32 and size) is missing", offset: end)
            }
            let crc = littleEndian(bytes, at: end)
            let size = littleEndian(bytes, at: end + 4)
            guard crc == CRC32.checksum(data) else {
                throw InflateError(reason: "CRC-32 mismatch", offset: end)
            }
            guard size == UInt32(truncatingIfNeeded: data.count) else {
                throw InflateError(
                    reason: "ISIZE mismatch: the data is not as long as the trailer says", offset: end + 4)
            }
            output += data
            start = end + 8
        } while start < bytes.count && isGzip(Array(bytes[start..<min(start + 2, bytes.count)]))
        guard start == bytes.count else {
            throw InflateError(reason: "unexpected bytes after the gzip data", offset: start)
        }
        return output
    }

    private static func littleEndian(_ b: [UInt8], at i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// The offset of the DEFLATE stream of the member starting at `start`, after the optional fields.
    private static func headerEnd(_ b: [UInt8], from start: Int) throws(InflateError) -> Int {
        func need(_ end: Int) throws(InflateError) {
            if end > b.count { throw InflateError(reason: "the gzip header ends early", offset: b.count) }
        }
        try need(start + 10)
        guard b[start] == 0x1F, b[start + 1] == 0x8B else {
            throw InflateError(reason: "not gzip data (no 1f 8b magic number)", offset: start)
        }
        guard b[start + 2] == 8 else {
            throw InflateError(
                reason: "unknown compression method \(b[start + 2]); gzip uses 8 (deflate)", offset: start + 2
            )
        }
        let flags = b[start + 3]
        guard flags & 0xE0 == 0 else {
            throw InflateError(reason: "reserved gzip flags are set", offset: start + 3)
        }
        var i = start + 10
        if flags & 0x04 != 0 {  // FEXTRA
            try need(i + 2)
            i += 2 + (Int(b[i]) | Int(b[i + 1]) << 8)
            try need(i)
        }
        for flag: UInt8 in [0x08, 0x10] where flags & flag != 0 {  // FNAME, FCOMMENT: zero-terminated
            while true {
                try need(i + 1)
                i += 1
                if b[i - 1] == 0 { break }
            }
        }
        if flags & 0x02 != 0 {  // FHCRC
            try need(i + 2)
            i += 2
        }
        return i
    }
}
