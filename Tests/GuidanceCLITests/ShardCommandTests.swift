import Foundation
import Testing

/// `guidance check --shard K/N --json FILE` and `guidance check merge`, as the real binary: three
/// shards of the ci profile merge into the verdict table of the unsharded run, identical but for
/// the seconds, and bad shards are one-line errors naming the file or value.
@Suite("guidance check --shard, --json and merge")
struct ShardCommandTests {
    /// Cheap claims of the ci profile, exact and statistical, holding and known counterexamples.
    static let claims = ["N.0", "N.1", "G1.3b", "G1.6", "G1.6a", "G2.1", "G3.1"].flatMap { ["--claim", $0] }

    /// The table and reports without the seconds (column and total).
    static func withoutTimes(_ stdout: String) -> String {
        stdout.replacing(#/ {2,}[0-9]+\.[0-9] {2}/#, with: "  SECONDS  ").replacing(#/; [0-9.]+ s in all claims/#, with: "")
    }

    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("guidance-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("three shards of the ci profile merge into the unsharded table, but for the times")
    func mergeEqualsWhole() throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = Self.claims + ["--profile", "ci", "--report-dir", dir.appendingPathComponent("reports").path]
        let whole = try GuidanceBinary.run(["check"] + common + ["--json", dir.appendingPathComponent("whole.json").path])
        #expect(whole.status == 0, "\(whole.stderr)")
        var files: [String] = []
        for k in 0..<3 {
            let file = dir.appendingPathComponent("shard-\(k).json").path
            let shard = try GuidanceBinary.run(["check"] + common + ["--shard", "\(k)/3", "--json", file])
            #expect(shard.status == 0, "\(shard.stderr)")
            files.append(file)
        }
        let merged = try GuidanceBinary.run(["check", "merge"] + files.reversed())
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(Self.withoutTimes(merged.stdout) == Self.withoutTimes(whole.stdout), "\(merged.stdout)\n---\n\(whole.stdout)")
        #expect(whole.stdout.contains("known counterexample") && whole.stdout.contains("G1.6a"))
        let table = whole.stdout.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }
        #expect(table.count == 9 && table.allSatisfy { $0.count <= 120 }, "the table's rows fit 120 columns: \(table)")

        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: files[1]))) as? [String: Any]
        #expect((json?["shard"] as? [String: Any])?["count"] as? Int == 3)
        let claims = try #require(json?["claims"] as? [[String: Any]])
        #expect(claims.map { $0["id"] as? String } == ["G1.3b", "G1.6", "G1.6a", "G2.1", "G3.1", "N.0", "N.1"], "registry order")
        for key in ["verdict", "cases", "inconclusive", "figures", "wall_seconds", "peak_memory_bytes", "records"] {
            #expect(claims.allSatisfy { $0[key] != nil }, "every claim has \(key)")
        }

        // `check times`: the shards' per-claim times, summed, become the claims' ci times.
        let timesFile = dir.appendingPathComponent("ExpectedTimes.json").path
        let times = try GuidanceBinary.run(["check", "times", "--times", timesFile, "--write"] + files)
        #expect(times.status == 0, "\(times.stderr)")
        let written = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: timesFile))) as? [String: Any])
        let ciTimes = try #require((written["profiles"] as? [String: Any])?["ci"] as? [String: [String: Any]])
        #expect(ciTimes.keys.sorted() == ["G1.3b", "G1.6", "G1.6a", "G2.1", "G3.1", "N.0", "N.1"] && ciTimes.values.allSatisfy { $0["seconds"] is Double })
        let oneShard = try GuidanceBinary.run(["check", "times", "--times", timesFile, files[0]])
        #expect(oneShard.status != 0 && oneShard.stderr.contains("give all 3 shard files"), "\(oneShard.stderr)")

        let missing = try GuidanceBinary.run(["check", "merge", files[0], files[2]])
        #expect(missing.status == 64 && missing.errorLines.count == 1 && missing.stderr.contains("shard 1/3 missing"), "\(missing.stderr)")
        let twice = try GuidanceBinary.run(["check", "merge"] + files + [files[2]])
        #expect(twice.status == 64 && twice.stderr.contains("shard 2/3 is given twice"), "\(twice.stderr)")
        let mixed = try GuidanceBinary.run(["check", "merge", files[0], files[1], dir.appendingPathComponent("whole.json").path])
        #expect(mixed.status == 64 && mixed.stderr.contains("whole.json"), "\(mixed.stderr)")
    }

    @Test("bad shard values and unreadable files are one-line errors", arguments: [
        (["check", "--shard", "3/3"], "'3/3' is invalid for '--shard <K/N>'"),
        (["check", "--shard", "0/0"], "'0/0' is invalid for '--shard <K/N>'"),
        (["check", "--shard", "one"], "'one' is invalid for '--shard <K/N>'"),
        (["check", "--claim", "N.0", "--replay", "0x1", "--shard", "0/2"], "--shard '0/2' and --replay"),
        (["check", "merge", "/nonexistent/shard-0.json"], "/nonexistent/shard-0.json: cannot be read"),
    ])
    func badValues(arguments: [String], expected: String) throws {
        let output = try GuidanceBinary.run(arguments)
        #expect(output.status != 0)
        #expect(output.errorLines.count == 1 && output.stderr.contains(expected), "\(output.stderr)")
    }

    @Test("a file that is not a shard record names the file and the key")
    func notARecord() throws {
        let file = try GuidanceBinary.temporaryFile(#"{"format": "guidance-check/1", "claims": []}"#, name: "bad.json")
        let output = try GuidanceBinary.run(["check", "merge", file])
        #expect(output.status == 64 && output.errorLines.count == 1, "\(output.stderr)")
        #expect(output.stderr.contains("bad.json") && output.stderr.contains("missing key"), "\(output.stderr)")
    }
}
