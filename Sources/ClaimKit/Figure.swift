import Foundation

/// One key number of a verdict: what a reader needs to judge it, such as a worst error, the bound
/// it is held to, or a count. A verdict carries its numerical error as figures.
public struct Figure: Codable, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: Double
    /// What the number means or is compared with, e.g. "tolerance 1e-15".
    public var note: String?

    public init(_ name: String, _ value: Double, note: String? = nil) {
        self.name = name
        self.value = value
        self.note = note
    }

    /// `name = value` with six significant digits, then the note in parentheses.
    public var description: String {
        let number = String(format: "%.6g", value)
        return note.map { "\(name) = \(number) (\($0))" } ?? "\(name) = \(number)"
    }
}

extension Array where Element == Figure {
    /// The figures joined by `"; "`, for one-line summaries.
    public var summary: String { map(\.description).joined(separator: "; ") }
}
