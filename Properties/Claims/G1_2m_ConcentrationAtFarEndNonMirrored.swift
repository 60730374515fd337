import ClaimKit
import Diffusion

/// Beyond [G1] Theorem 1: the same statement and formalisation (`ConcentrationAtFarEnd.check`) with the "-"
/// class on an unrelated interval `[-b2, -b1]` (`0.1 ≤ b1 ≤ 3`, `0.2 ≤ b2 - b1 ≤ 3`), which the
/// theorem does not cover.
enum ConcentrationAtFarEndNonMirrored {
    static let claim = Claim<TwoIntervalCase>(
        ClaimInfo(
            id: "G1.2m", paper: "[G1] Theorem 1, beyond its hypotheses: supports not mirrored",
            setting: "½p(+) on [a1, a2] + ½p(-) on [-b2, -b1], β-bounded; OU, PF-ODE",
            statement: "the conclusion of Theorem 1 still holds",
            formalisation: "as G1.2",
            tolerance: "as G1.2"),
        cases: 4, edgeCases: 0,
        generate: { g in
            var c = TwoIntervalCase.mirrored(&g)
            let b1 = g.double(in: 0.1...3)
            (c.minusUpper, c.minusLower) = (-b1, -b1 - g.double(in: 0.2...3))
            return c
        },
        shrink: { $0.shrunk(keepMirrored: false, keepWeight: true) },
        check: { c, _ in try ConcentrationAtFarEnd.check(c) },
        report: { c, _, _ in ConcentrationAtFarEnd.report(c) },
        controls: [ConcentrationAtFarEnd.unguidedControl(TwoIntervalCase(a1: 1, a2: 2, plus: .uniform, minus: .uniform, weightPlus: 0.5, minusLower: -1.5, minusUpper: -0.5))])
}
