import Foundation
import Notebook
import Testing

@Suite("Notebook format")
struct NotebookFormatTests {
    static let sample = """
        # Title

        Prose with a ```json fence that is not a cell:

        ```json
        <!-- output -->
        {"a": 1}
        ```

        ```experiment
        kind: flow-law
        w: 1
        ```

        <!-- output profile=ci inputs=0123456789abcdef -->
        | w |
        |---|
        <!-- /output -->

        ~~~~guidance
        guidance eval --spec specs/x.json --t 0.5 --x 1
        ~~~~
        trailing prose

        """

    @Test func parseThenTextIsTheSameText() throws {
        let document = try NotebookDocument.parse(Self.sample)
        #expect(document.text == Self.sample)
        let cells = document.cells
        #expect(cells.count == 2)
        #expect(cells[0].kind == .experiment && cells[0].line == 10 && cells[0].body == ["kind: flow-law", "w: 1"])
        #expect(cells[0].output?["inputs"] == "0123456789abcdef" && cells[0].output?.lines == ["| w |", "|---|"])
        #expect(cells[0].output?.line == 15)
        #expect(cells[1].kind == .guidance && cells[1].fence == "~~~~" && cells[1].output == nil)
    }

    /// Markers and fences are written back as they were read, spacing and length included.
    @Test func oddSpacingSurvivesARoundTrip() throws {
        let text = "```experiment  \nkind: flow-law\n`````  \n\n\n<!-- output  profile=ci   -->\nx\n<!-- /output -->  \nend"
        let document = try NotebookDocument.parse(text)
        #expect(document.text == text)
        #expect(document.cells.first?.output?["profile"] == "ci")
    }

    @Test func settingAnOutputInsertsItAfterTheCell() throws {
        var document = try NotebookDocument.parse(Self.sample)
        document.setOutput(StoredOutput(attributes: [.init("profile", "ci")], lines: ["x"]), ofCell: 2)
        #expect(document.text.contains("~~~~\n\n<!-- output profile=ci -->\nx\n<!-- /output -->\ntrailing prose"))
        let again = try NotebookDocument.parse(document.text)
        #expect(again.cells[1].output?.lines == ["x"])
        #expect(again.text == document.text)
    }

    @Test("malformed notebooks are errors naming the line", arguments: [
        ("a\n```experiment\nkind: x\n", 2, "never closed"),
        ("a\n<!-- output -->\nb\n", 2, "follows no cell"),
        ("```guidance\nguidance eval\n```\n<!-- output -->\nx\n", 4, "never closed"),
        ("```guidance\nguidance eval\n```\n<!-- output a -->\n<!-- /output -->\n", 4, "key=value"),
        ("```guidance\nguidance eval\n```\n<!-- output -->\n<!-- output -->\n<!-- /output -->\n", 5, "inside the output"),
    ])
    func malformed(_ text: String, _ line: Int, _ message: String) {
        #expect {
            try NotebookDocument.parse(text)
        } throws: { error in
            guard let error = error as? NotebookError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test func fingerprintDependsOnSourceAndProfile() throws {
        let cell = try NotebookDocument.parse(Self.sample).cells[0]
        var edited = cell
        edited.body[1] = "w: 2"
        let base = CellFingerprint.of(cell, profile: "ci")
        #expect(base.count == 16 && base == CellFingerprint.of(cell, profile: "ci"))
        #expect(base != CellFingerprint.of(edited, profile: "ci") && base != CellFingerprint.of(cell, profile: "thorough"))
    }

    @Test func experimentBlockReadsTypedValuesAndRejectsTheRest() throws {
        var block = try ExperimentBlock(body: ["# comment", "kind: flow-law", "", "w: 0, 1.5", "n: 7", "extra: 1"], cellLine: 10)
        #expect(try block.numbers("w", in: 0...2) == [0, 1.5])
        #expect(try block.integer("n", default: 1, in: 1...9) == 7)
        #expect(try block.number("absent", default: 3, in: 0...5) == 3)
        #expect(block.text("kind") == "flow-law")
        #expect(throws: NotebookError.setting("extra", "1", allowed: "no such key here; the keys are kind, w, n", line: 16)) {
            try block.finish(allowed: ["kind", "w", "n"])
        }
        var bad = try ExperimentBlock(body: ["w: 1, x"], cellLine: 1)
        #expect(throws: NotebookError.setting("w", "x", allowed: "a number in [0, 2]", line: 2)) { try bad.numbers("w", in: 0...2) }
        #expect(throws: NotebookError.self) { try ExperimentBlock(body: ["w: 1", "w: 2"], cellLine: 1) }
        #expect(throws: NotebookError.self) { try ExperimentBlock(body: ["no colon"], cellLine: 1) }
    }

    @Test func guidanceCommandLines() throws {
        let command = try GuidanceCommandLine("guidance flow --spec specs/a.json --w 4 --quantiles \"0.1,0.5\"", line: 3, directory: "/nb")
        #expect(command.arguments == ["flow", "--spec", "/nb/specs/a.json", "--w", "4", "--quantiles", "0.1,0.5"])
        #expect(try GuidanceCommandLine("guidance eval --spec=s.json", line: 1, directory: "/nb/").arguments == ["eval", "--spec=/nb/s.json"])
        for bad in ["flow --w 1", "guidance check", "guidance", "guidance sample --out x.csv", "guidance eval \"open"] {
            #expect(throws: NotebookError.self) { try GuidanceCommandLine(bad, line: 1, directory: "/nb") }
        }
    }

    @Test func figurePathsStayUnderFigures() throws {
        #expect(try CellContext.figurePath("figures/a-1.svg", line: 1) == "figures/a-1.svg")
        for bad in ["a.svg", "figures/../x.svg", "figures/a.png", "/figures/a.svg", "figures/a b.svg"] {
            #expect(throws: NotebookError.self) { try CellContext.figurePath(bad, line: 1) }
        }
    }

    @Test func numbersPrintTheSameEveryRun() {
        #expect(NumberText.short(2.5558126124423493) == "2.556")
        #expect(NumberText.short(1e12) == "1e+12" && NumberText.short(.nan) == "nan" && NumberText.short(-.infinity) == "-inf")
        #expect(NumberText.scientific(4.127e-16) == "4.127e-16")
        #expect(MarkdownTable.lines(header: ["a", "b|c"], rows: [["1", "2"]]) == ["| a | b\\|c |", "|---|---|", "| 1 | 2 |"])
    }
}
