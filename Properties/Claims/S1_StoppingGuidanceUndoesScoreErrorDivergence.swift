import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// Theorem 3 of [G1] under limited-interval guidance ([K] Kynkäänniemi et al., NeurIPS 2024).
///
/// **Setting.** G1.4's: mirrored β-bounded classes on `[a1, a2]` and `[-a2, -a1]`, OU, PF-ODE,
/// the conditional score of "+" off by the outward bump `ε·b(x)/s(t)²` centred past a2. Guidance
/// `w = 65536` only for `t ≥ t_lo` (the interval `[t_lo, T]`, w = 0 below), `t_lo` drawn
/// log-uniformly in `[1e-6, 1]`, i.e. stopping anywhere from `s(t_lo) ≈ 1.4e-3` to `s ≈ 0.93`.
///
/// **Statement.** The divergence of Theorem 3 is made by guidance at the smallest noise levels:
/// the same error and w that carry the mass out of the support under constant guidance leave it
/// inside in the limit t → 0 once guidance stops at any `t_lo > 0`. (Below t_lo the flow is the
/// unguided one, whose error enters with weight 1 instead of 1 + w; the exact class flow maps
/// every point into the support as t → 0, and an error of size ε moves that by O(ε).)
///
/// **Formalisation.** Exact flow maps judged in the limit t → 0 as in G1.4
/// (`G1Setting.outsideInLimit`: past `a2 + 0.02` at end 1e-10 and not shrinking like `√end` from
/// end 1e-8): with constant w the output's 1e-6-quantile is outside (the contrast, which must
/// hold for the case to say anything), and with guidance on `[t_lo, T]` it is not.
///
/// **Tolerance.** Flow map 1e-10; margin 0.02 past a2.
enum StoppingGuidanceUndoesScoreErrorDivergence {
    struct Case: Codable, Sendable, Equatable {
        var error: ScoreErrorLeavesSupport.Case
        var stop: Double
    }

    static let w = 65536.0

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "S.1", paper: "[K] Kynkäänniemi et al. 2024 × [G1] Theorem 3",
            setting: "G1.4's classes and score error; w = 65536 on [t_lo, T] only, t_lo log-uniform in [1e-6, 1]; OU, PF-ODE",
            statement: "the score-error divergence is made by guidance near t = 0: stopping guidance at any t_lo > 0 keeps the mass in the support",
            formalisation: "exact flow maps in the limit t → 0: the 1e-6-quantile ends past a2 + 0.02 with constant w (contrast) and not with w on [t_lo, T]",
            tolerance: "flow map 1e-10; margin 0.02"),
        cases: 4, edgeCases: 1,
        generate: { g in
            let error = ScoreErrorLeavesSupport.Case(
                model: TwoIntervalCase.mirrored(&g), level: g.edgeCase ? 1e-3 : exp(g.double(in: log(1e-3)...log(1e-1))),
                offset: g.double(in: 0.5...2), width: g.double(in: 0.1...0.5))
            return Case(error: error, stop: g.edgeCase ? 1e-6 : exp(g.double(in: log(1e-6)...0)))
        },
        shrink: { c in
            c.error.model.shrunk(keepMirrored: true, keepWeight: true).map { var s = c; s.error.model = $0; return s }
                + Shrink.field(c, \.stop, { Shrink.towardsRound($0).filter { $0 >= 1e-6 && $0 <= 1 } })
        },
        check: { c, _ in try check(c) },
        controls: [
            // t_lo below the run's end 1e-10: w is on for the whole run, as constant guidance,
            // so the mass leaves with the error and "stopping keeps it inside" must fail.
            Control("guidance 'stopped' at t_lo = 1e-12, below the run's end (constant w in effect)") { _ in
                let error = ScoreErrorLeavesSupport.Case(
                    model: TwoIntervalCase.uniformPair,
                    level: 0.01, offset: 1, width: 0.3)
                return try check(Case(error: error, stop: 1e-12))
            },
        ])

    /// S.1's test of a case: the contrast (constant w carries the 1e-6-quantile out in the limit
    /// t → 0) must hold, and guidance on `[t_lo, T]` must leave it inside.
    static func check(_ c: Case) throws -> Verdict {
        let spec = c.error.model.spec, error = try c.error.error(level: c.error.level), edge = c.error.model.a2
        let constant = try G1Setting.outsideInLimit(spec, guidance: .constant(w), scoreError: error, quantile: 1e-6, edge: edge)
        let stopped = try G1Setting.outsideInLimit(
            spec, guidance: .interval(w: w, lower: c.stop, upper: G1Setting.horizon), scoreError: error, quantile: 1e-6, edge: edge)
        let figures = [
            Figure("ε", c.error.level), Figure("t_lo", c.stop, note: "s(t_lo) = \(Format.g(NoiseSchedule.ou.s(c.stop)))"),
            Figure("1e-6 quantile past a2, constant w", constant.excess),
            Figure("1e-6 quantile past a2, w on [t_lo, T]", stopped.excess, note: "kept \(Format.g(stopped.shrink, 2)) of it from end 1e-8 to 1e-10"),
        ]
        guard constant.outside else {
            return .inconclusive(reason: "the contrast failed: constant w = \(w) kept the mass in the support (G1.4 says it leaves)", figures: figures)
        }
        return .require(!stopped.outside, otherwise: "guidance stopped at t_lo = \(c.stop) still leaves the support", figures: figures)
    }
}
