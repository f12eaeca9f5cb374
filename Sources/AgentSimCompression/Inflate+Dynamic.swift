/// A canonical Huffman code: how many codes of each length, and the symbols in code order.
struct HuffmanCode {
    /// DEFLATE's longest code.
    static let maxBits = 15
    /// `counts[n]`: the number of codes of length n (index 0 unused).
    var counts: [Int]
    /// The symbols, ordered by code length and then by symbol value.
    var symbols: [Int]

    /// Builds the code from each symbol's code length (0: the symbol is unused).
    ///
    /// - Returns: nil when the lengths over-subscribe the code space (no prefix code has them).
    ///   Incomplete codes are allowed, as RFC 1951 allows a single distance code.
    init?(lengths: [Int]) {
        counts = Array(repeating: 0, count: Self.maxBits + 1)
        for length in lengths { counts[length] += 1 }
        var left = 1
        for length in 1...Self.maxBits {
            left = (left << 1) - counts[length]
            if left < 0 { return nil }
        }
        var offsets = Array(repeating: 0, count: Self.maxBits + 2)
        for length in 1...Self.maxBits { offsets[length + 1] = offsets[length] + counts[length] }
        symbols = Array(repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[length]] = symbol
            offsets[length] += 1
        }
        counts[0] = 0
    }

    /// The fixed literal/length code of RFC 1951 §3.2.6.
    static let fixedLiterals = HuffmanCode(
        lengths: Array(repeating: 8, count: 144) + Array(repeating: 9, count: 112)
            + Array(repeating: 7, count: 24)
            + Array(repeating: 8, count: 8))!
    /// The fixed distance code: 30 five-bit codes (RFC 1951 §3.2.6).
    static let fixedDistances = HuffmanCode(lengths: Array(repeating: 5, count: 30))!
}

extension Inflater {
    /// The order in which code-length code lengths are stored (RFC 1951 §3.2.7).
    private static let codeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

    /// A block with its own codes: read them, then decode its data.
    mutating func dynamicBlock() throws(InflateError) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeLengthCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else {
            throw error("too many length or distance codes")
        }
        var codeLengthLengths = Array(repeating: 0, count: 19)
        for i in 0..<codeLengthCount { codeLengthLengths[Self.codeLengthOrder[i]] = try bits(3) }
        guard let codeLengthCode = HuffmanCode(lengths: codeLengthLengths) else {
            throw error("invalid code-length code")
        }
        var lengths: [Int] = []
        let total = literalCount + distanceCount
        while lengths.count < total {
            let symbol = try decode(codeLengthCode)
            var repeated = 0
            var count = 0
            switch symbol {
            case 0...15:
                lengths.append(symbol)
                continue
            case 16:
                guard let previous = lengths.last else { throw error("a repeat with no previous length") }
                repeated = previous
                count = 3 + (try bits(2))
            case 17: count = 3 + (try bits(3))
            default: count = 11 + (try bits(7))
            }
            guard lengths.count + count <= total else { throw error("code lengths overflow the table") }
            lengths += Array(repeating: repeated, count: count)
        }
        guard lengths[256] != 0 else { throw error("the block has no end-of-block code") }
        guard let literals = HuffmanCode(lengths: Array(lengths[0..<literalCount])),
            let distances = HuffmanCode(lengths: Array(lengths[literalCount...]))
        else { throw error("invalid literal or distance code lengths") }
        try codes(literals, distances)
    }
}
