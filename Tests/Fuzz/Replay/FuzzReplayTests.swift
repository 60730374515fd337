import Foundation
import FuzzTargets
import Testing

/// Every seed input (`Tests/Fuzz/Corpus/`, `FuzzTarget.corpus`) and every input that ever crashed a target
/// (`Tests/Fuzz/Regressions/TARGET/`) runs through its target on each `swift test`: a trap here
/// ends the test run, so an input the fuzzer once found can never come back unnoticed.
@Suite("Fuzz inputs replayed")
struct FuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()

    static func inputs(_ folder: String, _ name: String) -> [URL] {
        let directory = root.appendingPathComponent(folder).appendingPathComponent(name)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().filter { !$0.hasPrefix(".") }.map { directory.appendingPathComponent($0) }
    }

    @Test("seed corpus and saved crash inputs run through their target", arguments: FuzzTarget.allCases)
    func replay(_ target: FuzzTarget) throws {
        let seeds = Self.inputs("Corpus", target.corpus)
        #expect(!seeds.isEmpty, "no seed inputs in Tests/Fuzz/Corpus/\(target.corpus)")
        for file in seeds + Self.inputs("Regressions", target.rawValue) {
            target.run(try Data(contentsOf: file))
        }
    }

    @Test("the shard seeds reach the merge: three shards in any order merge, a gap or a foreign run does not")
    func shardSeedsMerge() throws {
        func merges(_ name: String) throws -> Bool {
            let data = try Data(contentsOf: Self.root.appendingPathComponent("Corpus/shards/\(name)"))
            return ShardsTarget.merge(FuzzInput(data)) != nil
        }
        #expect(try merges("three-shards.txt") && merges("three-shards-reordered.txt") && merges("one-whole-run.txt"))
        #expect(try !merges("missing-shard.txt") && !merges("duplicate-shard.txt") && !merges("another-run.txt") && !merges("bad-seed.txt"))
    }

    @Test("an input splits at its last -- line into payload and numbers")
    func inputFormat() {
        let input = FuzzInput(Data("{\"a\": 1}\n--\n0.5, 3 nan\n-1e300".utf8))
        #expect(String(decoding: input.payload, as: UTF8.self) == "{\"a\": 1}")
        #expect(input.numbers.count == 4 && input.numbers[0] == 0.5 && input.numbers[2].isNaN && input.numbers[3] == -1e300)
        #expect(input.number(7, else: 2) == 2)
        #expect(FuzzInput(Data("no numbers".utf8)).numbers.isEmpty)
    }
}
