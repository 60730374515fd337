import ArgumentParser
import ClaimKit
import Foundation

/// `guidance check merge FILE...`: the verdict table of a whole run from the `--json` files of
/// its shards (`ShardMerge`), the same as the unsharded run prints but for the seconds column.
struct CheckMerge: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge the --json files of a sharded run and print the whole run's verdict table.",
        discussion: """
            The files must be the N shards of one run: the same version, profile, master seed, \
            registry, budget, --cases and --claim selection, each shard K/N exactly once. A missing \
            or duplicate shard, or a file of another run, is an error naming the file. The exit \
            status is that of the whole run: non-zero iff a claim failed unexpectedly.
            """)

    @Argument(help: ArgumentHelp("The shards' JSON files (guidance check --shard K/N --json FILE).", valueName: "file"))
    var files: [String]

    @Flag(help: "After the table, print every case checked: its origin, case seed, verdict and all its figures.")
    var details = false

    @Option(help: ArgumentHelp("Also write the merged results as JSON (shard 0/1) to this file.", valueName: "file"))
    var json: String?

    func validate() throws {
        if files.isEmpty { throw ValidationError("give the shards' JSON files, e.g. guidance check merge shard-*.json") }
    }

    func run() throws {
        let shards = try files.map { file in (name: file, record: try ShardFileError.reading(file)) }
        let merged = try ShardMerge.merge(shards)
        if let json { try Check.write(merged, to: json) }
        let masterSeed = merged.masterSeedValue ?? 0  // validated when read
        let results = try merged.claims.map { try $0.result(profile: merged.profile, masterSeed: masterSeed) }
        try Check.printResults(results, budget: merged.budget, masterSeed: masterSeed, profile: merged.profile, details: details)
    }
}

/// A shard file that cannot be read or parsed, with the file and what is wrong.
struct ShardFileError: Error, CustomStringConvertible {
    var file: String
    var problem: String

    var description: String { "\(file): \(problem)" }

    /// The record in `file`.
    static func reading(_ file: String) throws -> RunRecord {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ShardFileError(file: file, problem: "cannot be read (\(error.localizedDescription))")
        }
        do {
            return try RunRecord.validated(data)
        } catch let error as RunRecordError {
            throw ShardFileError(file: file, problem: error.description)
        } catch let error as DecodingError {
            throw ShardFileError(file: file, problem: "not a guidance check --json file: \(RunRecord.explain(error))")
        } catch {
            throw ShardFileError(file: file, problem: "not a guidance check --json file: \(error)")
        }
    }
}
