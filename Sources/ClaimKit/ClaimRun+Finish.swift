/// Phase 3 and the result: shrinking, reports, the regression entry and the verdict category.
extension ClaimRun {
    /// Greedy shrinking: repeatedly the first candidate that still fails, within the step budget.
    func shrink(_ failure: Failure) -> (value: Case, verdict: Verdict, steps: Int, checks: Int, exhausted: Bool) {
        var value = failure.value, verdict = failure.verdict, steps = 0, checks = 0
        search: while true {
            for candidate in claim.shrink(value) {
                guard checks < configuration.maxShrinkSteps else { return (value, verdict, steps, checks, true) }
                checks += 1
                let candidateVerdict = evaluate(candidate, seed: failure.seed)
                if candidateVerdict.isFailure {
                    value = candidate
                    verdict = candidateVerdict
                    steps += 1
                    continue search
                }
            }
            return (value, verdict, steps, checks, false)
        }
    }

    /// The result of the run; `passed` names what held when nothing failed.
    mutating func finish(_ failure: Failure?, passed: String) -> ClaimResult {
        var result = ClaimResult(
            info: claim.info, category: .holds, profile: configuration.profile,
            masterSeed: configuration.masterSeed, casesRun: casesRun, inconclusiveCount: inconclusiveCount,
            figures: lastFigures, stopReason: "", counterexample: nil, warnings: [])
        result.cases = records
        result.generatedCases = claim.casesAt(configuration.profile)
        result.savedRegressions = savedRegressions
        result.maxInconclusiveShare = claim.maxInconclusiveShare
        if let failure {
            progress.say("\(failure.origin) fails: \(failure.verdict.reason ?? ""); shrinking")
            let shrunk = shrink(failure)
            let replay = ReplayRequest(claimID: claim.info.id, seed: failure.seed)
            let shrunkJSON = CaseCoding.encode(shrunk.value)
            var counterexample = Counterexample(
                origin: failure.origin, masterSeed: configuration.masterSeed, caseSeed: failure.seed,
                originalJSON: CaseCoding.encode(failure.value), shrunkJSON: shrunkJSON, verdict: shrunk.verdict,
                shrinkSteps: shrunk.steps, shrinkChecks: shrunk.checks, replay: replay, reportFiles: [])
            let expected = claim.info.expectsCounterexample
            result.category = expected ? .knownCounterexample : .fails
            result.figures = shrunk.verdict.figures
            result.stopReason = "\(failure.origin) fails (\(failure.verdict.reason ?? "")); shrunk: \(shrunk.verdict.reason ?? "")"
                + (shrunk.exhausted ? " (shrinking stopped at its budget of \(configuration.maxShrinkSteps) checks)" : "")
            if let directory = configuration.reportsDirectory {
                let context = CheckContext(
                    profile: configuration.profile, alpha: configuration.alphaPerTest, caseSeed: failure.seed)
                let report = claim.report?(shrunk.value, shrunk.verdict, context) ?? CounterexampleReport()
                let written = report.write(to: directory, info: claim.info, counterexample: counterexample)
                counterexample.reportFiles = written.files
                warnings += written.warnings
            }
            if !expected, let store = configuration.regressions,
               let problem = store.append(.init(seed: failure.seed, shrunkJSON: shrunkJSON), claimID: claim.info.id) {
                warnings.append(problem)
            }
            result.counterexample = counterexample
        } else if ClaimResult.tooManyInconclusive(inconclusiveCount, of: casesRun, share: claim.maxInconclusiveShare) {
            result.category = .inconclusive
            result.stopReason = "\(inconclusiveCount) of \(casesRun) cases inconclusive, above the limit of "
                + "\(Int((claim.maxInconclusiveShare * 100).rounded()))%; last: \(lastInconclusiveReason)"
        } else {
            result.stopReason = "\(passed) held"
                + (inconclusiveCount > 0 ? " (\(inconclusiveCount) inconclusive, within the limit)" : "")
        }
        result.warnings = warnings
        result.wallSeconds = (ContinuousClock.now - start) / .seconds(1)
        result.peakMemoryBytes = ResourceUsage.peakMemoryBytes()
        progress.say(result.category.rawValue + ": " + result.stopReason)
        return result
    }
}
