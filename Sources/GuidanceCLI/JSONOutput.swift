import Foundation

/// Prints one JSON object on stdout: sorted keys, indented, non-finite numbers as the strings
/// `"inf"`, `"-inf"` and `"nan"` (a diverged sampler must still produce its report).
enum JSONOutput {
    static func print(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// One quantile in a report: the level q and the value x with `P(X ≤ x) = q`.
struct QuantileValue: Encodable {
    var level: Double
    var value: Double
}
