import Foundation

/// Each claim's measured wall time for a whole run at each profile, so a user can size a sharded
/// run (`guidance check --list` prints them). Kept in `Properties/ExpectedTimes.json`, written by
/// `guidance check times FILE...` from the `--json` files of a whole run or of all its shards
/// (a claim's time over N shards is the sum of its shards' times: the time one worker needs).
/// These are measurements on the machine named in each entry, never estimates; a claim or a
/// profile without one prints as "not measured".
///
/// ```json
/// {"format": "guidance-times/1",
///  "profiles": {"ci": {"G1.0": {"seconds": 3.7, "measured": "2026-12-07", "machine": "…", "version": "…"}}}}
/// ```
public struct ExpectedTimes: Codable, Sendable, Equatable {
    public static let currentFormat = "guidance-times/1"
    /// The committed file, relative to the package root.
    public static let path = "Properties/ExpectedTimes.json"

    /// One claim's whole-run time at one profile, and where it was measured.
    public struct Measurement: Codable, Sendable, Equatable {
        public var seconds: Double
        /// `YYYY-MM-DD` (UTC).
        public var measured: String
        /// The CPU, core count and memory, as `guidance bench` prints them.
        public var machine: String
        /// The build that ran (`guidance --version`).
        public var version: String

        public init(seconds: Double, measured: String, machine: String, version: String) {
            (self.seconds, self.measured, self.machine, self.version) = (seconds, measured, machine, version)
        }
    }

    public var format: String = currentFormat
    /// Profile name → claim id → measurement.
    public var profiles: [String: [String: Measurement]] = [:]

    public init() {}

    /// The file at `url`; a missing file is an empty table, a malformed one a typed error.
    public static func load(from url: URL) throws(ExpectedTimesError) -> ExpectedTimes {
        guard FileManager.default.fileExists(atPath: url.path) else { return ExpectedTimes() }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw .unreadable(file: url.path, reason: error.localizedDescription) }
        let times: ExpectedTimes
        do {
            times = try JSONDecoder().decode(ExpectedTimes.self, from: data)
        } catch let error as DecodingError {
            throw .malformed(file: url.path, reason: RunRecord.explain(error))
        } catch {
            throw .malformed(file: url.path, reason: "\(error)")
        }
        guard times.format == currentFormat else {
            throw .malformed(file: url.path, reason: "format is \"\(times.format)\"; this build reads \"\(currentFormat)\"")
        }
        for (profile, claims) in times.profiles {
            guard Profile(rawValue: profile) != nil else {
                throw .malformed(file: url.path, reason: "profiles.\(profile): not a profile (ci, thorough, gpu)")
            }
            for (id, m) in claims where !(m.seconds.isFinite && m.seconds >= 0) {
                throw .malformed(file: url.path, reason: "profiles.\(profile).\(id).seconds = \(m.seconds): give a finite number ≥ 0")
            }
        }
        return times
    }

    /// The file's text: sorted keys, so an update changes only the entries it measured.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Records every claim of `record` (a whole run, or the merge of all its shards) at its
    /// profile. A run of only some cases (`--cases`) measures no claim's whole run: refused.
    public mutating func record(_ record: RunRecord, measured date: String, machine: String) throws(ExpectedTimesError) {
        guard record.caseRange == nil else {
            throw .partialRun(range: record.caseRange ?? [])
        }
        guard record.shard.count == 1 else { throw .singleShard(index: record.shard.index, count: record.shard.count) }
        var table = profiles[record.profile.rawValue] ?? [:]
        for claim in record.claims {
            table[claim.id] = Measurement(seconds: claim.wallSeconds, measured: date, machine: machine, version: record.version)
        }
        profiles[record.profile.rawValue] = table
    }

    /// `ci 3.7 s, thorough 45 min` for `id`, "not measured" where there is none; gpu only once
    /// the file holds gpu times.
    public func summary(for id: String) -> String {
        let order: [Profile] = profiles[Profile.gpu.rawValue] == nil ? [.ci, .thorough] : [.ci, .thorough, .gpu]
        return order.map { profile in
            guard let m = profiles[profile.rawValue]?[id] else { return "\(profile.rawValue) not measured" }
            return "\(profile.rawValue) \(Self.duration(m.seconds))"
        }.joined(separator: ", ")
    }

    /// `0.4 s`, `12 s`, `3.5 min`, `2.1 h`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 10 { return String(format: "%.1f s", seconds) }
        if seconds < 120 { return String(format: "%.0f s", seconds) }
        if seconds < 7200 { return String(format: "%.1f min", seconds / 60) }
        return String(format: "%.1f h", seconds / 3600)
    }
}

/// Why the expected-times file cannot be read or updated.
public enum ExpectedTimesError: Error, Equatable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case malformed(file: String, reason: String)
    case partialRun(range: [Int])
    case singleShard(index: Int, count: Int)

    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot be read (\(reason))"
        case let .malformed(file, reason): return "\(file): \(reason)"
        case let .partialRun(range):
            return "the run checked only cases \(range.map(String.init).joined(separator: "..<")): a claim's expected time needs its whole run (no --cases)"
        case let .singleShard(index, count):
            return "shard \(index)/\(count) is part of a run: give all \(count) shard files, which are merged first"
        }
    }
}
