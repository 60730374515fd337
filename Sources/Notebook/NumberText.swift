import Foundation

/// How notebook outputs print numbers: fixed significant digits with C's `%g`, so that an output
/// is the same text on every run of the same code (no locale, no shortest-round-trip digits that
/// a last-bit difference would change).
public enum NumberText {
    /// Four significant digits (`%.4g`): table cells.
    public static func short(_ x: Double) -> String {
        x.isFinite ? String(format: "%.4g", x) : (x.isNaN ? "nan" : (x > 0 ? "inf" : "-inf"))
    }

    /// `%.3e` style for probabilities that span many decades (tails).
    public static func scientific(_ x: Double) -> String {
        x.isFinite ? String(format: "%.3e", x) : short(x)
    }
}
