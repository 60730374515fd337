import Foundation

/// Rebuilds the results of a whole run from the records of its N shards (`guidance check
/// merge`), so that the verdict table is the one the unsharded run prints, but for the times.
///
/// First the shards must be one run: the same format, version, profile, master seed, registry
/// fingerprint, false-alarm budget, case range and claims, each shard `K/N` exactly once. Then,
/// per claim, the cases of all shards are put back in the whole run's order
/// (`CaseRecord.position`). The whole run stops at its first failing case; every case before it
/// was checked by some shard (a shard stops only at its own first failure, which comes later),
/// so the merged claim keeps the cases up to the earliest failure of any shard, that shard's
/// shrunk counterexample and stop reason, and drops the cases other shards checked beyond it.
/// Without a failure it keeps every case, the figures of the last, and decides the inconclusive
/// verdict on the total counts (`ClaimResult.tooManyInconclusive`). Wall times add up; the peak
/// memory is the largest.
public enum ShardMerge {
    /// A shard's file name (for errors) and its record.
    public typealias Shard = (name: String, record: RunRecord)

    public static func merge(_ shards: [Shard]) throws(ShardMergeError) -> RunRecord {
        guard let first = shards.first else { throw .noShards }
        try checkOneRun(shards)
        var merged = first.record
        merged.shard = .whole
        merged.wallSeconds = shards.map(\.record.wallSeconds).reduce(0, +)
        merged.peakMemoryBytes = shards.map(\.record.peakMemoryBytes).max() ?? 0
        merged.claims = try first.record.claims.indices.map { i throws(ShardMergeError) in
            try mergeClaim(shards.map { ($0.name, $0.record.claims[i]) })
        }
        return merged
    }

    /// Same run, each shard once, none missing.
    static func checkOneRun(_ shards: [Shard]) throws(ShardMergeError) {
        let (firstName, first) = shards[0]
        for (name, record) in shards {
            guard record.format == RunRecord.currentFormat else {
                throw .notOneRun(file: name, field: "format", value: record.format, expected: RunRecord.currentFormat, reference: firstName)
            }
            let fields: [(String, String, String)] = [
                ("version", record.version, first.version),
                ("profile", record.profile.rawValue, first.profile.rawValue),
                ("master_seed", record.masterSeed, first.masterSeed),
                ("registry", "\(record.registry.claims) claims, \(record.registry.fingerprint)",
                 "\(first.registry.claims) claims, \(first.registry.fingerprint)"),
                ("false_alarm_budget", "\(record.falseAlarmBudget.total) over \(record.falseAlarmBudget.tests) tests",
                 "\(first.falseAlarmBudget.total) over \(first.falseAlarmBudget.tests) tests"),
                ("case_range", "\(record.caseRange ?? [])", "\(first.caseRange ?? [])"),
                ("claims", record.claims.map(\.id).joined(separator: ","), first.claims.map(\.id).joined(separator: ",")),
                ("shard count", "\(record.shard.count)", "\(first.shard.count)"),
            ]
            for (field, value, expected) in fields where value != expected {
                throw .notOneRun(file: name, field: field, value: value, expected: expected, reference: firstName)
            }
            for (entry, reference) in zip(record.claims, first.claims)
            where entry.generatedCases != reference.generatedCases || entry.savedRegressions != reference.savedRegressions {
                throw .notOneRun(
                    file: name, field: "claims[\(entry.id)] cases",
                    value: "\(entry.generatedCases) generated, \(entry.savedRegressions) saved regressions",
                    expected: "\(reference.generatedCases) generated, \(reference.savedRegressions) saved regressions",
                    reference: firstName)
            }
        }
        let count = first.shard.count
        var seen: [Int: String] = [:]
        for (name, record) in shards {
            if let earlier = seen[record.shard.index] {
                throw .duplicateShard(shard: record.shard.description, files: [earlier, name])
            }
            seen[record.shard.index] = name
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        if !missing.isEmpty {
            throw .missingShards(missing.map { "\($0)/\(count)" }, given: shards.map { "\($0.name) (\($0.record.shard))" })
        }
    }

    /// One claim's entries, one per shard, as the whole run's entry.
    static func mergeClaim(_ parts: [(name: String, entry: RunRecord.ClaimEntry)]) throws(ShardMergeError) -> RunRecord.ClaimEntry {
        var merged = parts[0].entry
        let records = parts.flatMap(\.entry.records).sorted { $0.position < $1.position }
        for (a, b) in zip(records, records.dropFirst()) where a.position == b.position {
            let files = parts.filter { $0.entry.records.contains { $0.position == a.position } }.map(\.name)
            throw .overlappingCases(claim: merged.id, position: a.position, files: files)
        }
        merged.wallSeconds = parts.map(\.entry.wallSeconds).reduce(0, +)
        merged.peakMemoryBytes = parts.map(\.entry.peakMemoryBytes).max() ?? 0
        merged.warnings = parts.flatMap(\.entry.warnings)
        let failing = parts.compactMap { part in part.entry.counterexample.map { (part.entry, $0.position) } }
            .min { $0.1 < $1.1 }
        if let (entry, position) = failing {
            merged.records = records.filter { $0.position <= position }
            merged.verdict = entry.verdict
            merged.figures = entry.figures
            merged.counterexample = entry.counterexample
            merged.stopReason = entry.stopReason
        } else {
            merged.records = records
            merged.counterexample = nil
            merged.figures = records.last?.figures ?? []
            let inconclusive = records.filter { $0.verdict == "inconclusive" }.count
            if ClaimResult.tooManyInconclusive(inconclusive, of: records.count, share: merged.maxInconclusiveShare) {
                merged.verdict = .inconclusive
                merged.stopReason = "\(inconclusive) of \(records.count) cases inconclusive, above the limit of "
                    + "\(Int((merged.maxInconclusiveShare * 100).rounded()))% (\(parts.count) shards merged)"
            } else {
                merged.verdict = .holds
                merged.stopReason = "the \(records.count) cases of \(parts.count) shards held"
                    + (inconclusive > 0 ? " (\(inconclusive) inconclusive, within the limit)" : "")
            }
        }
        merged.cases = merged.records.count
        merged.inconclusive = merged.records.filter { $0.verdict == "inconclusive" }.count
        return merged
    }
}

/// Why shard files do not merge; each names the file(s) and what is wrong.
public enum ShardMergeError: Error, Equatable, CustomStringConvertible {
    case noShards
    /// `file`'s `field` is `value` where `reference` (the first file) has `expected`.
    case notOneRun(file: String, field: String, value: String, expected: String, reference: String)
    case duplicateShard(shard: String, files: [String])
    case missingShards([String], given: [String])
    /// Two shards both checked the case at `position` of `claim`: not shards of one run.
    case overlappingCases(claim: String, position: Int, files: [String])

    public var description: String {
        switch self {
        case .noShards:
            return "merge: no shard files given"
        case let .notOneRun(file, field, value, expected, reference):
            return "\(file): \(field) is '\(value)', but \(reference) has '\(expected)': not shards of one run"
        case let .duplicateShard(shard, files):
            return "shard \(shard) is given twice: \(files.joined(separator: " and "))"
        case let .missingShards(missing, given):
            return "shard\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) missing (given: \(given.joined(separator: ", ")))"
        case let .overlappingCases(claim, position, files):
            return "claim \(claim): the case at position \(position) was checked by more than one shard (\(files.joined(separator: ", ")))"
        }
    }
}
