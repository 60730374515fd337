import ClaimKit
import Foundation
import Testing

/// Shards deal each case to exactly one shard, and merging the shards' records gives the
/// whole run's verdict, cases, figures and counterexample, whichever shard holds the first
/// failure; records of other runs, duplicates and gaps are refused with the file named.
@Suite("Shards and their merge")
struct ShardTests {
    @Test("K/N parses for 0 ≤ K < N and is refused otherwise, naming the value",
          arguments: ["3/3", "-1/3", "0/0", "1", "a/b", "1/20000"])
    func badShard(text: String) {
        #expect(throws: ClaimKitError.self) { try Shard.parse(text) }
        do { _ = try Shard.parse(text) } catch { #expect(error.description.contains("'\(text)'")) }
    }

    @Test("every case of every claim is in exactly one of N shards", arguments: [1, 2, 3, 7])
    func partition(count: Int) throws {
        let shards = try (0..<count).map { try Shard(index: $0, count: count) }
        for id in ["G1.0", "N.0", "T.sum", "X"] {
            for item in 0..<50 { #expect(shards.filter { $0.owns(item, of: id) }.count == 1) }
        }
    }

    /// The record of `claim` run whole (shard nil) or as `shard`.
    static func record(_ claim: AnyClaim, shard: Shard?, seed: UInt64) throws -> RunRecord {
        var configuration = quietConfiguration(seed: seed)
        if let shard { configuration.shard = shard }
        let budget = FalseAlarmBudget(claims: [claim], profile: .ci)
        configuration.alphaPerTest = budget.alphaPerTest
        let record = RunRecord(
            results: [claim.run(configuration)], configuration: configuration, budget: budget, registry: [claim],
            version: "test", wallSeconds: 0)
        return try RunRecord.validated(RunRecord.encoded(record))
    }

    /// The fields the verdict table shows, and the counterexample's seed.
    static func verdictFields(_ entry: RunRecord.ClaimEntry) -> String {
        "\(entry.verdict) \(entry.cases) \(entry.inconclusive) \(entry.figures) \(entry.counterexample?.caseSeed ?? "-") \(entry.counterexample?.shrunk ?? "-")"
    }

    @Test("merged shards equal the whole run: failing, statistical and inconclusive claims, several seeds",
          arguments: [2, 3, 5])
    func mergeEqualsWhole(count: Int) throws {
        let claims = [ExampleClaims.sumBelow100().erased, ExampleClaims.uniformDKW(cases: 12).erased,
                      ExampleClaims.notConverging(share: 0.08).erased, ExampleClaims.undecided.erased]
        for claim in claims {
            for seed: UInt64 in [1, 2, 3, 20_241_113] {
                let whole = try Self.record(claim, shard: nil, seed: seed)
                let shards = try (0..<count).map { k in (name: "shard-\(k)", record: try Self.record(claim, shard: Shard(index: k, count: count), seed: seed)) }
                let merged = try ShardMerge.merge(shards.reversed())
                #expect(Self.verdictFields(merged.claims[0]) == Self.verdictFields(whole.claims[0]), "\(claim.id), seed \(seed)")
                #expect(merged.claims[0].records.map(\.seed) == whole.claims[0].records.map(\.seed))
            }
        }
    }

    @Test("a missing shard, a duplicate and a shard of another run are errors naming them")
    func refusals() throws {
        let claim = ExampleClaims.sumBelow100().erased
        let shards = try (0..<3).map { k in (name: "s\(k).json", record: try Self.record(claim, shard: Shard(index: k, count: 3), seed: 5)) }
        #expect(throws: ShardMergeError.missingShards(["1/3"], given: ["s0.json (0/3)", "s2.json (2/3)"])) {
            try ShardMerge.merge([shards[0], shards[2]])
        }
        #expect(throws: ShardMergeError.duplicateShard(shard: "2/3", files: ["s2.json", "copy.json"])) {
            try ShardMerge.merge(shards + [(name: "copy.json", record: shards[2].record)])
        }
        let other = (name: "other.json", record: try Self.record(claim, shard: Shard(index: 1, count: 3), seed: 6))
        do {
            _ = try ShardMerge.merge([shards[0], other, shards[2]])
            Issue.record("a shard of another seed merged")
        } catch {
            #expect(error.description.contains("other.json") && error.description.contains("master_seed"), "\(error)")
        }
        #expect(throws: ShardMergeError.noShards) { try ShardMerge.merge([]) }
    }
}
