import ClaimKit
import Diffusion

/// Beyond [G1] Theorem 1: the same statement and formalisation (`ConcentrationAtFarEnd.check`) with unequal
/// class weights `π+ ∈ [0.1, 0.9]`, which the theorem does not cover. Reported as a separate
/// property so that a failure here says nothing about the theorem itself.
enum ConcentrationAtFarEndUnequalWeights {
    static let claim = Claim<TwoIntervalCase>(
        ClaimInfo(
            id: "G1.2w", paper: "[G1] Theorem 1, beyond its hypotheses: unequal class weights",
            setting: "π+ p(+) + (1-π+) p(-), π+ ∈ [0.1, 0.9], mirrored β-bounded classes; OU, PF-ODE",
            statement: "the conclusion of Theorem 1 still holds",
            formalisation: "as G1.2",
            tolerance: "as G1.2"),
        cases: 4, edgeCases: 0,
        generate: { g in
            var c = TwoIntervalCase.mirrored(&g)
            c.weightPlus = g.double(in: 0.1...0.9)
            return c
        },
        shrink: { $0.shrunk(keepMirrored: true, keepWeight: false) },
        check: { c, _ in try ConcentrationAtFarEnd.check(c) },
        report: { c, _, _ in ConcentrationAtFarEnd.report(c) },
        controls: [ConcentrationAtFarEnd.unguidedControl(TwoIntervalCase(a1: 1, a2: 2, plus: .uniform, minus: .uniform, weightPlus: 0.3, minusLower: -2, minusUpper: -1))])
}
