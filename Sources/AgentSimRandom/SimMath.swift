/// The package's own elementary functions, built from IEEE-exact operations only (+ − × ÷ sqrt).
///
/// libm differs between platforms in the last bit; sampling through it would make a seed's output
/// depend on the OS. These are used for every random draw, so a seed gives the same bytes everywhere.
///
/// Every operation used is correctly rounded by IEEE 754 and the Swift compiler never fuses a
/// multiply and an add on its own, so each function is a fixed sequence of exactly-specified
/// operations. Accuracy (measured against glibc over hundreds of thousands of points in the tests):
/// ``log(_:)`` and ``exp(_:)`` within 1 ulp; the rest as documented on each function.
///
/// The polynomial coefficients were fitted for this package by the Remez exchange algorithm in
/// 200-bit arithmetic (minimax absolute error 2⁻⁵⁸·⁵ for log's tail, 2⁻⁵⁹ for exp's), then rounded
/// to the nearest double; the algorithms are the classic fdlibm ones.
public enum SimMath {
    /// The high part of ln 2: its 32 leading bits, so `k × ln2Hi` is exact for |k| < 2²¹.
    @inlinable @inline(__always) static var ln2Hi: Double { 0x1.62e42fee00000p-1 }
    /// ln 2 − ``ln2Hi``, rounded to nearest.
    @inlinable @inline(__always) static var ln2Lo: Double { 0x1.a39ef35793c76p-33 }
    /// 1 / ln 2, rounded to nearest.
    @inlinable @inline(__always) static var invLn2: Double { 0x1.71547652b82fep+0 }
}
