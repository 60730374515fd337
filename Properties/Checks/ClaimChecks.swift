import ClaimKit
import Claims
import Testing

/// One test per claim of `ClaimRegistry`, named with the claim id so that
/// `swift test --filter "<claimID>"` selects it (the replay commands rely on that).
@Suite("Claims")
struct ClaimChecks {
    @Test("N.0 Φ(x) + Q(x) = 1") func claim_N_0() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("N.0"))
    }

    @Test("N.1 nextNormal draws follow N(0, 1)") func claim_N_1() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("N.1"))
    }

    @Test("Every registered claim has a test here and a unique id")
    func registryIsCovered() {
        let ids = ClaimRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate claim ids in \(ids)")
        #expect(ids == ["N.0", "N.1"], "add a @Test for each new claim: \(ids)")
    }
}
