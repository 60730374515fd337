import Foundation

/// Cases as compact JSON with sorted keys, for regression files, reports and messages.
/// Doubles are written in their shortest round-trip form, so decoding gives back the same bits;
/// non-finite doubles are written as the strings `"inf"`, `"-inf"` and `"nan"`.
enum CaseCoding {
    static func encode<Case: Encodable>(_ value: Case) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            return "\"unencodable case: \(error)\""
        }
    }

    static func decode<Case: Decodable>(_ type: Case.Type, from json: String) throws -> Case {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(type, from: Data(json.utf8))
    }
}
