import Foundation

/// Between `ClaimResult`s and their `RunRecord`: what `--json` writes, and the results that
/// `guidance check merge` renders again as the verdict table.
extension RunRecord {
    /// The record of `results`, run under `configuration` with `budget` over `registry`.
    public init(
        results: [ClaimResult], configuration: RunConfiguration, budget: FalseAlarmBudget, registry: [AnyClaim],
        version: String, wallSeconds: Double
    ) {
        self.init(
            format: RunRecord.currentFormat, version: version, profile: configuration.profile,
            masterSeed: MasterSeed.hex(configuration.masterSeed), shard: configuration.shard,
            caseRange: configuration.caseRange.map { [$0.lowerBound, $0.upperBound] },
            registry: Registry(claims: registry.count, fingerprint: RunRecord.fingerprint(of: registry, at: configuration.profile)),
            falseAlarmBudget: Budget(total: budget.total, tests: budget.testCount, alphaPerTest: budget.alphaPerTest),
            wallSeconds: wallSeconds, peakMemoryBytes: ResourceUsage.peakMemoryBytes(),
            claims: results.map(ClaimEntry.init(result:)))
    }

    /// The budget the run split its alpha from.
    public var budget: FalseAlarmBudget { FalseAlarmBudget(total: falseAlarmBudget.total, testCount: falseAlarmBudget.tests) }

    /// The master seed as a number; nil when the file's text is not `0x` hex.
    public var masterSeedValue: UInt64? { MasterSeed.parse(masterSeed) }
}

extension RunRecord.ClaimEntry {
    public init(result: ClaimResult) {
        let counterexample = result.counterexample.map { c in
            RunRecord.CounterexampleEntry(
                position: result.cases.last?.position ?? 0, origin: c.origin.code, index: c.origin.index,
                caseSeed: c.caseSeed.hex, found: c.originalJSON, shrunk: c.shrunkJSON, reason: c.verdict.reason ?? "",
                shrinkSteps: c.shrinkSteps, shrinkChecks: c.shrinkChecks, replay: c.replay.cliCommand,
                replayTest: c.replay.testCommand, reportFiles: c.reportFiles.map(\.path),
                spec: c.reportFiles.first { $0.pathExtension == "json" }.flatMap { try? String(contentsOf: $0, encoding: .utf8) })
        }
        self.init(
            id: result.info.id, paper: result.info.paper, statement: result.info.statement,
            knownCounterexample: { if case let .knownCounterexample(note) = result.info.expectation { note } else { nil } }(),
            verdict: result.category, cases: result.casesRun, inconclusive: result.inconclusiveCount,
            figures: result.figures, counterexample: counterexample, wallSeconds: result.wallSeconds,
            peakMemoryBytes: result.peakMemoryBytes, generatedCases: result.generatedCases,
            savedRegressions: result.savedRegressions, maxInconclusiveShare: result.maxInconclusiveShare,
            stopReason: result.stopReason, warnings: result.warnings,
            records: result.cases.map { r in
                RunRecord.CaseEntry(
                    position: r.position, origin: r.origin.code, index: r.origin.index, seed: r.seed.hex,
                    verdict: r.verdict, reason: r.reason, figures: r.figures)
            })
    }

    /// The result this entry records, for the verdict table and the readable report; the error
    /// names the field that does not read. The info block keeps id, paper, statement and
    /// expectation (what the table and report show).
    public func result(profile: Profile, masterSeed: UInt64) throws(RunRecordError) -> ClaimResult {
        let info = ClaimInfo(
            id: id, paper: paper, setting: "", statement: statement, formalisation: "", tolerance: "",
            expectation: knownCounterexample.map { .knownCounterexample($0) } ?? .holds)
        var result = ClaimResult(
            info: info, category: verdict, profile: profile, masterSeed: masterSeed, casesRun: cases,
            inconclusiveCount: inconclusive, figures: figures, stopReason: stopReason, counterexample: nil, warnings: warnings)
        result.cases = try records.map { r throws(RunRecordError) in
            CaseRecord(
                position: r.position, origin: try Counterexample.Origin(code: r.origin, index: r.index, claim: id),
                seed: try CaseSeed.parsing(r.seed, field: "claims[\(id)].records.seed"), verdict: r.verdict, reason: r.reason,
                figures: r.figures)
        }
        if let c = counterexample {
            let seed = try CaseSeed.parsing(c.caseSeed, field: "claims[\(id)].counterexample.case_seed")
            result.counterexample = Counterexample(
                origin: try Counterexample.Origin(code: c.origin, index: c.index, claim: id), masterSeed: masterSeed,
                caseSeed: seed, originalJSON: c.found, shrunkJSON: c.shrunk, verdict: .fails(reason: c.reason, figures: figures),
                shrinkSteps: c.shrinkSteps, shrinkChecks: c.shrinkChecks, replay: ReplayRequest(claimID: id, seed: seed),
                reportFiles: c.reportFiles.map { URL(fileURLWithPath: $0) })
        }
        result.generatedCases = generatedCases
        result.savedRegressions = savedRegressions
        result.maxInconclusiveShare = maxInconclusiveShare
        result.wallSeconds = wallSeconds
        result.peakMemoryBytes = peakMemoryBytes
        return result
    }
}

/// A field of a `RunRecord` that does not read back.
public struct RunRecordError: Error, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var allowed: String

    public var description: String { "\(field) = '\(value)' is invalid: allowed \(allowed)" }
}

extension CaseSeed {
    static func parsing(_ text: String, field: String) throws(RunRecordError) -> CaseSeed {
        guard let seed = CaseSeed(hex: text) else {
            throw RunRecordError(field: field, value: text, allowed: "0x followed by up to 16 hex digits")
        }
        return seed
    }
}

extension Counterexample.Origin {
    /// `generated`, `regression-seed`, `regression-case` or `replay`, as the JSON writes it.
    var code: String {
        switch self {
        case .generated: return "generated"
        case .regressionSeed: return "regression-seed"
        case .regressionCase: return "regression-case"
        case .replay: return "replay"
        }
    }

    /// The generated case's index.
    var index: Int? { if case let .generated(index) = self { index } else { nil } }

    init(code: String, index: Int?, claim: String) throws(RunRecordError) {
        switch (code, index) {
        case let ("generated", index?) where index >= 0: self = .generated(index: index)
        case ("regression-seed", nil): self = .regressionSeed
        case ("regression-case", nil): self = .regressionCase
        case ("replay", nil): self = .replay
        default:
            throw RunRecordError(
                field: "claims[\(claim)] origin", value: "\(code) \(index.map(String.init) ?? "-")",
                allowed: "generated with an index ≥ 0, or regression-seed, regression-case, replay without one")
        }
    }
}
