import ClaimKit
import Foundation
import Notebook

/// Runs experiment cells against the committed `Notebooks/` folder (its specs), at the ci profile.
enum ExperimentTestSupport {
    static let notebooks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Notebooks")
    static let context = CellContext(directory: notebooks, profile: .ci)

    /// The cell whose body is `lines`, its opening fence on line 10 (so body line k is line 11 + k).
    static func run(_ lines: [String]) throws -> CellResult {
        try ExperimentKinds.run(lines, cellLine: 10, context: context)
    }

    /// The table rows of an output (lines starting with `| ` after the header and separator).
    static func rows(_ result: CellResult) -> [[String]] {
        result.lines.filter { $0.hasPrefix("| ") }.dropFirst().map {
            $0.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast().map { $0.trimmingCharacters(in: .whitespaces) }
        }
    }

    /// Whether running `lines` fails with a setting error on `key` at `line` whose text contains `fragment`.
    static func fails(_ lines: [String], key: String, line: Int, _ fragment: String) -> Bool {
        do {
            _ = try run(lines)
            return false
        } catch let error as NotebookError {
            return error.line == line && error.message.hasPrefix("\(key): ") && error.message.contains(fragment)
        } catch {
            return false
        }
    }
}
