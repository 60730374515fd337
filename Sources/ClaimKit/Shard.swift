/// One of N deterministic slices of a run (`guidance check --shard K/N`): every claim's cases
/// are dealt round-robin over the shards, so N workers of a scheduler (a Slurm array, a CI
/// matrix) together check each case exactly once and `guidance check merge` rebuilds the verdicts
/// of the whole run (`ShardMerge`).
///
/// ```
/// case i of claim c is in shard K of N   iff   (i + fnv1a64(c) mod N) mod N = K
/// saved regression j of claim c likewise, with j for i
/// ```
/// Generated cases and saved regressions are dealt separately, each from the claim's own offset,
/// so the edge cases (the first generated cases) and the regressions spread over the shards and
/// a claim with fewer cases than shards does not always land on shard 0. Nothing else changes:
/// case seeds derive from the master seed and the case index alone (`CaseSeed`), and the
/// false-alarm budget is split over the whole registry (`FalseAlarmBudget`), never per shard, so
/// a case checked in a shard is checked exactly as in the whole run.
public struct Shard: Sendable, Equatable, Hashable, Codable, CustomStringConvertible {
    /// The largest shard count: more shards than cases leave shards empty, which is allowed but
    /// pointless far beyond any registry's size.
    public static let maximumCount = 10_000

    /// 0-based: `0 ≤ index < count`.
    public let index: Int
    public let count: Int

    /// The whole run as one shard.
    public static let whole = Shard(uncheckedIndex: 0, count: 1)

    /// Shard `index` of `count`; the error names `setting` and the allowed range.
    public init(index: Int, count: Int, setting: String = "--shard") throws(ClaimKitError) {
        guard (1...Shard.maximumCount).contains(count) else {
            throw .invalidSetting(name: setting, value: "\(index)/\(count)", allowed: "K/N with N in 1...\(Shard.maximumCount)")
        }
        guard (0..<count).contains(index) else {
            throw .invalidSetting(name: setting, value: "\(index)/\(count)", allowed: "K/N with K in 0...\(count - 1) (0-based)")
        }
        self.init(uncheckedIndex: index, count: count)
    }

    private init(uncheckedIndex index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `K/N` (0-based K, e.g. `0/3`, `1/3`, `2/3`).
    public static func parse(_ text: String, setting: String = "--shard") throws(ClaimKitError) -> Shard {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalidSetting(name: setting, value: text, allowed: "K/N with 0 ≤ K < N, e.g. 0/3, 1/3, 2/3")
        }
        return try Shard(index: index, count: count, setting: setting)
    }

    /// Whether item `item` (a generated case index, or a saved regression's index) of claim
    /// `claimID` belongs to this shard.
    public func owns(_ item: Int, of claimID: String) -> Bool {
        guard count > 1 else { return true }
        let offset = Int(StableHash.fnv1a64(claimID) % UInt64(count))
        return (item % count + offset) % count == index
    }

    public var isWhole: Bool { count == 1 }

    /// `K/N`.
    public var description: String { "\(index)/\(count)" }

    // Decoding checks the range like the initialiser: a shard file cannot smuggle in 5/3.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let index = try container.decode(Int.self, forKey: .index)
        let count = try container.decode(Int.self, forKey: .count)
        do {
            try self.init(index: index, count: count, setting: "shard")
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .count, in: container, debugDescription: error.description)
        }
    }

    enum CodingKeys: String, CodingKey { case index, count }
}
