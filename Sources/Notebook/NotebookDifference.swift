/// A stored output that no longer matches its cell: the notebook, the cell (number and line) and
/// the first differing line.
public struct NotebookDifference: Sendable, Equatable, CustomStringConvertible {
    public var notebook: String
    public var cell: NotebookCell
    public var what: String

    public var description: String { "\(notebook): \(cell.name): \(what)" }

    /// The first line where `stored` and `now` differ: its line number (counting the first as
    /// `firstLine`) and both texts (`(end)` past the shorter); nil when they are equal.
    static func firstLine(_ stored: [String], _ now: [String], firstLine: Int) -> (line: Int, stored: String, now: String)? {
        for i in 0..<max(stored.count, now.count) {
            let a = i < stored.count ? stored[i] : "(end)", b = i < now.count ? now[i] : "(end)"
            if a != b || (i >= stored.count) != (i >= now.count) { return (firstLine + i, a, b) }
        }
        return nil
    }
}
