import Foundation

/// Progress lines of long runs on standard error, prefixed with the claim id; silent when the
/// run is quiet (`GUIDANCE_QUIET=1`). Case counts are printed at most every `interval`.
struct Progress {
    let claimID: String
    let quiet: Bool
    let interval: Duration = .seconds(10)
    private var lastReport = ContinuousClock.now

    init(claimID: String, quiet: Bool) {
        self.claimID = claimID
        self.quiet = quiet
    }

    func say(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("[\(claimID)] \(message)\n".utf8))
    }

    /// Reports `done` of `total` cases when `interval` has passed since the last report.
    mutating func tick(_ done: Int, of total: Int) {
        let now = ContinuousClock.now
        guard now - lastReport >= interval else { return }
        lastReport = now
        say("\(done)/\(total) cases")
    }
}
