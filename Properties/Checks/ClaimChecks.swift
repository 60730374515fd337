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

    @Test("G1.0 w = 0 reproduces the class law for every sampler") func claim_G1_0() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.0"))
    }

    @Test("G1.0o the samplers converge at their order") func claim_G1_0o() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.0o"))
    }

    @Test("G1.0d2 w = 0 reproduces the class law in 2-D") func claim_G1_0d2() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.0d2"))
    }

    @Test("G1.1 guidance is not tilting") func claim_G1_1() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.1"))
    }

    @Test("G1.2 Theorem 1: samples concentrate at the far end a2") func claim_G1_2() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.2"))
    }

    @Test("G1.2w Theorem 1 with unequal class weights") func claim_G1_2w() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.2w"))
    }

    @Test("G1.2m Theorem 1 with supports not mirrored") func claim_G1_2m() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.2m"))
    }

    @Test("G1.3a Theorem 2: P(x ≥ 0) ≥ 1 - e^{-Ω(w²)}") func claim_G1_3a() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.3a"))
    }

    @Test("G1.3b Theorem 2 literal: P(x ≥ √w) ≥ 1 - e^{-Ω(w)}") func claim_G1_3b() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.3b"))
    }

    @Test("G1.3c Theorem 2 rate: x = Θ(√w)") func claim_G1_3c() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.3c"))
    }

    @Test("G1.4 Theorem 3: a score error leaves the support") func claim_G1_4() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.4"))
    }

    @Test("G1.4d2 Theorem 3 in 2-D with the batched sampler") func claim_G1_4d2() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.4d2"))
    }

    @Test("G1.4c Theorem 3 with a constant offset error") func claim_G1_4c() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.4c"))
    }

    @Test("G1.5 the 2-D two-box experiment: overshoot and pull-back") func claim_G1_5() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.5"))
    }

    @Test("G1.6 mechanism: g^w ≈ (2w+1)∇log p_t(x|c) where x looks like the other class") func claim_G1_6() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.6"))
    }

    @Test("G1.6a mechanism, literal: the factor 2w + 1 where x looks like the other class (known counterexample)") func claim_G1_6a() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G1.6a"))
    }

    @Test("G2.1 E_{p_t(·|c)}[1/p_t(c|x)] = 1/π_c") func claim_G2_1() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G2.1"))
    }

    @Test("G2.2 guidance lowers E[1/p(c|x_out)] as Itô's formula says") func claim_G2_2() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G2.2"))
    }

    @Test("G2.3 the gain is not per sample (named example)") func claim_G2_3() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G2.3"))
    }

    @Test("G2.4 which samplers keep E_w < E_0, monotone in w") func claim_G2_4() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G2.4"))
    }

    @Test("G2.4c coarse samplers: E_w not monotone (known counterexample)") func claim_G2_4c() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G2.4c"))
    }

    @Test("G3.1 closed-form Gaussian probability flow") func claim_G3_1() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G3.1"))
    }

    @Test("G3.2 Gaussian directions settle coarse to fine") func claim_G3_2() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G3.2"))
    }

    @Test("G3.3 far-field accuracy of the Gaussian score") func claim_G3_3() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G3.3"))
    }

    @Test("G3.4 teleportation keeps outputs close while σ_k is large") func claim_G3_4() async throws {
        try await ClaimTesting.verify(ClaimRegistry.claim("G3.4"))
    }

    @Test("Every registered claim has a test here and a unique id")
    func registryIsCovered() {
        let ids = ClaimRegistry.all.map(\.id)
        #expect(Set(ids).count == ids.count, "duplicate claim ids in \(ids)")
        #expect(ids == ["N.0", "N.1", "G1.0", "G1.0o", "G1.0d2", "G1.1", "G1.2", "G1.2w", "G1.2m", "G1.3a", "G1.3b", "G1.3c", "G1.4", "G1.4d2", "G1.4c", "G1.5", "G1.6", "G1.6a", "G2.1", "G2.2", "G2.3", "G2.4", "G2.4c", "G3.1", "G3.2", "G3.3", "G3.4"], "add a @Test for each new claim: \(ids)")
    }
}
