import Foundation

/// Progress lines of long runs on standard error, prefixed with the claim id; silent when the
/// run is quiet (`GUIDANCE_QUIET=1`). Case counts and the time so far are printed at most every
/// `interval`; a case that itself took longer than `interval` also gets its own line (index,
/// seed, verdict, seconds), so an interrupted long run shows which cases held and where to
/// resume (`guidance check --cases`).
struct Progress {
    let claimID: String
    let quiet: Bool
    let interval: Duration = .seconds(10)
    private let start = ContinuousClock.now
    private var lastReport = ContinuousClock.now
    private var lastCase = ContinuousClock.now

    init(claimID: String, quiet: Bool) {
        self.claimID = claimID
        self.quiet = quiet
    }

    func say(_ message: String) {
        guard !quiet else { return }
        FileHandle.standardError.write(Data("[\(claimID)] \(message)\n".utf8))
    }

    /// Reports `done` of `total` cases when `interval` has passed since the last report, and
    /// `last` (the case just checked, index `done - 1`) when it took longer than `interval`.
    mutating func tick(_ done: Int, of total: Int, last: CaseRecord?) {
        let now = ContinuousClock.now
        defer { lastCase = now }
        if let last, now - lastCase >= interval {
            say("case \(done - 1) (seed \(last.seed)): \(last.verdict) after \(Self.seconds(now - lastCase)) s; \(last.figures.summary)")
        }
        guard now - lastReport >= interval else { return }
        lastReport = now
        say("\(done)/\(total) cases, \(Self.seconds(now - start)) s so far")
    }

    private static func seconds(_ duration: Duration) -> String {
        String(format: "%.0f", duration / .seconds(1))
    }
}
