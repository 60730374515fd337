import ClaimKit
import Foundation
import Testing

@Suite("Replaying a seed reproduces the case bit for bit")
struct ReplayTests {
    @Test func savedSeedGivesIdenticalParametersAndVerdict() throws {
        let claim = ExampleClaims.sumBelow100()
        for index in 0..<20 {
            let seed = CaseSeed(master: MasterSeed.defaultValue, claimID: "T.sum", index: index, edgeCase: index < 3)
            let saved = try #require(CaseSeed(hex: seed.hex))
            var first = CaseGenerator(seed: seed, profile: .ci)
            var second = CaseGenerator(seed: saved, profile: .ci)
            let a = try claim.generate(&first), b = try claim.generate(&second)
            #expect(a.map(\.bitPattern) == b.map(\.bitPattern))
            let context = CheckContext(profile: .ci, alpha: 1e-6, caseSeed: saved)
            #expect(try claim.check(a, context) == claim.check(b, context))
        }
    }

    @Test func replayRunsOnlyThatCaseAndHolds() throws {
        let seed = CaseSeed(master: 1, claimID: "T.sum", index: 0, edgeCase: true)
        var configuration = quietConfiguration()
        configuration.replay = ReplayRequest(claimID: "T.sum", seed: seed)
        let result = ExampleClaims.sumBelow100().erased.run(configuration)
        #expect(result.casesRun == 1)
        #expect(result.category == .holds, "an edge case has one element ≤ 50: \(result.readableReport)")
        #expect(result.stopReason.contains(seed.hex))
    }

    @Test func replayForAnotherClaimRunsThisOneNormally() {
        var configuration = quietConfiguration()
        configuration.replay = ReplayRequest(claimID: "other", seed: CaseSeed(value: 42))
        let result = ExampleClaims.notConverging(share: 0).erased.run(configuration)
        #expect(result.casesRun == 100)
    }

    @Test func runsAreDeterministic() {
        let a = ExampleClaims.sumBelow100().erased.run(quietConfiguration(seed: 99))
        let b = ExampleClaims.sumBelow100().erased.run(quietConfiguration(seed: 99))
        #expect(a.counterexample?.caseSeed == b.counterexample?.caseSeed)
        #expect(a.counterexample?.originalJSON == b.counterexample?.originalJSON)
        #expect(a.counterexample?.shrunkJSON == b.counterexample?.shrunkJSON)
    }

    @Test func edgeCasesComeFirst() throws {
        let first = CaseSeed(master: 5, claimID: "x", index: 0, edgeCase: true)
        let later = CaseSeed(master: 5, claimID: "x", index: 3, edgeCase: false)
        #expect(first.requestsEdgeCase && !later.requestsEdgeCase)
        var g = CaseGenerator(seed: first, profile: .ci)
        #expect([0.0, 1, 2].contains(g.double(in: 0...2)) )
        #expect(g.array(count: 2...9) { $0.int(in: 0...5) }.count == 2)
        #expect(g.weights(count: 4) == [0.25, 0.25, 0.25, 0.25])
    }
}
