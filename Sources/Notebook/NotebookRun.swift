import ClaimKit
import Foundation

/// Executes a notebook's cells in order and compares or rewrites their outputs.
///
/// - `run` gives the notebook with every output replaced by what its cell produces now, and the
///   figures; a cell that fails keeps its place with its error as output (`status=error`).
/// - `check` compares what every cell produces now with what is stored, output line by line and
///   figure file by figure file, and names the first difference (`NotebookDifference`).
///
/// `guidance` cells run through `runCommand` (the CLI's commands in-process: the `Notebook`
/// module does not depend on the CLI); it gets the arguments after `guidance` and returns the
/// command's stdout.
public struct NotebookRun: Sendable {
    public var context: CellContext
    public var runCommand: @Sendable ([String]) throws -> String

    public init(context: CellContext, runCommand: @escaping @Sendable ([String]) throws -> String) {
        self.context = context
        self.runCommand = runCommand
    }

    /// One cell's fresh output: stored form (marker with attributes, lines) and figures, or the
    /// error it failed with.
    public struct CellOutcome: Sendable {
        public var cell: NotebookCell
        public var output: StoredOutput
        public var figures: [FigureFile]
        public var error: String?
    }

    /// Runs every cell of `document` (progress: one line per cell).
    public func outcomes(_ document: NotebookDocument, name: String) -> [CellOutcome] {
        let cells = document.cells
        return cells.map { cell in
            context.progress("\(name): \(cell.name), \(cell.number) of \(cells.count)")
            var attributes = [StoredOutput.Attribute("profile", context.profile.rawValue),
                              StoredOutput.Attribute("inputs", CellFingerprint.of(cell, profile: context.profile.rawValue))]
            do {
                let result = try execute(cell)
                return CellOutcome(cell: cell, output: StoredOutput(attributes: attributes, lines: result.lines), figures: result.figures, error: nil)
            } catch {
                let message = Self.describe(error)
                attributes.append(StoredOutput.Attribute("status", "error"))
                return CellOutcome(cell: cell, output: StoredOutput(attributes: attributes, lines: ["", "**error:** `\(message)`", ""]),
                                   figures: [], error: message)
            }
        }
    }

    /// A failure in one line: a notebook error with its line, or the library's message.
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            .replacingOccurrences(of: "`", with: "'")
    }

    func execute(_ cell: NotebookCell) throws -> CellResult {
        switch cell.kind {
        case .experiment:
            return try ExperimentKinds.run(cell.body, cellLine: cell.line, context: context)
        case .guidance:
            var lines: [String] = []
            for (k, text) in cell.body.enumerated() where !text.trimmingCharacters(in: .whitespaces).isEmpty {
                let command = try GuidanceCommandLine(text, line: cell.line + 1 + k, directory: context.directory.path)
                let printed = try runCommand(command.arguments)
                lines += ["", "```json"] + printed.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } + ["```"]
            }
            guard !lines.isEmpty else { throw NotebookError(line: cell.line, "an empty guidance cell — allowed: one command line per line") }
            return CellResult(lines: lines + [""])
        }
    }

    /// The notebook with every output replaced, its figures and the cells that failed.
    public func run(_ document: NotebookDocument, name: String) -> (document: NotebookDocument, figures: [FigureFile], failures: [String]) {
        var updated = document
        var figures: [FigureFile] = [], failures: [String] = []
        for outcome in outcomes(document, name: name) {
            updated.setOutput(outcome.output, ofCell: outcome.cell.number)
            figures += outcome.figures
            if let error = outcome.error { failures.append("\(name): \(outcome.cell.name) failed: \(error)") }
        }
        return (updated, figures, failures)
    }

    /// Every difference between what is stored and what the cells produce now (empty: current).
    /// `readFigure` reads a stored figure (relative path) or gives nil when it is missing.
    public func check(_ document: NotebookDocument, name: String, readFigure: (String) -> String?) -> [NotebookDifference] {
        var differences: [NotebookDifference] = []
        for outcome in outcomes(document, name: name) {
            let cell = outcome.cell
            if let error = outcome.error {
                differences.append(NotebookDifference(notebook: name, cell: cell, what: "the cell fails: \(error)"))
                continue
            }
            guard let stored = cell.output else {
                differences.append(NotebookDifference(notebook: name, cell: cell, what: "no stored output (run `guidance notebook run`)"))
                continue
            }
            if let difference = NotebookDifference.firstLine(stored.lines, outcome.output.lines, firstLine: stored.line + 1) {
                var what = "output line \(difference.line): stored `\(difference.stored)`, now `\(difference.now)`"
                if stored["inputs"] != outcome.output["inputs"] {
                    what += stored["profile"] != context.profile.rawValue
                        ? " (stored at profile \(stored["profile"] ?? "none"), checked at \(context.profile.rawValue))"
                        : " (the cell was edited since its output was written)"
                }
                differences.append(NotebookDifference(notebook: name, cell: cell, what: what))
            } else if stored.attributes != outcome.output.attributes {
                differences.append(NotebookDifference(notebook: name, cell: cell,
                                                      what: "output marker: stored `\(stored.openingMarker)`, now `\(outcome.output.openingMarker)`"))
            }
            for figure in outcome.figures {
                guard let old = readFigure(figure.path) else {
                    differences.append(NotebookDifference(notebook: name, cell: cell, what: "figure \(figure.path) is missing"))
                    continue
                }
                let split = { (s: String) in s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
                if let difference = NotebookDifference.firstLine(split(old), split(figure.contents), firstLine: 1) {
                    differences.append(NotebookDifference(
                        notebook: name, cell: cell,
                        what: "figure \(figure.path) line \(difference.line): stored `\(difference.stored.prefix(120))`, now `\(difference.now.prefix(120))`"))
                }
            }
        }
        return differences
    }
}
