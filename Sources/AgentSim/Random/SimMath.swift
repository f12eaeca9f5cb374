/// The package's own elementary functions, built from IEEE-exact operations only (+ − × ÷ sqrt).
///
/// libm differs between platforms in the last bit; sampling through it would make a seed's output
/// depend on the OS. These are used for every random draw.
public enum SimMath {
    /// The natural logarithm of `x`.
    public static func log(_ x: Double) -> Double { fatalError("TODO(helper-random)") }
    /// e raised to `x`.
    public static func exp(_ x: Double) -> Double { fatalError("TODO(helper-random)") }
}
