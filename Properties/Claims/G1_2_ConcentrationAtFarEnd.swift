import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] Theorem 1 (compact supports).
///
/// **Setting.** `p = ½p(+) + ½p(-)`, with `p(+)` and `p(-)` β-bounded and supported on `[a1, a2]`
/// and `[-a2, -a1]`, `0 < a1 < a2`; OU process, probability-flow ODE from `N(0, 1)` at T = 10.
///
/// **Statement.** For w above an absolute constant, with probability `1 - e^{-Ω(w)}` the guided
/// sample lies in `[a2 (1 - O(1/√ln w)), a2]`, the constants depending on a1, a2, β.
///
/// **Formalisation.** Exact output laws from the flow map on the grid `w = 4·4^k` up to 16384.
/// (b) The constant: `c_w = √(ln w)·(1 - q_w/a2)⁺`, with `q_w` the 1e-6-quantile of the output,
/// is the smallest c whose window keeps all but 1e-6 of the mass; it must stay bounded: its
/// largest value on the upper half of the grid is at most its largest on the lower half.
/// (a) The rate: with the window fixed by `c* = max(2 max_w c_w, 0.1)`, the failure probability
/// `P_w = P(x_out < a2 (1 - c*/√ln w))` must fall at least exponentially past w = 16:
/// `log P_w ≤ -½ κ_16 w` with `κ_16 = -log P_16/16 > 0` (log P from `log Φ` of the flow map's
/// inverse, so tails far below 1e-300 are resolved, down to `e^{-5e5}`; below that log P is an
/// upper bound, so the rate is checked on the w where `½ κ_16 w < 5e5`, at least two of them,
/// and the largest such w is reported). When fewer than two are (`P_16` at or near `e^{-5e5}`,
/// so `κ_16` is at best a lower bound), the rate checked is the uniform one the flow map can
/// certify, `κ' = 5e5/w_max` (≈ 30.5 on this grid): `log P_w ≤ -κ' w` at every w ≥ 16 (a clamped
/// log P is at most -5e5 ≤ -κ' w). The limit moves the right way: the median's shortfall below
/// a2 does not grow.
/// Mass past a2 counts as at a2 (the ODE run to t = 0 ends in the closed support; the `excess`
/// left at `end = 1e-10` is reported).
///
/// **Tolerance.** Quantiles to the flow map's 1e-10; comparisons of c with a slack of 1e-3.
enum ConcentrationAtFarEnd {
    static let grid = G1Setting.grid(first: 4, ratio: 4, count: 7)

    /// G1.2's test of the case on the guided output laws at the w of `grid`.
    static func check(_ c: TwoIntervalCase, grid: [Double] = grid) throws -> Verdict {
        try check(c, flows: try grid.map { try G1Setting.flow(c.spec, w: $0) }, grid: grid)
    }

    /// G1.2's test of the case on the output laws `flows`, one per w of `grid`: the constant
    /// `c_w` stays bounded, the median does not move away from a2, and the failure probability
    /// falls at least exponentially.
    static func check(_ c: TwoIntervalCase, flows: [FlowMap1D], grid: [Double] = grid) throws -> Verdict {
        var constants: [Double] = [], shortfalls: [Double] = [], excess = 0.0
        for (w, flow) in zip(grid, flows) {
            let low = try flow.quantile(1e-6), median = try flow.quantile(0.5)
            constants.append(log(w).squareRoot() * max(0, 1 - low / c.a2))
            shortfalls.append(max(0, c.a2 - median))
            excess = max(excess, try flow.quantile(1 - 1e-6) - c.a2)
        }
        let half = grid.count / 2
        let lowerMax = constants[..<half].max()!, upperMax = constants[half...].max()!
        let window = max(2 * constants.max()!, 0.1)
        // log P past w = 16, and whether it hit the flow map's range (then only an upper bound).
        let floor = FlowMap1D.smallestLogTail
        var logFailures: [(w: Double, logP: Double, clamped: Bool)] = []
        for (w, flow) in zip(grid, flows) where w >= 16 {
            let logP = try flow.logCDF(c.a2 * (1 - window / log(w).squareRoot()))
            logFailures.append((w, logP, logP <= floor + 1e-9))
        }
        let kappa16 = -logFailures[0].logP / 16
        let resolvable = logFailures.filter { -0.5 * kappa16 * $0.w > floor }
        let figures = [
            Figure("max c_w (lower half)", lowerMax), Figure("max c_w (upper half)", upperMax),
            Figure("c*", window, note: "window a2(1 - c*/√ln w)"),
            Figure("κ at w=16", kappa16, note: "-log P(fail)/w"),
            Figure("log P(fail) at w=\(Int(grid.last!))", logFailures.last!.logP, note: logFailures.last!.clamped ? "upper bound: below the flow map's range" : "exact"),
            Figure("rate checked up to w", resolvable.count < 2 ? grid.last! : resolvable.last!.w, note: resolvable.count < 2 ? "uniform κ'" : "½κ_16"),
            Figure("median shortfall at w=\(Int(grid.last!))", shortfalls.last!),
            Figure("excess past a2 at end 1e-10", excess),
        ]
        if upperMax > lowerMax + 1e-3 {
            return .fails(reason: "the fitted constant grows: max c_w \(upperMax) on the upper half vs \(lowerMax) on the lower", figures: figures)
        }
        for i in 1..<shortfalls.count where shortfalls[i] > shortfalls[i - 1] + 1e-6 {
            return .fails(reason: "the median moves away from a2: shortfalls \(shortfalls)", figures: figures)
        }
        guard kappa16 > 0 else { return .fails(reason: "no failure-probability decay at w = 16: log P = \(logFailures[0].logP)", figures: figures) }
        // Exponential decay, log P_w ≤ -½ κ_16 w, checked where the flow map resolves the bound
        // (½ κ_16 w above its floor of log Φ(-1e3) ≈ -5e5); a clamped log P is an upper bound.
        if resolvable.count < 2 {
            // P_16 is (nearly) below the range: check the uniform rate the flow map certifies.
            let uniform = -floor / grid.last!
            for f in logFailures where !f.clamped && f.logP > -uniform * f.w {
                return .fails(reason: "the failure probability does not fall exponentially: log P = \(f.logP) at w = \(f.w) > -κ' w = \(-uniform * f.w)", figures: figures)
            }
            return .holds(figures: figures + [Figure("κ' certified on the grid", uniform, note: "log P(fail) ≤ -κ' w at every w ≥ 16 (½κ_16 w is below the flow map's range past w = 16)")])
        }
        for f in resolvable where f.logP > -0.5 * kappa16 * f.w {
            return .fails(reason: "the failure probability does not fall exponentially: log P = \(f.logP) at w = \(f.w) > -½κ_16 w = \(-0.5 * kappa16 * f.w)", figures: figures)
        }
        return .holds(figures: figures)
    }

    /// The control of G1.2's test on `c`: the unguided output law (w = 0) in place of every w's.
    /// Its 1e-6-quantile stays near a1, so `c_w ≈ √(ln w)(1 - a1/a2)` grows with w (by
    /// `√(ln 16384 / ln 64) ≈ 1.5×` from the lower half of the grid to the upper) and the test
    /// must reject it.
    static func unguidedControl(_ c: TwoIntervalCase) -> Control {
        Control("the unguided output law (w = 0) in place of every w's: c_w grows like √(ln w)") { _ in
            let unguided = try G1Setting.flow(c.spec, w: 0)
            return try check(c, flows: grid.map { _ in unguided })
        }
    }

    /// The report of a case: the mixture and the output CDFs at w = 16, 256 and 16384 against
    /// the support `[a1, a2]`.
    static func report(_ c: TwoIntervalCase) -> CounterexampleReport {
        let svg = G1OutputPlot.svg(c.spec, title: "guided output vs the class support", ws: [16, 256, 16384],
                                   bounds: [.init(name: "a1", x: c.a1), .init(name: "a2", x: c.a2)])
        return CounterexampleReport(specJSON: c.spec.json(), svg: svg)
    }

    static let claim = Claim<TwoIntervalCase>(
        ClaimInfo(
            id: "G1.2", paper: "[G1] Chidambaram et al. 2024, Theorem 1",
            setting: "½p(+) + ½p(-), β-bounded shapes on [a1, a2] and [-a2, -a1]; OU, PF-ODE from N(0,1) at T = 10",
            statement: "for large w, with probability 1 - e^{-Ω(w)} the sample lies in [a2(1 - O(1/√ln w)), a2]",
            formalisation: "exact flow map, w = 4..16384 (×4); c_w from the 1e-6 quantile stays bounded; with the window fixed, log P(fail) ≤ -½ κ_16 w past w = 16 (≤ -κ' w, κ' = 5e5/w_max, when ½ κ_16 w is beyond the flow map's range)",
            tolerance: "flow map 1e-10; slack 1e-3 on c"),
        cases: 6, edgeCases: 1,
        generate: { g in TwoIntervalCase.mirrored(&g) },
        shrink: { $0.shrunk(keepMirrored: true, keepWeight: true) },
        check: { c, _ in try check(c) },
        report: { c, _, _ in report(c) },
        controls: [unguidedControl(TwoIntervalCase.uniformPair)])
}
