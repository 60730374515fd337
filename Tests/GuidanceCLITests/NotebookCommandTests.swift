import Foundation
import Testing

/// `guidance notebook run` and `check` on the committed notebooks and on edited copies, through
/// the real binary.
@Suite("guidance notebook")
struct NotebookCommandTests {
    static let notebooks: [URL] = {
        let folder = GuidanceBinary.root.appendingPathComponent("Notebooks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted().map { folder.appendingPathComponent($0) }
    }()

    /// A copy of `Notebooks/` (notebooks, specs, figures) in a fresh temporary folder.
    static func copyOfNotebooks() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("notebooks-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: GuidanceBinary.root.appendingPathComponent("Notebooks"), to: directory)
        return directory
    }

    /// What CI relies on: every committed notebook is current at the ci profile, figures included.
    @Test("every notebook in Notebooks/ is current (notebook check, ci profile)")
    func committedNotebooksAreCurrent() throws {
        #expect(Self.notebooks.count >= 2)
        let result = try GuidanceBinary.run(["notebook", "check", "--quiet", "--profile", "ci"] + Self.notebooks.map(\.path))
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    /// Done when: one stored number edited makes `check` fail, naming the notebook, the cell and
    /// the first differing line.
    @Test func anEditedStoredNumberIsStale() throws {
        let directory = try Self.copyOfNotebooks()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("01-guidance-is-not-tilting.md")
        let text = try String(contentsOf: file, encoding: .utf8)
        // The median at w = 4 in the first table (cell 1).
        let row = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("| 4 | ") })
        let edited = row.replacingOccurrences(of: "2.556", with: "2.557")
        #expect(edited != row)
        try text.replacingOccurrences(of: row, with: edited).write(to: file, atomically: true, encoding: .utf8)
        let lineNumber = text.components(separatedBy: "\n").firstIndex(of: row)! + 1
        let result = try GuidanceBinary.run(["notebook", "check", "--quiet", file.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("01-guidance-is-not-tilting.md: cell 1 (line "))
        #expect(result.stdout.contains("output line \(lineNumber): stored `\(edited)`, now `\(row)`"), "\(result.stdout)")
    }

    /// Running an unchanged notebook leaves it and its figures byte-identical; a fresh run writes
    /// a missing output and a deleted figure back exactly as committed.
    @Test func runIsByteIdentical() throws {
        let directory = try Self.copyOfNotebooks()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("01-guidance-is-not-tilting.md")
        let figure = directory.appendingPathComponent("figures/01-gaussian-cdf.svg")
        let (text, svg) = (try Data(contentsOf: file), try Data(contentsOf: figure))
        try FileManager.default.removeItem(at: figure)
        let result = try GuidanceBinary.run(["notebook", "run", "--quiet", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Data(contentsOf: file) == text)
        #expect(try Data(contentsOf: figure) == svg)
    }

    /// A failing cell shows its error in place (status=error) and the command exits 1; `check`
    /// names the cell.
    @Test func aFailingCellShowsItsError() throws {
        let directory = try Self.copyOfNotebooks()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("bad.md")
        try """
            # bad

            ```experiment
            kind: flow-law
            spec: specs/gaussian-pm1.json
            w: 1, -2
            ```

            ```guidance
            guidance flow --spec specs/gaussian-pm1.json --w 1 --quantiles 2
            ```
            """.write(to: file, atomically: true, encoding: .utf8)
        let run = try GuidanceBinary.run(["notebook", "run", "--quiet", file.path])
        #expect(run.status == 1)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("status=error -->\n\n**error:** `line 6: w: -2 — allowed: a number in [0, 1e+12]`"), "\(text)")
        #expect(text.contains("**error:** `quantiles: 2"), "\(text)")
        #expect(run.stderr.contains("bad.md: cell 1 (line 3, experiment) failed"))
        let check = try GuidanceBinary.run(["notebook", "check", "--quiet", file.path])
        #expect(check.status == 1)
        #expect(check.stdout.contains("bad.md: cell 2 (line 15, guidance): the cell fails: quantiles: 2.0 — allowed: levels in (0, 1)"), "\(check.stdout)")
    }

    /// An unreadable notebook and a malformed one are one-line errors naming the file and line.
    @Test func badNotebooksAreOneLineErrors() throws {
        let missing = try GuidanceBinary.run(["notebook", "check", "/nonexistent/n.md"])
        #expect(missing.status == 64)
        #expect(missing.errorLines == ["error: file: /nonexistent/n.md — allowed: a readable Markdown notebook"])
        let directory = try Self.copyOfNotebooks()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("open.md")
        try "text\n```experiment\nkind: flow-law\n".write(to: file, atomically: true, encoding: .utf8)
        let open = try GuidanceBinary.run(["notebook", "run", file.path])
        #expect(open.status == 64)
        #expect(open.errorLines.count == 1 && open.stderr.contains("line 2: a fence (```) that is never closed"), "\(open.stderr)")
    }
}
