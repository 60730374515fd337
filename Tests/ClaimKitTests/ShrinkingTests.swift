import ClaimKit
import Foundation
import Testing

@Suite("A false claim yields a shrunk, replayable, saved counterexample")
struct ShrinkingTests {
    @Test func falseClaimShrinksReplaysAndIsSaved() throws {
        let store = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let claim = ExampleClaims.sumBelow100()
        let result = claim.erased.run(quietConfiguration(regressions: store))

        #expect(result.category == .fails)
        #expect(result.isUnexpectedFailure)
        let c = try #require(result.counterexample)
        let original = try JSONDecoder().decode([Double].self, from: Data(c.originalJSON.utf8))
        let shrunk = try JSONDecoder().decode([Double].self, from: Data(c.shrunkJSON.utf8))
        #expect(shrunk.reduce(0, +) >= 100, "the shrunk case must still fail")
        #expect(shrunk.count < original.count, "shrunk \(shrunk) should have fewer elements than \(original)")
        #expect(c.shrunkJSON.count < c.originalJSON.count)
        #expect(shrunk.allSatisfy { $0 == $0.rounded() }, "rounder numbers: \(shrunk)")
        #expect(c.shrinkSteps > 0)

        // The one replay command reproduces the failing case.
        #expect(c.replay.testCommand.hasPrefix("GUIDANCE_REPLAY=T.sum@\(c.caseSeed.hex) swift test -c release --filter"))
        #expect(c.replay.cliCommand == "swift run -c release guidance check --claim T.sum --replay \(c.caseSeed.hex)")
        let token = try #require(c.replay.testCommand.split(separator: " ").first?.split(separator: "=").last)
        var replayConfiguration = quietConfiguration()
        replayConfiguration.replay = try ReplayRequest.parse(String(token))
        let replayed = claim.erased.run(replayConfiguration)
        #expect(replayed.category == .fails)
        #expect(replayed.casesRun == 1)
        #expect(replayed.counterexample?.origin == .replay)
        #expect(replayed.counterexample?.originalJSON == c.originalJSON)
        #expect(replayed.counterexample?.shrunkJSON == c.shrunkJSON)

        // A regression entry was appended, and the next run replays it first, under any seed.
        let entries = RegressionStore(directory: store).load(claimID: "T.sum").entries
        #expect(entries == [RegressionStore.Entry(seed: c.caseSeed, shrunkJSON: c.shrunkJSON)])
        let again = claim.erased.run(quietConfiguration(seed: 7, regressions: store))
        #expect(again.counterexample?.origin == .regressionSeed)
        #expect(again.counterexample?.caseSeed == c.caseSeed)
        #expect(again.casesRun == 1)
        #expect(RegressionStore(directory: store).load(claimID: "T.sum").entries.count == 1, "no duplicate entries")
    }

    @Test func knownCounterexampleIsExpectedAndNotSaved() throws {
        let store = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: store) }
        let claim = ExampleClaims.sumBelow100(expectation: .knownCounterexample("sums reach 100"))
        let result = claim.erased.run(quietConfiguration(regressions: store))
        #expect(result.category == .knownCounterexample)
        #expect(!result.isUnexpectedFailure)
        #expect(result.counterexample != nil)
        #expect(!FileManager.default.fileExists(atPath: RegressionStore(directory: store).file(for: "T.sum").path))
        #expect(SuiteSummary.exitStatus([result]) == 0)
    }

    @Test func unexpectedPassOfKnownCounterexampleIsFlagged() {
        var info = ExampleClaims.info("T.pass", expectation: .knownCounterexample("thought false"))
        info.statement = "0 ≤ x"
        let claim = Claim<Double>(info, generate: { g in g.double(in: 0...1) }, check: { x, _ in .require(x >= 0, otherwise: "negative") })
        let result = claim.erased.run(quietConfiguration())
        #expect(result.category == .holds)
        #expect(result.isUnexpectedPass)
        #expect(VerdictTable.verdictText(result) == "unexpected pass")
    }

    @Test func shrinkingStopsAtItsBudget() throws {
        var configuration = quietConfiguration()
        configuration.maxShrinkSteps = 3
        let result = ExampleClaims.sumBelow100().erased.run(configuration)
        let c = try #require(result.counterexample)
        #expect(c.shrinkChecks <= 3)
        #expect(result.stopReason.contains("budget of 3 checks"))
    }
}
