/// Why compressed input could not be decoded.
public struct InflateError: Error, Equatable, CustomStringConvertible {
    /// What is wrong, in one phrase ("invalid block type 3", "CRC-32 mismatch").
    public var reason: String
    /// The byte offset in the input where decoding stopped.
    public var offset: Int

    /// The reason and the offset.
    public var description: String { "\(reason) (at byte \(offset))" }
}

/// A DEFLATE (RFC 1951) decoder: stored, fixed-Huffman and dynamic-Huffman blocks.
///
/// Foundation on Linux offers no zlib API and the package takes no dependencies, so trace exports
/// that arrive gzipped are decoded here. Huffman codes are decoded canonically, one bit at a time, as
/// in Mark Adler's reference decoder `puff.c`: slower than table lookup but short and easy to check,
/// and trace files are read once. Every malformed input throws; nothing reads past the input.
public struct Inflater {
    /// Put a limit on everything: output beyond this many bytes is refused (a "zip bomb" guard).
    public static let maxOutputBytes = 1 << 31

    private let input: [UInt8]
    /// The next byte of `input` to load into the bit buffer.
    private(set) var position: Int
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var output: [UInt8] = []

    /// Decodes the raw DEFLATE stream starting at `start`.
    ///
    /// - Parameters:
    ///   - input: The bytes holding the stream.
    ///   - start: Where the stream begins.
    /// - Returns: The decoded bytes and the offset of the first byte after the stream.
    /// - Throws: ``InflateError`` for a malformed or truncated stream.
    public static func inflate(_ input: [UInt8], from start: Int = 0) throws(InflateError) -> (
        bytes: [UInt8], end: Int
    ) {
        var inflater = Inflater(input: input, position: start)
        var last = false
        while !last {
            last = try inflater.bits(1) == 1
            switch try inflater.bits(2) {
            case 0: try inflater.storedBlock()
            case 1: try inflater.codes(HuffmanCode.fixedLiterals, HuffmanCode.fixedDistances)
            case 2: try inflater.dynamicBlock()
            default: throw inflater.error("invalid block type 3")
            }
        }
        return (inflater.output, inflater.position)
    }

    func error(_ reason: String) -> InflateError { InflateError(reason: reason, offset: position) }

    /// The next `count` bits (count ≤ 24), least significant first, as DEFLATE packs them.
    mutating func bits(_ count: Int) throws(InflateError) -> Int {
        while bitCount < count {
            guard position < input.count else { throw error("the compressed data ends early") }
            bitBuffer |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        let value = Int(bitBuffer & ((1 << UInt32(count)) - 1))
        bitBuffer = count == 32 ? 0 : bitBuffer >> UInt32(count)
        bitCount -= count
        return value
    }

    private mutating func storedBlock() throws(InflateError) {
        bitBuffer = 0  // a stored block starts at a byte boundary
        bitCount = 0
        guard position + 4 <= input.count else { throw error("the compressed data ends early") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let complement = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~complement & 0xFFFF else { throw error("stored block length check failed") }
        position += 4
        guard position + length <= input.count else { throw error("the compressed data ends early") }
        try reserve(length)
        output.append(contentsOf: input[position..<position + length])
        position += length
    }

    private mutating func reserve(_ count: Int) throws(InflateError) {
        if output.count + count > Self.maxOutputBytes {
            throw error("the output would exceed \(Self.maxOutputBytes) bytes")
        }
    }

    /// Decodes one symbol of `code`, bit by bit (canonical codes: each length's codes are consecutive).
    mutating func decode(_ code: HuffmanCode) throws(InflateError) -> Int {
        var value = 0  // the bits read so far
        var first = 0  // the first code of the current length
        var index = 0  // the index of that code's symbol
        for length in 1...HuffmanCode.maxBits {
            value |= try bits(1)
            let count = code.counts[length]
            if value - first < count { return code.symbols[index + value - first] }
            index += count
            first = (first + count) << 1
            value <<= 1
        }
        throw error("invalid Huffman code")
    }

    private static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163,
        195,
        227, 258,
    ]
    private static let lengthExtra = [
        0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
    ]
    private static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
        4097, 6145, 8193, 12289, 16385, 24577,
    ]
    private static let distanceExtra = [
        0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
    ]

    /// Literals, lengths and distances until the end-of-block symbol.
    mutating func codes(_ literals: HuffmanCode, _ distances: HuffmanCode) throws(InflateError) {
        while true {
            let symbol = try decode(literals)
            if symbol < 256 {
                try reserve(1)
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < Self.lengthBase.count else { throw error("invalid length symbol \(symbol)") }
            let length = Self.lengthBase[lengthIndex] + (try bits(Self.lengthExtra[lengthIndex]))
            let distanceSymbol = try decode(distances)
            guard distanceSymbol < Self.distanceBase.count else {
                throw error("invalid distance symbol \(distanceSymbol)")
            }
            let distance = Self.distanceBase[distanceSymbol] + (try bits(Self.distanceExtra[distanceSymbol]))
            guard distance <= output.count else {
                throw error("a distance reaches before the start of the data")
            }
            try reserve(length)
            let from = output.count - distance
            for i in 0..<length { output.append(output[from + i]) }  // copies may overlap their output
        }
    }
}
