import Foundation

/// One key number of a verdict: what a reader needs to judge it, such as a worst error, the bound
/// it is held to, or a count. A verdict carries its numerical error as figures.
public struct Figure: Codable, Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: Double
    /// What the number means or is compared with, e.g. "tolerance 1e-15".
    public var note: String?
    /// True for a figure that states what the check can detect rather than what it found: the
    /// smallest discrepancy, in the check's units, that it rejects with probability at least
    /// `1 - β` (`DetectableDiscrepancy`). The verdict table's `detects` column shows the weakest
    /// (largest) of them over a claim's cases. Absent (nil) for every other figure.
    public var detectable: Bool?

    public init(_ name: String, _ value: Double, note: String? = nil) {
        self.name = name
        self.value = value
        self.note = note
    }

    /// What a statistical check detects: `detects <quantity>` (e.g. `KS`, `share`, `mean`) of
    /// `size`, at power `1 - beta`.
    public static func detects(_ quantity: String, _ size: Double, beta: Double = Profile.beta) -> Figure {
        var figure = Figure("detects \(quantity)", size, note: "smallest \(quantity) rejected with probability ≥ 1 - β, β = \(String(format: "%.2g", beta))")
        figure.detectable = true
        return figure
    }

    /// `KS 0.083`: the quantity and the size in at most 10 characters, for the verdict table.
    public var detectableText: String {
        let quantity = name.hasPrefix("detects ") ? String(name.dropFirst("detects ".count)) : name
        return "\(quantity) \(String(format: "%.2g", value))"
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
