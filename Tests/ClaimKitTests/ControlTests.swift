import ClaimKit
import Testing

/// `Control`: a control whose check fails is rejected; one whose check holds, is inconclusive or
/// throws is reported with why, so `swift test` can name it; contamination moves the stated share.
@Suite("Negative controls")
struct ControlTests {
    static func claim(_ controls: [Control]) -> AnyClaim {
        Claim<Int>(ClaimInfo(id: "X.c", paper: "p", setting: "s", statement: "st", formalisation: "f", tolerance: "t"),
                   cases: 1, generate: { _ in 0 }, check: { _, _ in .holds(figures: []) }, controls: controls).erased
    }

    @Test("only the controls that were not rejected come back, with the reason")
    func unrejected() {
        let claim = Self.claim([
            Control("rejected") { _ in .fails(reason: "too far", figures: []) },
            Control("held") { _ in .holds(figures: [Figure("x", 1)]) },
            Control("threw") { _ in throw ClaimKitError.unknownClaim(id: "Z", known: []) },
        ])
        let left = claim.unrejectedControls(RunConfiguration(), registry: [claim])
        #expect(left.map(\.control) == ["held", "threw"])
        #expect(left[0].detail.contains("held") && left[1].detail.contains("threw"))
    }

    @Test("contamination moves ⌈share·n⌉ samples to the far point")
    func contamination() {
        let samples = (0..<1000).map(Double.init)
        let moved = Control.contaminated(samples, share: 0.0234, far: 1e6)
        #expect(moved.filter { $0 == 1e6 }.count == 24)
        #expect(Control.contaminated(samples, share: 0, far: 1e6) == samples)
    }
}
