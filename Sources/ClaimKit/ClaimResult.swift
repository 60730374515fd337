import Foundation

/// The verdict of a whole run of one claim.
public enum VerdictCategory: String, Sendable, Codable, CaseIterable {
    /// Every case held (and inconclusive cases stayed within the claim's share).
    case holds
    /// A case failed, as expected of a claim recorded as a known counterexample.
    case knownCounterexample = "known counterexample"
    /// A case failed unexpectedly.
    case fails
    /// Too many cases were inconclusive to say that the claim holds.
    case inconclusive
}

/// The failing case of a run: as found and as shrunk, with what it takes to replay it.
public struct Counterexample: Sendable {
    /// Where the failing case came from.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        case generated(index: Int)
        case regressionSeed
        case regressionCase
        case replay

        public var description: String {
            switch self {
            case let .generated(index): return "case \(index)"
            case .regressionSeed: return "saved regression seed"
            case .regressionCase: return "saved regression case"
            case .replay: return "replayed seed"
            }
        }
    }

    public var origin: Origin
    public var masterSeed: UInt64
    public var caseSeed: CaseSeed
    /// The case as first found, as compact JSON with sorted keys.
    public var originalJSON: String
    /// The case after shrinking.
    public var shrunkJSON: String
    /// The verdict of the shrunk case.
    public var verdict: Verdict
    /// Accepted shrink steps and checks spent on shrinking.
    public var shrinkSteps: Int
    public var shrinkChecks: Int
    public var replay: ReplayRequest
    /// The files written for the counterexample (`CounterexampleReport.write`).
    public var reportFiles: [URL]
}

/// One case as a run checked it: where it came from, its seed, and its verdict's figures.
public struct CaseRecord: Sendable {
    /// Where the case stands in the order of the whole (unsharded) run: saved regression j is
    /// `2j` (its seed) and `2j + 1` (its saved case), generated case i is `2R + i` with R the
    /// number of saved regressions. Shards of one run agree on it, so `ShardMerge` can tell which
    /// failure the whole run would have stopped at.
    public var position: Int
    public var origin: Counterexample.Origin
    public var seed: CaseSeed
    /// "holds", "fails" or "inconclusive".
    public var verdict: String
    public var reason: String?
    public var figures: [Figure]
}

/// The result of running one claim (`ClaimRunner.run`).
public struct ClaimResult: Sendable {
    public var info: ClaimInfo
    public var category: VerdictCategory
    public var profile: Profile
    public var masterSeed: UInt64
    public var casesRun: Int
    public var inconclusiveCount: Int
    /// The figures of the failing case (shrunk) or else of the last case run.
    public var figures: [Figure]
    /// Every case checked, in order (regressions, generated cases; not shrink candidates).
    public var cases: [CaseRecord] = []
    /// Why the run stopped, in words.
    public var stopReason: String
    public var counterexample: Counterexample?
    /// Problems of the harness that did not stop the run (unreadable regression lines, files
    /// that could not be written).
    public var warnings: [String]
    /// The claim's generated cases at the profile (all shards together) and its saved
    /// regressions, as this run saw them.
    public var generatedCases = 0
    public var savedRegressions = 0
    /// The claim's `maxInconclusiveShare`, which decides the inconclusive verdict.
    public var maxInconclusiveShare = 0.0
    /// Wall-clock seconds of the claim's run (cases, shrinking and reports).
    public var wallSeconds = 0.0
    /// The process's peak resident memory when the claim finished (`ResourceUsage`: it only
    /// grows, so it bounds this claim's peak and those of the claims before it).
    public var peakMemoryBytes = 0

    /// The weakest of the cases' `detects` figures (`Figure.detects`: the largest discrepancy
    /// size, so what every case detects), nil for a claim whose checks are exact.
    public var weakestDetectable: Figure? {
        cases.flatMap(\.figures).filter { $0.detectable == true }.max { $0.value < $1.value }
    }

    /// Every case's seed, verdict and figures, one line each (`guidance check --details`).
    public var caseDetails: String {
        cases.map { "  \($0.origin) \($0.seed.hex) \($0.verdict): \($0.figures.summary)" + ($0.reason.map { " [\($0)]" } ?? "") }
            .joined(separator: "\n")
    }

    /// Whether `inconclusive` of `cases` exceeds the share a claim allows: the run is then
    /// inconclusive, `inconclusive > share · cases`.
    public static func tooManyInconclusive(_ inconclusive: Int, of cases: Int, share: Double) -> Bool {
        Double(inconclusive) > share * Double(cases)
    }

    /// A failure the suite did not expect, or too many inconclusive cases.
    public var isUnexpectedFailure: Bool { category == .fails || category == .inconclusive }

    /// A claim recorded as a known counterexample for which no counterexample was found.
    public var isUnexpectedPass: Bool { info.expectsCounterexample && category == .holds }

    /// The full account of the run, for test failures and the command line: claim, verdict,
    /// figures, seeds, replay commands and report files.
    public var readableReport: String {
        var lines = ["\(info.id) \(info.paper): \(category.rawValue)", "  \(info.statement)", "  \(stopReason)"]
        lines.append("  cases: \(casesRun), inconclusive: \(inconclusiveCount); "
            + "profile \(profile.rawValue), master seed \(MasterSeed.hex(masterSeed))")
        if !figures.isEmpty { lines.append("  figures: \(figures.summary)") }
        if let c = counterexample {
            lines.append("  counterexample (\(c.origin), case seed \(c.caseSeed.hex)): \(c.verdict.reason ?? "")")
            lines.append("    found:  \(c.originalJSON)")
            lines.append("    shrunk: \(c.shrunkJSON) (\(c.shrinkSteps) steps, \(c.shrinkChecks) checks)")
            lines.append("  replay: \(c.replay.testCommand)")
            lines.append("      or: \(c.replay.cliCommand)")
            for file in c.reportFiles { lines.append("  report: \(file.path)") }
        }
        for warning in warnings { lines.append("  warning: \(warning)") }
        return lines.joined(separator: "\n")
    }
}
