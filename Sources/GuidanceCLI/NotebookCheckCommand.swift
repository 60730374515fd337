import ArgumentParser
import Foundation
import Notebook

/// `guidance notebook check`: re-executes every cell and fails on the first stale output of each
/// notebook, naming notebook, cell and the first differing line; writes nothing.
struct NotebookCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Re-execute every cell and fail (status 1), naming notebook, cell and first differing line, where a stored output or figure is stale.",
        discussion: "Writes nothing. Fix a stale notebook with `guidance notebook run FILE`.")

    @OptionGroup var options: NotebookOptions

    func run() throws {
        var stale = 0
        for file in options.files {
            let document = try NotebookOptions.read(file)
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
            let differences = try options.run(for: file).check(document, name: file) { path in
                try? String(contentsOf: directory.appendingPathComponent(path), encoding: .utf8)
            }
            for difference in differences { print("stale: \(difference)") }
            if differences.isEmpty { print("current: \(file) (\(document.cells.count) cells)") }
            stale += differences.count
        }
        if stale > 0 { throw ExitCode(CommandLineFailure.failed) }
    }
}
