import ClaimKit
import GuidanceNumerics
import Testing

@Suite("Inconclusive is never a pass")
struct InconclusiveTests {
    @Test func thrownNotConvergedIsInconclusiveAndFailsTheRunOverTheShare() {
        let result = ExampleClaims.notConverging(share: 0.5).erased.run(quietConfiguration())
        #expect(result.category == .inconclusive)
        #expect(result.inconclusiveCount > 10 && result.inconclusiveCount < 90)
        #expect(result.casesRun == 100)
        #expect(result.stopReason.contains("did not converge"), "\(result.stopReason)")
        #expect(result.isUnexpectedFailure)
        #expect(SuiteSummary.exitStatus([result]) == 1)
    }

    @Test func inconclusiveWithinTheShareStillHolds() {
        let result = ExampleClaims.notConverging(share: 0.5, maxInconclusiveShare: 0.9).erased.run(quietConfiguration())
        #expect(result.category == .holds)
        #expect(result.inconclusiveCount > 0)
        #expect(result.stopReason.contains("inconclusive, within the limit"))
    }

    @Test func returnedInconclusiveVerdictIsNotAPass() {
        let result = ExampleClaims.undecided.erased.run(quietConfiguration())
        #expect(result.category == .inconclusive)
        #expect(result.inconclusiveCount == result.casesRun)
        #expect(!Verdict.inconclusive(reason: "x", figures: []).isHolds)
    }

    @Test func errorOfTheGeneratorIsInconclusive() {
        let claim = Claim<Double>(
            ExampleClaims.info("T.gen"),
            generate: { _ in throw NumericsError.invalidArgument(name: "w", value: "-1", allowed: "w ≥ 0") },
            check: { _, _ in .holds(figures: []) })
        let result = claim.erased.run(quietConfiguration())
        #expect(result.category == .inconclusive)
        #expect(result.stopReason.contains("generate threw"))
    }
}
