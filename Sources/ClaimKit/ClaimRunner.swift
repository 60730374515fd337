/// Runs one claim in phases, each of which can stop the run with a readable reason:
///
/// 0. replay: when `RunConfiguration.replay` names this claim, only that case runs;
/// 1. regressions: every saved failure (`RegressionStore`) runs, first from its seed, then from
///    its shrunk case (checked with the saved seed);
/// 2. generate: `casesAt(profile)` cases from seeds derived from the master seed (`CaseSeed`),
///    the first `edgeCases` of them edge cases (only those in `RunConfiguration.caseRange`, if
///    set; phase 1 then runs only when the range starts at 0);
///    in a shard (`RunConfiguration.shard`), phases 1 and 2 run only the shard's regressions and
///    cases (`Shard.owns`), with the same seeds;
/// 3. shrink: the first failure is shrunk greedily: take the first candidate of `shrink` that
///    still fails, and repeat until none does or `maxShrinkSteps` checks are spent. Candidates
///    are checked with the failing case's seed, so Monte Carlo checks see the same noise.
///
/// A failure is then reported (`CounterexampleReport`) and, unless the claim is a known
/// counterexample, appended to the regression store. A thrown error is an inconclusive case.
public enum ClaimRunner {
    public static func run<Case>(_ claim: Claim<Case>, configuration: RunConfiguration) -> ClaimResult {
        var run = ClaimRun(claim: claim, configuration: configuration)
        return run.execute()
    }
}

/// The state of one run of one claim (`ClaimRunner`).
struct ClaimRun<Case: Codable & Sendable> {
    struct Failure {
        var origin: Counterexample.Origin
        var seed: CaseSeed
        var value: Case
        var verdict: Verdict
    }

    let claim: Claim<Case>
    let configuration: RunConfiguration
    var progress: Progress
    var casesRun = 0
    var inconclusiveCount = 0
    var lastInconclusiveReason = ""
    var lastFigures: [Figure] = []
    var records: [CaseRecord] = []
    var warnings: [String] = []
    /// The position in the whole run's order of the case being checked (`CaseRecord.position`).
    var position = 0
    var savedRegressions = 0
    let start = ContinuousClock.now

    init(claim: Claim<Case>, configuration: RunConfiguration) {
        self.claim = claim
        self.configuration = configuration
        progress = Progress(claimID: claim.info.id, quiet: configuration.quiet)
    }

    mutating func execute() -> ClaimResult {
        if let notice = configuration.profileNotice { progress.say(notice) }
        if let replay = configuration.replay, replay.claimID == claim.info.id {
            progress.say("replaying case seed \(replay.seed) only")
            let failure = runSeed(replay.seed, origin: .replay)
            return finish(failure, passed: "the replayed case \(replay.seed)")
        }
        let total = claim.casesAt(configuration.profile)
        let range = configuration.caseRange.map { $0.clamped(to: 0..<total) } ?? 0..<total
        let shard = configuration.shard
        if range.lowerBound == 0, let failure = replayRegressions() { return finish(failure, passed: "") }
        let only = (range == 0..<total ? "" : ", cases \(range.lowerBound)..<\(range.upperBound) only")
            + (shard.isWhole ? "" : ", shard \(shard)")
        progress.say("\(total) cases\(only), profile \(configuration.profile.rawValue), master seed \(MasterSeed.hex(configuration.masterSeed))")
        for index in range where shard.owns(index, of: claim.info.id) {
            let seed = CaseSeed(
                master: configuration.masterSeed, claimID: claim.info.id, index: index,
                edgeCase: index < claim.edgeCases)
            position = 2 * savedRegressions + index
            if let failure = runSeed(seed, origin: .generated(index: index)) { return finish(failure, passed: "") }
            progress.tick(index + 1, of: total, last: records.last)
        }
        let cases = range == 0..<total ? "all \(total) generated cases" : "generated cases \(range.lowerBound)..<\(range.upperBound) of \(total)"
        return finish(nil, passed: shard.isWhole ? cases : "shard \(shard)'s share of the \(cases)")
    }

    /// Phase 1: each saved seed, then each saved shrunk case; the first failure, if any.
    mutating func replayRegressions() -> Failure? {
        guard let store = configuration.regressions else { return nil }
        let (entries, problems) = store.load(claimID: claim.info.id)
        warnings += problems
        savedRegressions = entries.count
        let mine = entries.indices.filter { configuration.shard.owns($0, of: claim.info.id) }
        guard !mine.isEmpty else { return nil }
        progress.say("replaying \(mine.count) saved regressions" + (configuration.shard.isWhole ? "" : " of \(entries.count)"))
        for j in mine {
            let entry = entries[j]
            position = 2 * j
            if let failure = runSeed(entry.seed, origin: .regressionSeed) { return failure }
            position = 2 * j + 1
            guard let json = entry.shrunkJSON else { continue }
            do {
                let value = try CaseCoding.decode(Case.self, from: json)
                if let failure = runCase(value, seed: entry.seed, origin: .regressionCase) { return failure }
            } catch {
                warnings.append("saved case \(json) of \(claim.info.id) no longer decodes (\(error)); skipped")
            }
        }
        return nil
    }

    /// Generates the case of `seed` and checks it; an error of the generator is inconclusive.
    mutating func runSeed(_ seed: CaseSeed, origin: Counterexample.Origin) -> Failure? {
        var generator = CaseGenerator(seed: seed, profile: configuration.profile)
        do {
            return runCase(try claim.generate(&generator), seed: seed, origin: origin)
        } catch {
            record(.inconclusive(reason: "generate threw: \(error)", figures: []), seed: seed, origin: origin)
            return nil
        }
    }

    mutating func runCase(_ value: Case, seed: CaseSeed, origin: Counterexample.Origin) -> Failure? {
        let verdict = evaluate(value, seed: seed)
        record(verdict, seed: seed, origin: origin)
        return verdict.isFailure ? Failure(origin: origin, seed: seed, value: value, verdict: verdict) : nil
    }

    mutating func record(_ verdict: Verdict, seed: CaseSeed, origin: Counterexample.Origin) {
        casesRun += 1
        lastFigures = verdict.figures
        let word = verdict.isHolds ? "holds" : verdict.isFailure ? "fails" : "inconclusive"
        records.append(CaseRecord(position: position, origin: origin, seed: seed, verdict: word, reason: verdict.reason, figures: verdict.figures))
        if case let .inconclusive(reason, _) = verdict {
            inconclusiveCount += 1
            lastInconclusiveReason = reason
        }
    }

    /// The verdict on one case; a thrown error (e.g. `NumericsError.notConverged`) is inconclusive.
    func evaluate(_ value: Case, seed: CaseSeed) -> Verdict {
        let context = CheckContext(profile: configuration.profile, alpha: configuration.alphaPerTest, caseSeed: seed)
        do {
            return try claim.check(value, context)
        } catch {
            return .inconclusive(reason: "check threw: \(error)", figures: [])
        }
    }
}
