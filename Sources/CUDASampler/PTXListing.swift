import Foundation

/// A PTX entry's body as lines, with its labels, instructions and loops (backward branches).
struct PTXListing {
    struct Line {
        /// The label the line defines (`$L__BB0_3:`), if any.
        var label: Substring?
        /// The opcode with modifiers (`fma.rn.f32`) of an instruction line, if any.
        var instruction: Substring?
        /// The operands, without commas and the final `;` (`%f1`, `[%rd2+4]`, `2`).
        var operands: [Substring] = []
        /// The predicate guarding the instruction (`%p2` of `@%p2 bra`), if any.
        var predicate: Substring?

        /// The label a branch jumps to.
        var target: Substring? { instruction?.hasPrefix("bra") == true ? operands.first : nil }
    }

    /// A loop: the lines from its label to its last backward branch, both included; `depth` is
    /// the number of loops wholly around it (the compiler's loops nest, or, after its
    /// transformations, partly overlap; an overlap is not nesting).
    struct Loop: Equatable {
        var range: ClosedRange<Int>
        var depth: Int
    }

    let lines: [Line]
    let loops: [Loop]

    init(lines text: [Substring]) {
        let lines = text.map(Self.parse)
        var labels: [Substring: Int] = [:]
        for (index, line) in lines.enumerated() { if let label = line.label { labels[label] = index } }
        // A header with several back edges (a `continue` path) is one loop, to its last latch.
        var latest: [Int: Int] = [:]
        for (index, line) in lines.enumerated() {
            guard let target = line.target, let start = labels[target], start < index else { continue }
            latest[start] = index
        }
        let ranges = latest.sorted { $0.key < $1.key }.map { $0.key...$0.value }
        self.lines = lines
        loops = ranges.map { range in
            Loop(range: range, depth: ranges.filter { $0 != range && $0.contains(range.lowerBound) && $0.contains(range.upperBound) }.count)
        }
    }

    /// The loops wholly inside `loop` that contain line `index`.
    func enclosing(_ index: Int, inside loop: Loop) -> [Loop] {
        loops.filter { $0 != loop && loop.range.contains($0.range.lowerBound) && loop.range.contains($0.range.upperBound) && $0.range.contains(index) }
    }

    /// The step loop: of the loops one level inside a kernel's outer (grid-stride) loop, the one
    /// with the most instruction lines; the largest outermost loop when none is nested.
    func stepLoop() -> Loop? {
        let nested = loops.filter { $0.depth == 1 }
        return (nested.isEmpty ? loops.filter { $0.depth == 0 } : nested).max { instructions(in: $0) < instructions(in: $1) }
    }

    /// Whether another loop partly overlaps `loop` (neither holds the other): the compiler
    /// rotated or merged loops, and the trips per particle-step are then less certain.
    func isOverlapped(_ loop: Loop) -> Bool {
        loops.contains { other in
            other != loop && other.range.overlaps(loop.range)
                && !(other.range.contains(loop.range.lowerBound) && other.range.contains(loop.range.upperBound))
                && !(loop.range.contains(other.range.lowerBound) && loop.range.contains(other.range.upperBound))
        }
    }

    func instructions(in loop: Loop) -> Int { loop.range.filter { lines[$0].instruction != nil }.count }

    /// How many source iterations one trip of `loop` does: the constant its counter steps by
    /// (`add.s32 %r, %r, 2` feeding the `setp` of the backward branch: unrolled twice); 1 when
    /// the step is not a constant.
    func unrollFactor(_ loop: Loop) -> Int {
        guard let predicate = lines[loop.range.upperBound].predicate.map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "!")) }),
            let compare = loop.range.reversed().map({ lines[$0] }).first(where: { $0.instruction?.hasPrefix("setp") == true && $0.operands.first.map(String.init) == predicate })
        else { return 1 }
        let counters = Set(compare.operands.dropFirst())
        for index in loop.range {
            let line = lines[index]
            guard line.instruction?.hasPrefix("add.") == true, line.operands.count == 3, counters.contains(line.operands[0]),
                let step = Int(line.operands[2]), step > 0
            else { continue }
            return step
        }
        return 1
    }

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
        var words = text.dropLast().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
        var line = Line()
        if let first = words.first, first.hasPrefix("@") {
            line.predicate = first.dropFirst()
            words.removeFirst()
        }
        guard let opcode = words.first else { return Line() }
        line.instruction = opcode
        line.operands = Array(words.dropFirst())
        return line
    }
}
