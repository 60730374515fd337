import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// A control for every schedule: guidance that is zero for `t < t₀` cannot move the output out of
/// the support when the scores are exact.
///
/// **Setting.** Two classes on intervals, "+" on `[a1, a2]`, "-" anywhere on the line (not
/// mirrored, unequal weights, as G1.2m/G1.2w draw them), OU, PF-ODE, exact scores. A random
/// schedule zero below `t₀` (log-uniform in `[1e-4, 1]`): a table of three pieces on `[t₀, T]`
/// with w up to 65536 each.
///
/// **Statement.** For every such schedule the output lies in `[a1, a2]` in the limit t → 0.
/// Below t₀ the flow is the unguided class flow, which maps every point of the line into the
/// class support as t → 0 (in 1-D its map is the quantile of `p_0(·|+)` composed with the CDF
/// of `p_{t₀}(·|+)`), whatever guidance did before.
///
/// **Formalisation.** Exact flow maps judged in the limit as G1.4 (`G1Setting.outsideInLimit`:
/// past the end + 0.02 at end 1e-10 and not shrinking like `√end` from end 1e-8), for the
/// `(1 - 1e-9)`-quantile against a2 and the 1e-9-quantile against a1.
///
/// **Tolerance.** Flow map 1e-10; margin 0.02.
enum GuidanceOffNearDataStaysInSupport {
    struct Case: Codable, Sendable, Equatable {
        var model: TwoIntervalCase
        var off: Double
        var breaks: [Double]
        var values: [Double]

        var schedule: GuidanceSchedule { .table(breaks: [off] + breaks + [G1Setting.horizon], values: values) }
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "S.3", paper: "control (any schedule, exact scores)",
            setting: "two interval classes, exact scores; a three-piece table schedule zero below t₀ ∈ [1e-4, 1], w ≤ 65536; OU, PF-ODE",
            statement: "guidance off below t₀ keeps the output in the class support for every w",
            formalisation: "exact flow maps in the limit t → 0: neither the (1 - 1e-9)-quantile past a2 + 0.02 nor the 1e-9-quantile below a1 - 0.02",
            tolerance: "flow map 1e-10; margin 0.02"),
        cases: 4, edgeCases: 1,
        generate: { g in
            let a1 = g.double(in: 0.2...2), a2 = a1 + g.double(in: 0.2...3)
            let lower = g.double(in: -4...1), upper = lower + g.double(in: 0.2...3)
            let model = TwoIntervalCase(
                a1: a1, a2: a2, plus: g.intervalShape(betaBounded: true), minus: g.intervalShape(betaBounded: true),
                weightPlus: g.double(in: 0.2...0.8), minusLower: lower, minusUpper: upper)
            let off = g.edgeCase ? 1e-4 : exp(g.double(in: log(1e-4)...0))
            // Two inner breaks, log-uniform in the lower and upper half of [log t₀, log T].
            let span = log(G1Setting.horizon / off)
            let inner = [off * exp(span * g.double(in: 0.05...0.5)), off * exp(span * g.double(in: 0.55...0.95))]
            let values = g.edgeCase ? [65536, 65536, 65536] : (0..<3).map { _ in exp(g.double(in: 0...log(65536))) }
            return Case(model: model, off: off, breaks: inner, values: values)
        },
        shrink: { c in
            c.model.shrunk(keepMirrored: false, keepWeight: false).map { var s = c; s.model = $0; return s }
                + Shrink.field(c, \.values, { v in [v.map { _ in 65536.0 }].filter { $0 != v } })
        },
        check: { c, _ in try verdict(c) },
        controls: [
            // The wrong input S.3's setting excludes, on both counts: guidance on to the end of
            // the run (t₀ below it) and G1.4's bump error ε = 0.01 at a2 + 1: the mass leaves
            // past a2 (G1.4), so "the output stays in the support" must fail.
            Control("guidance on to the end (t₀ = 1e-12) with G1.4's bump error ε = 0.01 at a2 + 1, on uniform classes") { _ in
                let error = ScoreErrorLeavesSupport.Case(
                    model: TwoIntervalCase.uniformPair,
                    level: 0.01, offset: 1, width: 0.3)
                let c = Case(model: error.model, off: 1e-12, breaks: [1e-6, 1], values: [65536, 65536, 65536])
                return try verdict(c, scoreError: try error.error(level: error.level))
            },
        ])

    /// S.3's test of a case: neither extreme quantile of the exact output leaves the support in
    /// the limit; `scoreError` (controls only) adds an error to the scores.
    static func verdict(_ c: Case, scoreError: ScoreErrorModel? = nil) throws -> Verdict {
        let spec = c.model.spec
        let top = try G1Setting.outsideInLimit(spec, guidance: c.schedule, scoreError: scoreError, quantile: 1 - 1e-9, edge: c.model.a2)
        let bottom = try G1Setting.outsideInLimit(spec, guidance: c.schedule, scoreError: scoreError, quantile: 1e-9, edge: c.model.a1, sign: -1)
        let figures = [
            Figure("t₀", c.off), Figure("peak w", c.schedule.peak),
            Figure("(1-1e-9) quantile past a2", top.excess), Figure("1e-9 quantile below a1", bottom.excess),
        ]
        if top.outside { return .fails(reason: "the output leaves past a2 by \(Format.g(top.excess))", figures: figures) }
        return .require(!bottom.outside, otherwise: "the output leaves below a1 by \(Format.g(bottom.excess))", figures: figures)
    }
}
