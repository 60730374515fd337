import Foundation

/// The machine-readable results of one run or one shard of `guidance check` (`--json FILE`),
/// and what `guidance check merge` reads back (`ShardMerge`). The schema is documented in
/// README ("Sharded runs and the JSON verdicts"); keys are snake_case, seeds are `0x` hex strings
/// (64-bit integers do not survive every JSON reader), non-finite figures are the strings
/// `"inf"`, `"-inf"` and `"nan"`. Readers ignore keys they do not know, so a later version may
/// add a figure per claim without breaking older merges of the same version.
public struct RunRecord: Codable, Sendable, Equatable {
    /// The value of `format`; a reader refuses any other.
    public static let currentFormat = "guidance-check/1"

    public var format: String
    /// The build that ran (`guidance --version`).
    public var version: String
    public var profile: Profile
    /// `0x` and 16 hex digits.
    public var masterSeed: String
    public var shard: Shard
    /// `[a, b]` for `--cases a..<b`; nil for all cases.
    public var caseRange: [Int]?
    public var registry: Registry
    public var falseAlarmBudget: Budget
    public var wallSeconds: Double
    public var peakMemoryBytes: Int
    public var claims: [ClaimEntry]

    /// The registry a run drew its claims and alpha from: how many claims, and a fingerprint of
    /// their ids, case counts and statistical tests at the run's profile (`fingerprint(of:at:)`).
    public struct Registry: Codable, Sendable, Equatable {
        public var claims: Int
        public var fingerprint: String
    }

    /// `FalseAlarmBudget` of the run: the total, the test count it is split over, alpha per test.
    public struct Budget: Codable, Sendable, Equatable {
        public var total: Double
        public var tests: Int
        public var alphaPerTest: Double
    }

    /// One claim's result in the run (or shard).
    public struct ClaimEntry: Codable, Sendable, Equatable {
        public var id: String
        public var paper: String
        public var statement: String
        /// The note of a claim recorded as a known counterexample; nil when it should hold.
        public var knownCounterexample: String?
        /// `holds`, `known counterexample`, `fails` or `inconclusive`.
        public var verdict: VerdictCategory
        /// Cases run (up to and including the failing one) and how many were inconclusive.
        public var cases: Int
        public var inconclusive: Int
        /// The key figures: of the shrunk counterexample, else of the last case run.
        public var figures: [Figure]
        public var counterexample: CounterexampleEntry?
        public var wallSeconds: Double
        public var peakMemoryBytes: Int
        /// The claim's generated cases at the profile (all shards), its saved regressions, and
        /// the inconclusive share it allows.
        public var generatedCases: Int
        public var savedRegressions: Int
        public var maxInconclusiveShare: Double
        public var stopReason: String
        public var warnings: [String]
        /// Every case checked, in order.
        public var records: [CaseEntry]
    }

    /// One case checked: its place in the whole run's order (`CaseRecord.position`), origin,
    /// seed, verdict and figures.
    public struct CaseEntry: Codable, Sendable, Equatable {
        public var position: Int
        /// `generated`, `regression-seed`, `regression-case` or `replay`.
        public var origin: String
        /// The generated case's index; nil for other origins.
        public var index: Int?
        public var seed: String
        /// `holds`, `fails` or `inconclusive`.
        public var verdict: String
        public var reason: String?
        public var figures: [Figure]
    }

    /// The failing case: where it stands, its seed, the case as found and as shrunk (JSON), the
    /// shrunk verdict's reason, the replay commands, the report files and the counterexample's
    /// mixture spec when the claim writes one.
    public struct CounterexampleEntry: Codable, Sendable, Equatable {
        public var position: Int
        public var origin: String
        public var index: Int?
        public var caseSeed: String
        public var found: String
        public var shrunk: String
        public var reason: String
        public var shrinkSteps: Int
        public var shrinkChecks: Int
        public var replay: String
        public var replayTest: String
        public var reportFiles: [String]
        public var spec: String?
    }

    /// The fingerprint of `claims` at `profile`: FNV-1a 64 over `id:cases:tests;` of each claim
    /// in order, as `0x` hex. Shards of one run have the same registry, hence the same value.
    public static func fingerprint(of claims: [AnyClaim], at profile: Profile) -> String {
        let text = claims.map { "\($0.id):\($0.casesAt(profile)):\($0.statisticalTests(at: profile));" }.joined()
        return MasterSeed.hex(StableHash.fnv1a64(text))
    }

    /// The encoder of the file: sorted keys, snake_case, non-finite numbers as strings.
    public static func encoded(_ record: RunRecord) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(record)
    }

    /// Reads a file written by `encoded`; the error says what is wrong where.
    public static func decoded(_ data: Data) throws -> RunRecord {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(RunRecord.self, from: data)
    }

    /// `decoded`, then every field the merge and the table read back checked: the format, the
    /// master seed, each claim's seeds and origins (`ClaimEntry.result`).
    public static func validated(_ data: Data) throws -> RunRecord {
        let record = try decoded(data)
        guard record.format == currentFormat else {
            throw RunRecordError(field: "format", value: record.format, allowed: currentFormat)
        }
        guard let seed = record.masterSeedValue else {
            throw RunRecordError(field: "master_seed", value: record.masterSeed, allowed: "a decimal integer below 2^64 or 0x and up to 16 hex digits")
        }
        for claim in record.claims { _ = try claim.result(profile: record.profile, masterSeed: seed) }
        return record
    }

    /// A decoding error in words: what is wrong and at which key path.
    public static func explain(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().drop { $0 == "." }.description
        }
        switch error {
        case let .keyNotFound(key, context): return "missing key '\(key.stringValue)' at '\(path(context.codingPath))'"
        case let .typeMismatch(_, context), let .valueNotFound(_, context), let .dataCorrupted(context):
            return "\(context.debugDescription) at '\(path(context.codingPath))'"
        @unknown default: return "\(error)"
        }
    }
}
