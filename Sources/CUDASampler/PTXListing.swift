import Foundation

/// A PTX entry's body as lines, with its labels, instructions and loops (backward branches).
struct PTXListing {
    struct Line {
        /// The label the line defines (`$L__BB0_3:`), if any.
        var label: Substring?
        /// The opcode with modifiers (`fma.rn.f32`) of an instruction line, if any.
        var instruction: Substring?
        /// The label a branch jumps to, if the line is a branch.
        var target: Substring?
    }

    /// A loop: the lines from its label to the backward branch, both included.
    struct Loop: Equatable {
        var range: ClosedRange<Int>
    }

    let lines: [Line]
    let loops: [Loop]

    init(lines text: [Substring]) {
        lines = text.map(Self.parse)
        var labels: [Substring: Int] = [:]
        for (index, line) in lines.enumerated() { if let label = line.label { labels[label] = index } }
        loops = lines.enumerated().compactMap { index, line in
            guard let target = line.target, let start = labels[target], start < index else { return nil }
            return Loop(range: start...index)
        }
    }

    /// The outermost loop (inside no other) with the most instruction lines.
    func stepLoop() -> Loop? {
        let outer = loops.filter { loop in !loops.contains { $0 != loop && $0.range.contains(loop.range.lowerBound) && $0.range.contains(loop.range.upperBound) } }
        return outer.max { instructions(in: $0) < instructions(in: $1) }
    }

    func instructions(in loop: Loop) -> Int { loop.range.filter { lines[$0].instruction != nil }.count }

    /// The lines between `.entry <name>(`'s opening brace and its matching closing brace.
    static func entryBody(_ name: String, in ptx: String) -> [Substring]? {
        let all = ptx.split(separator: "\n", omittingEmptySubsequences: false)
        guard let header = all.firstIndex(where: { $0.contains(".entry \(name)(") || $0.hasSuffix(".entry \(name)") }) else { return nil }
        var depth = 0, body: [Substring] = [], started = false
        for line in all[header...] {
            let code = line.split(separator: "//", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            for character in code {
                if character == "{" { depth += 1; started = true }
                if character == "}" { depth -= 1 }
            }
            if started { body.append(code) }
            if started && depth == 0 { return body }
        }
        return nil
    }

    /// One line: `label:`, or `[@pred] opcode operands;`, or a directive/brace (neither).
    static func parse(_ raw: Substring) -> Line {
        let text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasSuffix(":"), !text.contains(" ") { return Line(label: Substring(text.dropLast())) }
        guard !text.isEmpty, !text.hasPrefix("."), !text.hasPrefix("{"), !text.hasPrefix("}"), text.hasSuffix(";") else { return Line() }
        var words = text.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.first?.hasPrefix("@") == true { words.removeFirst() }
        guard let opcode = words.first else { return Line() }
        var line = Line(instruction: opcode)
        if opcode.hasPrefix("bra"), let target = words.dropFirst().first { line.target = Substring(target.trimmingCharacters(in: CharacterSet(charactersIn: ";"))) }
        return line
    }
}
