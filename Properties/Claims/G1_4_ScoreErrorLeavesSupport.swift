import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] Theorem 3 (score error).
///
/// **Setting.** Mirrored β-bounded classes on `[a1, a2]` and `[-a2, -a1]` (as G1.2), OU, PF-ODE.
/// The conditional score of "+" carries an error `e(t, x) = ε·b(x)/s(t)²` with the bump
/// `b(x) = exp(-(x - x₀)²/(2r²))` centred at `x₀ = a2 + d` outside the support, pointing
/// outwards (`ScoreErrorModel`, `.bump`, `.inverseVariance`): small in `L2(p_t)` because it lives
/// where `p_t` is small, and of the same order as the exact score there.
///
/// **Statement.** For any nonzero error level, large enough w puts the sample outside the data's
/// support with probability `1 - e^{-Ω(w)}`; with no error, samples stay inside for every w.
///
/// **Formalisation.** Exact flow maps on `w ∈ {0, 16, 256, 4096, 65536}`, judged in the limit
/// t → 0 (`G1Setting.outsideInLimit`: past `a2 + 0.02` at end 1e-10, and not shrinking like
/// `√end` from end 1e-8). With ε > 0 drawn log-uniformly in `[1e-3, 1e-1]`: at the largest w the
/// output's 1e-6-quantile is outside, so at least `1 - 1e-6` of the mass has left the support.
/// With ε = 0 on the same model: the `(1 - 1e-9)`-quantile is inside in the limit for every w.
/// The error's `L2(p_t(·|+))` norm at t = 0.5 and t = 0.05 is reported.
///
/// **Tolerance.** Flow map 1e-10; margin 0.02 past a2.
enum ScoreErrorLeavesSupport {
    struct Case: Codable, Sendable, Equatable {
        var model: TwoIntervalCase
        var level: Double
        var offset: Double
        var width: Double

        func error(level: Double) throws -> ScoreErrorModel {
            try ScoreErrorModel(level: level, direction: [1], profile: .bump(center: [model.a2 + offset], width: width),
                                target: .conditional, scaling: .inverseVariance)
        }
    }

    static let grid = [0.0, 16, 256, 4096, 65536]

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.4", paper: "[G1] Chidambaram et al. 2024, Theorem 3",
            setting: "mirrored β-bounded classes; conditional score + ε·bump(x; a2 + d, r)/s(t)², outward; OU, PF-ODE",
            statement: "any ε > 0: for large w the sample leaves the support w.p. 1 - e^{-Ω(w)}; ε = 0: it stays inside for all w",
            formalisation: "exact flow maps in the limit t → 0, w ∈ {0, 16, 256, 4096, 65536}: with ε > 0 the 1e-6-quantile ends past a2 + 0.02 at the largest w; with ε = 0 the (1 - 1e-9)-quantile stays inside for all w",
            tolerance: "flow map 1e-10; margin 0.02"),
        cases: 4, edgeCases: 1,
        generate: { g in
            Case(model: TwoIntervalCase.mirrored(&g), level: g.edgeCase ? 1e-3 : exp(g.double(in: log(1e-3)...log(1e-1))),
                 offset: g.double(in: 0.5...2), width: g.double(in: 0.1...0.5))
        },
        shrink: { c in
            c.model.shrunk(keepMirrored: true, keepWeight: true).map { var s = c; s.model = $0; return s }
                + Shrink.field(c, \.offset, { Shrink.towardsRound($0).filter { $0 >= 0.5 } })
                + Shrink.field(c, \.width, { Shrink.towardsRound($0).filter { $0 >= 0.1 } })
        },
        check: { c, _ in try check(c) },
        report: { c, _, _ in report(c, title: "guided output with the score error ε = \(c.level)") { try c.error(level: c.level) } },
        controls: [
            // Uniform classes on [1, 2] and [-2, -1], the bump at a2 + 1 of width 0.3 with ε = 0:
            // exact scores keep the mass inside for every w, so "large w leaves" must fail.
            Control("the score error removed (ε = 0) on uniform classes") { _ in
                try check(Case(model: TwoIntervalCase.uniformPair,
                               level: 0, offset: 1, width: 0.3))
            },
        ])

    /// G1.4's test of a case: with its error the 1e-6-quantile ends outside at the largest w, and
    /// with exact scores the (1 - 1e-9)-quantile stays inside for every w, in the limit t → 0.
    static func check(_ c: Case) throws -> Verdict {
        let spec = c.model.spec
        let error = try c.error(level: c.level)
        let l2 = try [0.5, 0.05].map { try error.l2Norm(mixture: try spec.build().mixture, classIndex: 0, at: $0, schedule: .ou).value }
        let pushed = try G1Setting.outsideInLimit(spec, w: grid.last!, scoreError: error, quantile: 1e-6, edge: c.model.a2)
        let exact = try grid.map { w in try G1Setting.outsideInLimit(spec, w: w, scoreError: nil, quantile: 1 - 1e-9, edge: c.model.a2) }
        let figures = [
            Figure("ε", c.level), Figure("‖e‖ L2(p_t) at t=0.5", l2[0]), Figure("‖e‖ L2(p_t) at t=0.05", l2[1]),
            Figure("1e-6 quantile past a2, ε > 0, w=65536", pushed.excess, note: "kept \(String(format: "%.2f", pushed.shrink)) of it from end 1e-8 to 1e-10"),
            Figure("max (1-1e-9) quantile past a2, ε = 0", exact.map(\.excess).max()!),
        ]
        if let w = zip(grid, exact).first(where: { $0.1.outside })?.0 {
            return .fails(reason: "exact scores leave the support at w = \(w)", figures: figures)
        }
        return .require(pushed.outside, otherwise: "with ε = \(c.level) the mass stays in the support at w = \(grid.last!)", figures: figures)
    }

    /// The report of a case under `error`: the spec and the output CDFs at w = 16, 4096, 65536
    /// against the support `[a1, a2]` (the spec alone when the error model cannot be built).
    static func report(_ c: Case, title: String, error: () throws -> ScoreErrorModel) -> CounterexampleReport {
        guard let error = try? error() else { return CounterexampleReport(specJSON: c.model.spec.json()) }
        let svg = G1OutputPlot.svg(c.model.spec, title: title, ws: [16, 4096, 65536], scoreError: error,
                                   bounds: [.init(name: "a1", x: c.model.a1), .init(name: "a2", x: c.model.a2)])
        return CounterexampleReport(specJSON: c.model.spec.json(), svg: svg)
    }
}
