/// A Markdown (GFM) table: a header row, the separator, one line per row; `|` in a cell escaped.
public enum MarkdownTable {
    public static func lines(header: [String], rows: [[String]]) -> [String] {
        func line(_ cells: [String]) -> String { "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |" }
        return [line(header), "|" + header.map { _ in "---|" }.joined()] + rows.map(line)
    }
}
