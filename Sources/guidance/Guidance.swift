import ArgumentParser

/// The command-line tool of GuidanceLab.
@main
struct Guidance: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check claims of papers on classifier-free guidance.",
        subcommands: [Check.self, Bench.self])
}
