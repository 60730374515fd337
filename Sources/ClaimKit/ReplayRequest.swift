import Foundation

/// A request to run one case of one claim again: `<claimID>@<caseSeedHex>`, read from the
/// environment variable `GUIDANCE_REPLAY` or given to `guidance check --replay`.
///
/// Replaying runs only that case (then shrinks it if it fails); other claims run as usual.
public struct ReplayRequest: Sendable, Equatable, CustomStringConvertible {
    /// The environment variable that asks the test run for a replay.
    public static let environmentKey = "GUIDANCE_REPLAY"

    public var claimID: String
    public var seed: CaseSeed

    public init(claimID: String, seed: CaseSeed) {
        self.claimID = claimID
        self.seed = seed
    }

    /// Parses `<claimID>@<caseSeedHex>`; the error names `setting` and the expected form.
    public static func parse(_ text: String, setting: String = environmentKey) throws(ClaimKitError) -> ReplayRequest {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let seed = CaseSeed(hex: String(parts[1])) else {
            throw .invalidSetting(
                name: setting, value: text, allowed: "<claimID>@<caseSeedHex>, e.g. G1.2@0x00000000deadbeef")
        }
        return ReplayRequest(claimID: String(parts[0]), seed: seed)
    }

    /// The request in `GUIDANCE_REPLAY`, nil when unset or empty.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ClaimKitError) -> ReplayRequest? {
        guard let text = environment[environmentKey], !text.isEmpty else { return nil }
        return try parse(text)
    }

    /// `<claimID>@<caseSeedHex>`.
    public var description: String { "\(claimID)@\(seed.hex)" }

    /// The command that replays the case under `swift test`.
    public var testCommand: String {
        "\(ReplayRequest.environmentKey)=\(self) swift test -c release --filter \"\(ReplayRequest.testFilter(claimID))\""
    }

    /// The equivalent command of the command-line tool.
    public var cliCommand: String {
        "swift run -c release guidance check --claim \(claimID) --replay \(seed.hex)"
    }

    /// The `swift test --filter` pattern that selects the test of a claim: the id itself.
    /// Swift Testing matches the pattern (a regular expression) against test function names,
    /// so the test of claim `G1.2` is named `claim_G1_2` (`.` in the pattern matches `_`).
    public static func testFilter(_ claimID: String) -> String { claimID }
}
