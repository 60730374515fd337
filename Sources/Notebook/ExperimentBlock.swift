import Foundation

/// The body of an `experiment` cell: one `key: value` per line, `#` starting a comment line,
/// blank lines ignored; keys unique. `kind` names the experiment (`ExperimentKind`), the other
/// keys are its settings. Values are read on demand, each read naming the key and the allowed
/// range when the value does not fit, and `finish()` rejects keys the experiment never read.
///
/// ```experiment
/// kind: flow-law
/// spec: specs/gaussian-pm1.json
/// w: 0, 1, 4, 16
/// ```
public struct ExperimentBlock: Sendable {
    struct Entry: Sendable {
        var value: String
        var line: Int
    }

    private var entries: [String: Entry] = [:]
    private var order: [String] = []
    private var read: Set<String> = []
    /// The cell's opening-fence line; entry `k` of the body is on line `firstLine + k`.
    public let cellLine: Int

    /// Parses the cell's body (`cellLine` is its opening fence's line).
    public init(body: [String], cellLine: Int) throws(NotebookError) {
        self.cellLine = cellLine
        for (k, raw) in body.enumerated() {
            let line = cellLine + 1 + k
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.isEmpty || text.hasPrefix("#") { continue }
            guard let colon = text.firstIndex(of: ":") else {
                throw NotebookError(line: line, "`\(text)` — allowed: `key: value`")
            }
            let key = text[..<colon].trimmingCharacters(in: .whitespaces)
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
                throw NotebookError(line: line, "key `\(key)` — allowed: letters, digits and -")
            }
            guard entries[key] == nil else {
                throw NotebookError(line: line, "key `\(key)` given twice (first on line \(entries[key]!.line))")
            }
            entries[key] = Entry(value: value, line: line)
            order.append(key)
        }
    }

    /// The line of `key`, or the cell's line when it is absent.
    public func line(of key: String) -> Int { entries[key]?.line ?? cellLine }

    /// The raw text of `key`, or nil when absent.
    public mutating func text(_ key: String) -> String? {
        read.insert(key)
        return entries[key]?.value
    }

    /// The text of a required key.
    public mutating func required(_ key: String, allowed: String) throws(NotebookError) -> String {
        guard let value = text(key), !value.isEmpty else {
            throw NotebookError.setting(key, "(missing)", allowed: allowed, line: cellLine)
        }
        return value
    }

    /// A finite number in `range`, or `fallback` when absent.
    public mutating func number(_ key: String, default fallback: Double, in range: ClosedRange<Double>) throws(NotebookError) -> Double {
        guard let value = text(key) else { return fallback }
        return try Self.number(value, key: key, in: range, line: line(of: key))
    }

    /// An integer in `range`, or `fallback` when absent.
    public mutating func integer(_ key: String, default fallback: Int, in range: ClosedRange<Int>) throws(NotebookError) -> Int {
        guard let value = text(key) else { return fallback }
        guard let n = Int(value), range.contains(n) else {
            throw NotebookError.setting(key, value, allowed: "an integer in [\(range.lowerBound), \(range.upperBound)]", line: line(of: key))
        }
        return n
    }

    /// A comma-separated list of finite numbers in `range` (at least one), or `fallback` when absent.
    public mutating func numbers(_ key: String, default fallback: [Double]? = nil, in range: ClosedRange<Double>) throws(NotebookError) -> [Double] {
        guard let value = text(key) else {
            guard let fallback else {
                throw NotebookError.setting(key, "(missing)", allowed: "numbers in \(Self.describe(range)), comma-separated", line: cellLine)
            }
            return fallback
        }
        var out: [Double] = []
        for part in value.split(separator: ",", omittingEmptySubsequences: false) {
            out.append(try Self.number(part.trimmingCharacters(in: .whitespaces), key: key, in: range, line: line(of: key)))
        }
        return out
    }

    /// One of `choices`, or `fallback` when absent.
    public mutating func choice(_ key: String, default fallback: String, from choices: [String]) throws(NotebookError) -> String {
        guard let value = text(key) else { return fallback }
        guard choices.contains(value) else {
            throw NotebookError.setting(key, value, allowed: "one of " + choices.joined(separator: ", "), line: line(of: key))
        }
        return value
    }

    /// Fails on the first key (in the block's order) that nothing read: a misspelt setting must
    /// not be silently ignored.
    public func finish(allowed: [String]) throws(NotebookError) {
        for key in order where !read.contains(key) {
            throw NotebookError.setting(key, entries[key]!.value, allowed: "no such key here; the keys are " + allowed.joined(separator: ", "),
                                        line: entries[key]!.line)
        }
    }

    static func number(_ text: String, key: String, in range: ClosedRange<Double>, line: Int) throws(NotebookError) -> Double {
        guard let x = Double(text), x.isFinite, range.contains(x) else {
            throw NotebookError.setting(key, text.isEmpty ? "(empty)" : text, allowed: "a number in \(describe(range))", line: line)
        }
        return x
    }

    static func describe(_ range: ClosedRange<Double>) -> String {
        "[\(NumberText.short(range.lowerBound)), \(NumberText.short(range.upperBound))]"
    }
}
