/// One line of a `guidance` cell: `guidance SUBCOMMAND OPTIONS…`, split at spaces (double quotes
/// group words), checked and made ready to run in-process. Only the commands whose output is a
/// deterministic function of their options may run in a notebook: `eval`, `flow` and `sample`
/// (seeded; its wall time is left out of a notebook's output). `--spec` paths are relative to the
/// notebook's folder; `--out` is refused (a cell's output is what it prints).
public struct GuidanceCommandLine: Sendable, Equatable {
    public static let commands = ["eval", "flow", "sample"]

    /// The arguments after `guidance`, with `--spec`'s path resolved against the notebook's folder.
    public var arguments: [String]

    public init(_ text: String, line: Int, directory: String) throws(NotebookError) {
        let words = try Self.words(text, line: line)
        guard words.first == "guidance" else {
            throw NotebookError(line: line, "`\(text)` — allowed: a command line starting with `guidance`")
        }
        guard words.count >= 2, Self.commands.contains(words[1]) else {
            throw NotebookError.setting("command", words.count >= 2 ? words[1] : "(none)",
                                        allowed: "one of " + Self.commands.joined(separator: ", ") + " (deterministic output)", line: line)
        }
        var out: [String] = []
        var i = 1
        while i < words.count {
            let word = words[i]
            if word == "--out" || word.hasPrefix("--out=") {
                throw NotebookError.setting("out", word, allowed: "no --out in a notebook cell (the cell's output is what it prints)", line: line)
            }
            if word == "--spec", i + 1 < words.count {
                out += [word, Self.resolve(words[i + 1], in: directory)]
                i += 2
                continue
            }
            if word.hasPrefix("--spec=") {
                out.append("--spec=" + Self.resolve(String(word.dropFirst(7)), in: directory))
            } else {
                out.append(word)
            }
            i += 1
        }
        arguments = out
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") ? path : (directory.hasSuffix("/") ? directory : directory + "/") + path
    }

    /// Words split at spaces and tabs; `"…"` groups (no escapes); an unclosed quote is an error.
    static func words(_ text: String, line: Int) throws(NotebookError) -> [String] {
        var words: [String] = [], current = "", quoted = false, started = false
        for ch in text {
            if ch == "\"" {
                quoted.toggle()
                started = true
            } else if !quoted && (ch == " " || ch == "\t") {
                if started { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(ch)
                started = true
            }
        }
        if quoted { throw NotebookError(line: line, "an unclosed \" in `\(text)`") }
        if started { words.append(current) }
        return words
    }
}
