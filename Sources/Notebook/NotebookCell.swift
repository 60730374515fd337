/// A fenced block the tool executes: its info string's first word says what it holds.
///
/// - `guidance`: one `guidance` command line per line (`guidance flow --spec specs/… --w 4`),
///   run in-process; the output is the command's JSON.
/// - `experiment`: a declarative experiment in `key: value` lines (`ExperimentBlock`); the output
///   is a table, numbers and figure links.
///
/// Every other fenced block (```json, ```sh, …) is prose.
public struct NotebookCell: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case guidance, experiment
    }

    public var kind: Kind
    /// The opening fence's characters (three or more backticks or tildes).
    public var fence: String
    /// The opening fence's info string (`experiment`, or `guidance` and any words after it).
    public var info: String
    /// The lines between the fences.
    public var body: [String]
    /// The closing fence line as written (it may be longer than the opening one, or carry spaces).
    public var closingFence: String
    /// The line of the opening fence (1-based).
    public var line: Int
    /// The cell's number in its notebook (1-based, in order).
    public var number: Int
    /// The blank lines between the closing fence and the stored output.
    public var gap: [String]
    public var output: StoredOutput?

    public init(kind: Kind, fence: String, info: String, body: [String], closingFence: String? = nil, line: Int, number: Int, gap: [String] = [""],
                output: StoredOutput? = nil) {
        self.kind = kind
        self.fence = fence
        self.info = info
        self.body = body
        self.closingFence = closingFence ?? fence
        self.line = line
        self.number = number
        self.gap = gap
        self.output = output
    }

    /// The lines of the cell as stored: fences, body, then the gap and output when there is one.
    public var renderedLines: [String] {
        let fenced = [fence + info] + body + [closingFence]
        guard let output else { return fenced }
        return fenced + gap + output.renderedLines
    }

    /// "cell 3 (line 41, experiment)".
    public var name: String { "cell \(number) (line \(line), \(kind.rawValue))" }
}
