import Foundation

/// Why a notebook could not be read, or a cell could not run: where (the line of the notebook,
/// from 1) and what, in the same `field: value — allowed: range` shape as the library's
/// `ModelError` when a cell's setting is at fault.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The notebook's line the problem is on (1-based), or 0 when it has none.
    public var line: Int
    public var message: String

    public init(line: Int, _ message: String) {
        self.line = line
        self.message = message
    }

    /// A cell setting out of range: `key: value — allowed: allowed`.
    public static func setting(_ key: String, _ value: String, allowed: String, line: Int) -> NotebookError {
        NotebookError(line: line, "\(key): \(value) — allowed: \(allowed)")
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}
