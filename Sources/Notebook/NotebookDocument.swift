/// A notebook: Markdown prose with executable cells (`NotebookCell`) and their stored outputs
/// (`StoredOutput`), read line by line and written back unchanged where nothing changed:
/// `NotebookDocument.parse(text).text == text` for every text the parser accepts.
///
/// Reading rules (Notebooks/README.md, "Format"): a fence is a line starting with three or more
/// backticks or tildes, closed by a line of the same character at least as long and nothing else;
/// nothing inside any fence is a cell or a marker. A fence whose info string's first word is
/// `guidance` or `experiment` is a cell. After a cell's closing fence, blank lines, then an optional
/// output between `<!-- output … -->` and `<!-- /output -->`. A marker anywhere else, an unclosed
/// fence or an unclosed output is an error naming its line.
public struct NotebookDocument: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        case prose([String])
        case cell(NotebookCell)
    }

    public var blocks: [Block]

    public init(blocks: [Block]) { self.blocks = blocks }

    /// The cells, in order.
    public var cells: [NotebookCell] {
        blocks.compactMap { if case let .cell(cell) = $0 { return cell } else { return nil } }
    }

    /// Replaces the output of the cell numbered `number`.
    public mutating func setOutput(_ output: StoredOutput, ofCell number: Int) {
        for i in blocks.indices {
            if case var .cell(cell) = blocks[i], cell.number == number {
                if cell.output == nil { cell.gap = [""] }
                cell.output = output
                blocks[i] = .cell(cell)
            }
        }
    }

    /// The notebook's text.
    public var text: String {
        blocks.flatMap { block -> [String] in
            switch block {
            case let .prose(lines): return lines
            case let .cell(cell): return cell.renderedLines
            }
        }.joined(separator: "\n")
    }

    /// The lines of a fence opening, `(fence, info)`, or nil.
    static func fenceOpening(_ line: Substring) -> (fence: String, info: String)? {
        guard let first = line.first, first == "`" || first == "~" else { return nil }
        let fence = line.prefix { $0 == first }
        guard fence.count >= 3 else { return nil }
        let info = line.dropFirst(fence.count)
        // A backtick fence's info string may not contain a backtick (CommonMark).
        if first == "`" && info.contains("`") { return nil }
        return (String(fence), String(info))
    }

    static func closes(_ line: Substring, fence: String) -> Bool {
        let trimmed = line.trimmingTrailingSpaces
        return trimmed.count >= fence.count && trimmed.allSatisfy { $0 == fence.first }
    }

    public static func parse(_ text: String) throws(NotebookError) -> NotebookDocument {
        // Split on the scalar "\n": a "\r" before it joins it into one Character ("\r\n"), which a
        // split on the Character "\n" would not cut (a fuzzer's find: writing outputs back then
        // merged lines). A line keeps its "\r", which the fence and marker checks trim.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { Substring(String(String.UnicodeScalarView($0))) }
        var blocks: [Block] = []
        var prose: [String] = []
        var i = 0, cellCount = 0
        func flushProse() {
            if !prose.isEmpty { blocks.append(.prose(prose)) }
            prose = []
        }
        while i < lines.count {
            let line = lines[i]
            if line.hasPrefix(StoredOutput.openingPrefix) || line.trimmingTrailingSpaces == StoredOutput.closing {
                throw NotebookError(line: i + 1, "an output marker that follows no cell (outputs go right after a guidance or experiment cell)")
            }
            guard let (fence, info) = fenceOpening(line) else {
                prose.append(String(line))
                i += 1
                continue
            }
            guard let close = lines[(i + 1)...].firstIndex(where: { closes($0, fence: fence) }) else {
                throw NotebookError(line: i + 1, "a fence (\(fence)) that is never closed")
            }
            let word = info.split(separator: " ").first.map(String.init) ?? ""
            guard let kind = NotebookCell.Kind(rawValue: word) else {
                prose += lines[i...close].map(String.init)
                i = close + 1
                continue
            }
            flushProse()
            cellCount += 1
            var cell = NotebookCell(
                kind: kind, fence: fence, info: info, body: lines[(i + 1)..<close].map(String.init), closingFence: String(lines[close]),
                line: i + 1, number: cellCount)
            i = close + 1
            var next = i
            while next < lines.count && lines[next].trimmingTrailingSpaces.isEmpty { next += 1 }
            if next < lines.count, let attributes = try StoredOutput.attributes(ofMarker: String(lines[next].trimmingTrailingSpaces), line: next + 1) {
                guard let end = lines[(next + 1)...].firstIndex(where: { $0.trimmingTrailingSpaces == StoredOutput.closing }) else {
                    throw NotebookError(line: next + 1, "an output that is never closed by `\(StoredOutput.closing)`")
                }
                if let inner = lines[(next + 1)..<end].firstIndex(where: { $0.hasPrefix(StoredOutput.openingPrefix) }) {
                    throw NotebookError(line: inner + 1, "an output marker inside the output that starts on line \(next + 1)")
                }
                cell.gap = lines[i..<next].map(String.init)
                cell.output = StoredOutput(attributes: attributes, lines: lines[(next + 1)..<end].map(String.init), line: next + 1,
                                           opening: String(lines[next]), closing: String(lines[end]))
                i = end + 1
            }
            blocks.append(.cell(cell))
        }
        flushProse()
        return NotebookDocument(blocks: blocks)
    }
}

extension Substring {
    var trimmingTrailingSpaces: Substring {
        var s = self
        while let last = s.last, last == " " || last == "\t" || last == "\r" { s = s.dropLast() }
        return s
    }
}
