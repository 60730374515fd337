import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] Theorem 3 read literally, "any nonzero level of score error", under the simplest error:
/// a constant offset `e ≡ ε` added to the conditional score of "+", pointing outwards.
///
/// **Formalisation.** As G1.4 with `ScoreErrorModel(.constant, .absolute)`, ε ∈ [1e-3, 1e-1]:
/// at the largest w the output's 1e-6-quantile must end past `a2 + 0.02` in the limit t → 0.
///
/// **Finding.** It does not: a fixed-size error is overpowered as t → 0 by the exact score's pull
/// back into the support, which grows like `dist/s(t)²`; the sample ends within
/// `O((1 + w) ε s(end)²)` of the support and the share outside stays 0 for every w. The theorem
/// needs an error of the score's own scale where `p_t` is small (G1.4), not any error.
enum ConstantOffsetLeavesSupport {
    /// The error: `ε` added to the conditional score of "+", constant, pointing outwards.
    static func error(_ c: ScoreErrorLeavesSupport.Case) throws -> ScoreErrorModel {
        try ScoreErrorModel(level: c.level, direction: [1], profile: .constant, target: .conditional, scaling: .absolute)
    }

    static let claim = Claim<ScoreErrorLeavesSupport.Case>(
        ClaimInfo(
            id: "G1.4c", paper: "[G1] Theorem 3, read as 'any error': a constant offset",
            setting: "mirrored β-bounded classes; conditional score + ε (constant, outward); OU, PF-ODE",
            statement: "any ε > 0: for large w the sample leaves the support",
            formalisation: "exact flow maps in the limit t → 0: at w = 65536 the 1e-6-quantile ends past a2 + 0.02",
            tolerance: "flow map 1e-10; margin 0.02",
            expectation: .knownCounterexample(
                "uniform classes, ε = 0.01 constant, w = 65536: the 1e-6-quantile is 0.099 past a2 at end 1e-10 but only 0.10 of its value at end 1e-8: it returns like √t to the support")),
        cases: 2, edgeCases: 1,
        generate: { g in
            ScoreErrorLeavesSupport.Case(model: TwoIntervalCase.mirrored(&g), level: g.edgeCase ? 0.01 : exp(g.double(in: log(1e-3)...log(1e-1))),
                          offset: 1, width: 1)
        },
        shrink: { c in c.model.shrunk(keepMirrored: true, keepWeight: true).map { var s = c; s.model = $0; return s } },
        check: { c, _ in try check(c) },
        report: { c, _, _ in ScoreErrorLeavesSupport.report(c, title: "guided output with a constant score error ε = \(c.level)") { try error(c) } },
        controls: [
            // No offset at all: nothing moves the mass out, so the check must fail whatever the
            // counterexample's own outcome.
            Control("the offset removed (ε = 0) on uniform classes") { _ in
                try check(ScoreErrorLeavesSupport.Case(
                    model: TwoIntervalCase.uniformPair,
                    level: 0, offset: 1, width: 1))
            },
        ])

    /// G1.4c's test of a case: with the constant offset the 1e-6-quantile ends outside at the
    /// largest w in the limit t → 0.
    static func check(_ c: ScoreErrorLeavesSupport.Case) throws -> Verdict {
        let error = try error(c)
        let pushed = try G1Setting.outsideInLimit(c.model.spec, w: ScoreErrorLeavesSupport.grid.last!, scoreError: error, quantile: 1e-6, edge: c.model.a2)
        let figures = [
            Figure("ε", c.level),
            Figure("1e-6 quantile past a2 at w=65536", pushed.excess, note: "kept \(String(format: "%.2f", pushed.shrink)) of it from end 1e-8 to 1e-10"),
        ]
        return .require(pushed.outside, otherwise: "with a constant error ε = \(c.level) the mass returns to the support as t → 0", figures: figures)
    }
}
