/// A run of bits inside a tag or payload word. Coordinators use it to pack several small values
/// into the `UInt32` tags and `UInt64` payloads of their calls, messages and timers.
///
/// Declare each field once, next to what it holds, and combine packed fields with `|`:
///
/// ```swift
/// static let kind = BitField<UInt32>(offset: 0, width: 3)
/// static let slot = BitField<UInt32>(after: kind, width: 21)
/// let tag = kind.packing(2) | slot.packing(s)
/// let s = slot.value(in: tag)
/// ```
///
/// A tag a coordinator chooses must fit in ``CoordinatorTag/local``, the low 24 bits. The top 8 bits
/// are the tag space of a composite coordinator (``CoordinatorTag/space``).
public struct BitField<Word: FixedWidthInteger & UnsignedInteger>: Sendable, Hashable {
    /// The position of the field's lowest bit (0: the word's least significant bit).
    public let offset: Int
    /// How many bits the field holds.
    public let width: Int

    /// A field of `width` bits starting at bit `offset`. It must lie inside the word.
    public init(offset: Int, width: Int) {
        precondition(
            offset >= 0 && width > 0 && offset + width <= Word.bitWidth, "a bit field inside the word")
        self.offset = offset
        self.width = width
    }

    /// A field of `width` bits just above `previous`.
    public init(after previous: BitField<Word>, width: Int) {
        self.init(offset: previous.offset + previous.width, width: width)
    }

    /// The largest value the field holds: 2^width − 1.
    @inlinable public var maximum: Word { width == Word.bitWidth ? ~0 : (1 << Word(width)) &- 1 }

    /// `value` moved to the field's position. `value` must fit the field (at most ``maximum``);
    /// clamp it first where it may not.
    @inlinable public func packing(_ value: Word) -> Word {
        precondition(value <= maximum, "a value wider than its bit field")
        return value << Word(offset)
    }

    /// The field's value in `word`.
    @inlinable public func value(in word: Word) -> Word { (word >> Word(offset)) & maximum }
}

/// The layout of the tags of calls, messages and timers (ARCHITECTURE.md §2).
public enum CoordinatorTag {
    /// The 24 bits a coordinator chooses.
    public static let local = BitField<UInt32>(offset: 0, width: 24)
    /// The top 8 bits: while a part of a composite coordinator (``Hybrid``) acts, its index goes here
    /// (``CoordinationContext/tagSpace``), so results find their way back to that part.
    public static let space = BitField<UInt32>(after: local, width: 8)
}
