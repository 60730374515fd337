import Diffusion
import Foundation

/// Prints one JSON object on stdout: sorted keys, indented, non-finite numbers as the strings
/// `"inf"`, `"-inf"` and `"nan"` (a diverged sampler must still produce its report). Inside
/// `captured(_:)` (a notebook's `guidance` cell, run in-process) it appends to a buffer instead.
enum JSONOutput {
    /// The buffer of the notebook cell being run, or nil for stdout.
    @TaskLocal static var capture: Locked<String>?

    /// Whether output goes to a notebook cell, whose output must not depend on the machine
    /// (`sample` then leaves out its wall time).
    static var capturing: Bool { capture != nil }

    /// Runs `body` with `print` appending to a buffer, and returns what it printed.
    static func captured(_ body: () throws -> Void) rethrows -> String {
        let buffer = Locked("")
        try $capture.withValue(buffer) { try body() }
        return buffer.withLock { $0 }
    }

    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        if let capture {
            capture.withLock { $0 += text + "\n" }
        } else {
            Swift.print(text)
        }
    }
}

/// One quantile in a report: the level q and the value x with `P(X ≤ x) = q`.
struct QuantileValue: Encodable {
    var level: Double
    var value: Double
}
