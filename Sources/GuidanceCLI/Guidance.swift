import ArgumentParser
import Diffusion
import Foundation

/// `guidance`: the command-line face of GuidanceLab.
///
/// Every subcommand reads a mixture spec (JSON), prints one JSON object on stdout and, on bad
/// input, exits non-zero with one line on stderr, `error: <field>: <value> — allowed: <range>`.
/// The commands live in this library so that the fuzz targets (`Tests/Fuzz`) parse the same
/// options; the `guidance` executable only calls `Guidance.main()`.
public struct Guidance: ParsableCommand {
    public static let configuration = CommandConfiguration(
        abstract: "Check claims about classifier-free guidance; exact scores, exact 1-D output laws and guided samplers.",
        discussion: """
            A model is a JSON spec: a forward process ("ou", "vp-linear", "vp-cosine", "ve") and \
            classes, each a weighted mixture of components ("gaussian", "uniform", "piecewise", \
            "piecewise-linear", "beta"). Example:

              {"process": {"kind": "ou"},
               "classes": [
                 {"weight": 0.5, "components": [
                   {"kind": "uniform", "weight": 1, "lower": [1], "upper": [2]}]},
                 {"weight": 0.5, "components": [
                   {"kind": "gaussian", "weight": 1, "mean": [-1], "cov": [[0.5]]}]}]}

            README.md ("Spec format") lists every field, its default and its allowed range; \
            Notebooks/specs/ holds ready-made specs. Output is one JSON object on stdout (sorted \
            keys; non-finite numbers as the strings "inf", "-inf", "nan"). Bad input exits with \
            status 64 and one line on stderr naming the field; a numerical failure exits with 1.
            """,
        version: Guidance.version,
        subcommands: [Check.self, Eval.self, Flow.self, Sample.self, Bench.self, NotebookCommand.self, GPU.self]
    )

    /// The build's version, as `--version` prints it and `check --json` records it.
    public static let version = "0.1.0"

    public init() {}

    /// Parses, runs, and turns every failure into one line on stderr.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            // A command that printed its own report (check's verdict table) and chose a status.
            Foundation.exit(code.rawValue)
        } catch {
            let (line, status) = CommandLineFailure.describe(error)
            guard let line else {
                print(fullMessage(for: error))
                Foundation.exit(status)
            }
            FileHandle.standardError.write(Data("error: \(line)\n".utf8))
            Foundation.exit(status)
        }
    }
}
