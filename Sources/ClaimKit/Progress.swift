import Foundation

/// Progress lines of long runs on standard error, prefixed with the claim id; silent when the
/// run is quiet (`GUIDANCE_QUIET=1`).
struct Progress: Sendable {
    let claimID: String
    let quiet: Bool

    func say(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("[\(claimID)] \(message)\n".utf8))
    }
}
