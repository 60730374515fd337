import Foundation

/// Saved failures, proptest style: one file per claim, `<directory>/<claimID>.txt`, committed
/// beside the claims, append-only, one line per failure:
///
/// ```
/// <caseSeedHex> # shrinks to <compact JSON of the shrunk case>
/// ```
/// Lines starting with `#` are comments; unreadable lines are skipped with a warning. Both the
/// seed and the shrunk case of every line are replayed before new cases. Reads and writes never
/// crash: I/O errors become warnings.
public struct RegressionStore: Sendable, Equatable {
    /// The environment variable that overrides the regression folder.
    public static let environmentKey = "GUIDANCE_REGRESSIONS"
    static let separator = " # shrinks to "

    /// One saved failure.
    public struct Entry: Sendable, Equatable {
        public var seed: CaseSeed
        /// The shrunk case as JSON; nil on a line with only a seed.
        public var shrunkJSON: String?

        public init(seed: CaseSeed, shrunkJSON: String?) {
            self.seed = seed
            self.shrunkJSON = shrunkJSON
        }

        /// The entry as one line of a regression file.
        public var line: String { shrunkJSON.map { seed.hex + RegressionStore.separator + $0 } ?? seed.hex }
    }

    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    /// The file of `claimID`.
    public func file(for claimID: String) -> URL { directory.appendingPathComponent("\(claimID).txt") }

    /// The entries saved for `claimID` (none when the file does not exist), with a warning per
    /// skipped line or unreadable file.
    public func load(claimID: String) -> (entries: [Entry], warnings: [String]) {
        let url = file(for: claimID)
        guard FileManager.default.fileExists(atPath: url.path) else { return ([], []) }
        do {
            return RegressionStore.parse(try String(contentsOf: url, encoding: .utf8), source: url.path)
        } catch {
            return ([], ["cannot read \(url.path): \(error.localizedDescription); no regressions replayed"])
        }
    }

    /// The entries of a regression file's text; `source` names it in warnings.
    public static func parse(_ text: String, source: String) -> (entries: [Entry], warnings: [String]) {
        var entries: [Entry] = [], warnings: [String] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.components(separatedBy: separator)
            let json = parts.count > 1 ? parts.dropFirst().joined(separator: separator) : nil
            guard let seed = CaseSeed(hex: parts[0].trimmingCharacters(in: .whitespaces)),
                  json.map(isJSON) ?? true
            else {
                warnings.append("\(source):\(number + 1): skipped unreadable line '\(line)' "
                    + "(expected '<caseSeedHex>\(separator)<JSON>')")
                continue
            }
            entries.append(Entry(seed: seed, shrunkJSON: json))
        }
        return (entries, warnings)
    }

    static func isJSON(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil
    }

    /// Appends `entry` to the file of `claimID` (creating folder and file with a header) unless
    /// its seed is already there; returns a warning instead of throwing when that fails.
    public func append(_ entry: Entry, claimID: String) -> String? {
        let url = file(for: claimID)
        let existing = load(claimID: claimID).entries
        guard !existing.contains(where: { $0.seed == entry.seed }) else { return nil }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            if !FileManager.default.fileExists(atPath: url.path) {
                let header = "# Failures of claim \(claimID) found by ClaimKit, replayed before new cases.\n"
                    + "# Append-only; commit this file. Format: <caseSeedHex>\(RegressionStore.separator)<JSON>\n"
                try header.write(to: url, atomically: true, encoding: .utf8)
            }
            let handle = try FileHandle(forWritingTo: url)
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data((entry.line + "\n").utf8))
            return nil
        } catch {
            return "cannot append to \(url.path): \(error.localizedDescription)"
        }
    }

    /// The package root above `filePath`: the nearest folder, walking up, that holds
    /// `Package.swift`. Nil when there is none.
    public static func packageRoot(above filePath: String) -> URL? {
        var url = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while url.path != "/" && !url.path.isEmpty {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url.deleteLastPathComponent()
        }
        return nil
    }

    /// `<package root>/Properties/Regressions` for the package holding `filePath` (pass
    /// `#filePath` of the claims' or tests' source); nil outside a package.
    public static func defaultDirectory(nearFile filePath: String) -> URL? {
        packageRoot(above: filePath)?.appendingPathComponent("Properties").appendingPathComponent("Regressions")
    }
}
