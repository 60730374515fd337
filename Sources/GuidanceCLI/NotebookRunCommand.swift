import ArgumentParser
import Foundation
import Notebook

/// `guidance notebook run`: re-executes every cell and writes outputs and figures back.
struct NotebookRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Re-execute every cell and write its output (and figures) back; unchanged results leave files byte-identical.",
        discussion: "A cell that fails gets its error as output (status=error) and the command exits with status 1.")

    @OptionGroup var options: NotebookOptions

    func run() throws {
        var failed = false
        for file in options.files {
            let document = try NotebookOptions.read(file)
            let result = try options.run(for: file).run(document, name: file)
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
            try Self.writeIfChanged(result.document.text, to: URL(fileURLWithPath: file))
            for figure in result.figures {
                let url = directory.appendingPathComponent(figure.path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Self.writeIfChanged(figure.contents, to: url)
            }
            for failure in result.failures { FileHandle.standardError.write(Data("error: \(failure)\n".utf8)) }
            failed = failed || !result.failures.isEmpty
        }
        if failed { throw ExitCode(CommandLineFailure.failed) }
    }

    /// Writes `text` unless the file already holds exactly it (its modification time then stays).
    static func writeIfChanged(_ text: String, to url: URL) throws {
        if let old = try? String(contentsOf: url, encoding: .utf8), old == text { return }
        do { try text.write(to: url, atomically: true, encoding: .utf8) } catch {
            throw OutputError(path: url.path, reason: error.localizedDescription)
        }
    }
}
