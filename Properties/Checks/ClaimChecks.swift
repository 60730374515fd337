import ClaimKit
import Claims
import Testing

/// One test per claim of `ClaimRegistry`. The function of claim `G1.2` is named `claim_G1_2`,
/// so that `swift test --filter "G1.2"` (a regular expression over function names, in which
/// `.` matches `_`) selects it: the replay commands rely on that.
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
