import ArgumentParser
import ClaimKit
import Foundation

/// `guidance check times FILE...`: records each claim's measured wall time from the `--json`
/// files of a whole run (or all shards of one, merged first) into `Properties/ExpectedTimes.json`,
/// which `guidance check --list` prints beside every claim.
struct CheckTimes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "times",
        abstract: "Record each claim's wall time from a run's --json files as its expected time at that profile.",
        discussion: """
            Give the JSON of one whole run (`guidance check --json run.json`, optionally --claim to \
            measure only some claims) or all N shard files of one (they are merged as `check merge` \
            does; a claim's time is then the sum over the shards, the time one worker would take). \
            Runs of only some cases (--cases) are refused. The entries of the run's profile are \
            replaced for the claims it ran, each with the date, this machine and the build; other \
            entries stay. Without --write the table is printed and nothing is written.
            """)

    @Argument(help: ArgumentHelp("The run's JSON file, or its shards' files.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The expected-times file (default: Properties/ExpectedTimes.json of this package).", valueName: "file"))
    var times: String?

    @Flag(help: "Write the updated file (default: only print what it would hold for this run's claims).")
    var write = false

    func validate() throws {
        if files.isEmpty { throw ValidationError("give the run's JSON file(s), e.g. guidance check times run.json") }
    }

    func run() throws {
        let shards = try files.map { file in (name: file, record: try ShardFileError.reading(file)) }
        // One file is a whole run (a lone shard is refused by `record`); several are merged.
        let record = shards.count == 1 ? shards[0].record : try ShardMerge.merge(shards)
        guard let url = times.map({ URL(fileURLWithPath: $0) }) ?? Check.expectedTimesFile() else {
            throw ValidationError("no \(ExpectedTimes.path) found in or above the current folder: give --times FILE")
        }
        var table = try ExpectedTimes.load(from: url)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        try table.record(record, measured: formatter.string(from: Date()), machine: Machine.describe())
        for claim in record.claims {
            print("\(claim.id.padding(toLength: 8, withPad: " ", startingAt: 0)) \(record.profile.rawValue) \(ExpectedTimes.duration(claim.wallSeconds))")
        }
        guard write else {
            print("(not written: give --write to update \(url.path))")
            return
        }
        do {
            try table.encoded().write(to: url)
        } catch {
            throw OutputError(path: url.path, reason: error.localizedDescription, option: "times")
        }
        print("wrote \(record.claims.count) \(record.profile.rawValue) times to \(url.path)")
    }
}
