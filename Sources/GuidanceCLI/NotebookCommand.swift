import ArgumentParser
import ClaimKit
import Foundation
import Notebook

/// `guidance notebook`: the text notebooks of `Notebooks/` (format: Notebooks/README.md).
struct NotebookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notebook",
        abstract: "Regenerate (run) or verify (check) text notebooks: Markdown with guidance and experiment cells.",
        discussion: """
            A notebook is Markdown. A fenced block with info string `guidance` holds guidance command \
            lines (eval, flow, sample), run in-process; one with `experiment` holds a declarative \
            experiment in key: value lines (kind: \(ExperimentKinds.all.map(\.kind).joined(separator: ", "))). \
            Each cell's output is stored under it between <!-- output … --> and <!-- /output -->; \
            figures go to figures/ beside the notebook. Paths in cells are relative to the notebook. \
            Outputs are deterministic: running an unchanged notebook changes no byte. \
            Example: guidance notebook check Notebooks/*.md
            """,
        subcommands: [NotebookRunCommand.self, NotebookCheckCommand.self])
}

/// The options `notebook run` and `notebook check` share.
struct NotebookOptions: ParsableArguments {
    @Argument(help: "Notebook files (Markdown).")
    var files: [String]

    @Option(help: "Grid sizes: ci (default, sized for CI) or thorough (4x finer grids); default GUIDANCE_PROFILE, else ci.")
    var profile: Profile?

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one notebook file") }
        for file in files where !FileManager.default.isReadableFile(atPath: file) {
            throw InputError(field: "file", value: file, allowed: "a readable Markdown notebook").validation
        }
    }

    /// The profile: the option, else GUIDANCE_PROFILE, else ci.
    func resolvedProfile() throws -> Profile {
        if let profile { return profile }
        do { return try Profile.fromEnvironment() } catch {
            throw InputError(field: Profile.environmentKey, value: ProcessInfo.processInfo.environment[Profile.environmentKey] ?? "",
                             allowed: "one of " + Profile.allCases.map(\.rawValue).joined(separator: ", "))
        }
    }

    /// Reads and parses `file`; a notebook that cannot be read is an error naming it and its line.
    static func read(_ file: String) throws -> NotebookDocument {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw InputError(field: "file", value: file, allowed: "a readable UTF-8 Markdown notebook")
        }
        do { return try NotebookDocument.parse(text) } catch {
            throw InputError(field: file, value: error.description, allowed: "the notebook format of Notebooks/README.md")
        }
    }

    /// The run of a notebook at `file`: its folder, the profile, progress on stderr, and
    /// `guidance` cells through the CLI's own commands in-process.
    func run(for file: String) throws -> NotebookRun {
        let directory = URL(fileURLWithPath: file).deletingLastPathComponent()
        let quiet = quiet
        let context = CellContext(directory: directory, profile: try resolvedProfile()) { line in
            if !quiet { FileHandle.standardError.write(Data("notebook: \(line)\n".utf8)) }
        }
        return NotebookRun(context: context, runCommand: NotebookOptions.runInProcess)
    }

    /// Runs `guidance ARGUMENTS` in this process and returns what it printed; a failure is one
    /// line, as the command line would print it.
    @Sendable static func runInProcess(_ arguments: [String]) throws -> String {
        do {
            return try JSONOutput.captured {
                var command = try Guidance.parseAsRoot(arguments)
                try command.run()
            }
        } catch {
            throw CellCommandFailure(message: CommandLineFailure.describe(error).line ?? "no output")
        }
    }
}

/// A `guidance` cell's command that failed: the one line the command line would print.
struct CellCommandFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
