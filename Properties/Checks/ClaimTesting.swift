import ClaimKit
import Claims
import Foundation
import Testing

/// The glue between ClaimKit and Swift Testing: runs a claim through `ClaimRunner` with the
/// configuration of the environment (`RunConfiguration.fromEnvironment`, the false-alarm budget
/// split over `ClaimRegistry.all`, regressions in `Properties/Regressions`) and turns its result
/// into issues:
/// - an unexpected failure, or too many inconclusive cases, is an issue carrying the readable
///   report (claim, figures, master seed, case seed, replay command, report files), with the
///   report files attached;
/// - a known counterexample's failure is recorded inside `withKnownIssue`, so it shows as known,
///   and a run that finds no counterexample is flagged as an unexpected pass.
/// - every negative control of the claim (`Claim.controls`) must be rejected: one that is not is
///   an issue naming the claim and the control.
/// Runs share no mutable state, so the tests of different claims may run in parallel.
enum ClaimTesting {
    static func verify(_ claim: AnyClaim, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let configuration = try RunConfiguration.fromEnvironment(
            registry: ClaimRegistry.all, regressionsDirectory: RegressionStore.defaultDirectory(nearFile: #filePath))
        let result = claim.run(configuration)
        for warning in result.warnings {
            Issue.record(Comment(rawValue: "\(claim.id): \(warning)"), severity: .warning, sourceLocation: sourceLocation)
        }
        if case let .knownCounterexample(note) = claim.info.expectation, result.category != .inconclusive {
            withKnownIssue("\(claim.id) is a known counterexample: \(note)", sourceLocation: sourceLocation) {
                if result.category == .knownCounterexample { record(result, sourceLocation: sourceLocation) }
            }
        } else if result.isUnexpectedFailure {
            record(result, sourceLocation: sourceLocation)
        }
        for (control, detail) in claim.unrejectedControls(configuration, registry: ClaimRegistry.all) {
            Issue.record(Comment(rawValue: "\(claim.id): the control \"\(control)\" was not rejected: \(detail)"), sourceLocation: sourceLocation)
        }
    }

    /// Records the result's report as an issue and attaches its counterexample files.
    static func record(_ result: ClaimResult, sourceLocation: SourceLocation) {
        Issue.record(Comment(rawValue: result.readableReport), sourceLocation: sourceLocation)
        for file in result.counterexample?.reportFiles ?? [] {
            guard let data = try? Data(contentsOf: file) else { continue }
            Attachment.record(data, named: file.lastPathComponent, sourceLocation: sourceLocation)
        }
    }
}
