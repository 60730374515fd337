import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] Theorem 3 (score error) in two dimensions, with the batched sampler.
///
/// **Setting.** [G1] §5's mirrored boxes (`MirroredBoxes`), OU, the guided probability-flow ODE
/// run by the batched sampler (`ode-adaptive`: GSL's rk8pd per particle in `log t`, tolerance
/// 1e-8) from the shared `N(0, I)` start points at T = 10. The conditional score of "+" carries
/// the error `e(t, x) = ε·e₁·b(x)/s(t)²` with the slab profile `b(x) = exp(-(x₁ - x₀)²/(2r²))`,
/// `x₀ = a2 + d`: across the box's outer face, the tail guidance drives every sample into, and
/// small in `L2(p_t)` there (`ScoreErrorModel`, `.slab`, `.inverseVariance`).
///
/// **Statement.** As G1.4: for any nonzero error level, large enough w puts the sample outside
/// the data's support with probability `1 - e^{-Ω(w)}`; with no error, samples stay inside for
/// every w.
///
/// **Formalisation.** 400 particles (× profile), `w ∈ {0, 16, 256, 4096, 65536}`, each particle
/// judged in the limit t → 0 as the 1-D claims judge a quantile (`G1Setting.outsideInLimit`): it
/// is outside when its distance to the box exceeds 0.02 at end 1e-10 and kept at least half of
/// its distance at end 1e-8 (an exact flow pulls a pushed sample back like `√t`). With ε = 0: no
/// particle is outside, for every w (a deterministic check: the flow is solved to 1e-8). With ε
/// drawn log-uniformly in `[1e-3, 1e-1]`: at w = 65536 the outside share `q` satisfies the
/// one-sided Hoeffding test `q + r(α) ≥ 0.95` (one statistical test per case: it fails with
/// probability ≤ α when the true share is at least 0.95). The shares at w = 16, 256 and the error's
/// `L2(p_t(·|+))` norm at t = 0.5 and 0.05 (iterated quadrature) are reported.
///
/// **Tolerance.** rk8pd 1e-8; margin 0.02 from the box; Hoeffding at the budgeted α.
enum ScoreErrorLeavesSupport2D {
    struct Case: Codable, Sendable, Equatable {
        var boxes: MirroredBoxes
        var level: Double
        var offset: Double
        var width: Double

        func error(level: Double) throws -> ScoreErrorModel {
            try ScoreErrorModel(level: level, direction: [1, 0], profile: .slab(center: [boxes.a2 + offset, 0], width: width),
                                target: .conditional, scaling: .inverseVariance)
        }
    }

    static let grid = [0.0, 16, 256, 4096, 65536]
    /// The w at which the error's outside share is measured (the last one is tested).
    static let errorGrid = [16.0, 256, 65536]
    static let margin = 0.02
    static let requiredShare = 0.95
    /// rk8pd's local tolerance: far below the 0.02 margin, and 3x cheaper than the 1-D flow maps' 1e-10.
    static let tolerance = 1e-8

    /// Whether each particle is outside the "+" box in the limit t → 0, for guidance w and error
    /// `scoreError`: the start points of the case seed run from T to end 1e-8, and those
    /// positions on to end 1e-10. The flow map composes (`Φ_{T→1e-10} = Φ_{1e-8→1e-10} ∘
    /// Φ_{T→1e-8}`), so the second leg gives the same law as a fresh run to 1e-10 within the
    /// solver's tolerance, and the run to 1e-8 is not repeated (half the claim's time). Should a
    /// particle diverge, the second leg runs afresh from T.
    static func outsideInLimit(_ c: Case, w: Double, scoreError: ScoreErrorModel?, particles: Int, seed: UInt64) throws -> [Bool] {
        let (mixture, schedule) = try c.boxes.spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: w, scoreError: scoreError)
        func positions(from horizon: Double, to end: Double, start: [Double]?) throws -> [Double] {
            var settings = SamplerSettings(kind: .odeAdaptive, steps: 1, particles: particles, seed: seed, horizon: horizon, end: end)
            settings.adaptiveTolerance = tolerance
            return try Sampler.run(problem, settings, start: start).positions
        }
        let near = try positions(from: G1Setting.horizon, to: 1e-8, start: nil)
        let far = near.allSatisfy(\.isFinite)
            ? try positions(from: 1e-8, to: G1Setting.end, start: near)
            : try positions(from: G1Setting.horizon, to: G1Setting.end, start: nil)
        func distances(_ x: [Double]) -> [Double] { (0..<particles).map { c.boxes.distanceOutside(x[(2 * $0)..<(2 * $0 + 2)]) } }
        return zip(distances(near), distances(far)).map { near, far in far > margin && far >= 0.5 * near }
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.4d2", paper: "[G1] Chidambaram et al. 2024, Theorem 3 (2-D, batched sampler)",
            setting: "mirrored boxes in 2-D; conditional score + ε·e₁·slab(x₁; a2 + d, r)/s(t)²; OU, PF-ODE by the batched rk8pd sampler, 400 particles",
            statement: "any ε > 0: for large w the sample leaves the support w.p. 1 - e^{-Ω(w)}; ε = 0: it stays inside for all w",
            formalisation: "per particle in the limit t → 0 (past 0.02 at end 1e-10, kept ≥ half from 1e-8), w ∈ {0, 16, 256, 4096, 65536}: ε = 0 leaves no particle outside; ε > 0 at w = 65536: outside share + Hoeffding radius ≥ 0.95",
            tolerance: "rk8pd 1e-8; margin 0.02; Hoeffding at the budgeted α"),
        cases: 3, edgeCases: 1, statisticalTestsPerCase: 1,
        generate: { g in
            Case(boxes: MirroredBoxes.draw(&g), level: g.edgeCase ? 1e-3 : exp(g.double(in: log(1e-3)...log(1e-1))),
                 offset: g.double(in: 0.5...2), width: g.double(in: 0.1...0.5))
        },
        shrink: { c in
            c.boxes.shrunk().map { var s = c; s.boxes = $0; return s }
                + Shrink.field(c, \.offset, { Shrink.towardsRound($0).filter { $0 >= 0.5 } })
                + Shrink.field(c, \.width, { Shrink.towardsRound($0).filter { $0 >= 0.1 } })
        },
        check: { c, context in
            let n = context.particles(base: particles), seed = context.caseSeed.value
            let error = try c.error(level: c.level)
            let mixture = try c.boxes.spec.build().mixture
            let l2 = try [0.5, 0.05].map { try error.l2Norm(mixture: mixture, classIndex: 0, at: $0, schedule: .ou).value }
            func share(_ outside: [Bool]) -> Double { Double(outside.filter { $0 }.count) / Double(outside.count) }
            let exact = try grid.map { w in share(try outsideInLimit(c, w: w, scoreError: nil, particles: n, seed: seed)) }
            let pushed = try errorGrid.map { w in share(try outsideInLimit(c, w: w, scoreError: error, particles: n, seed: seed)) }
            let figures = [Figure("ε", c.level), Figure("‖e‖ L2(p_t) at t=0.5", l2[0]), Figure("‖e‖ L2(p_t) at t=0.05", l2[1])]
            return try shareVerdict(exact: exact, pushed: pushed, count: n, alpha: context.alpha, figures: figures)
        },
        report: { c, _, _ in CounterexampleReport(specJSON: c.boxes.spec.json()) },
        detects: { profile, alpha in
            .detects("share", try DetectableDiscrepancy.hoeffding(sampleSize: profile.particles(base: particles), width: 1, alpha: alpha, beta: Profile.beta))
        },
        controls: [
            // No particle outside with exact scores, and with the error an outside share the
            // share test's detectable size below the required 0.95 at every w.
            Control("an outside share at w = 65536 the detectable amount below 0.95") { context in
                let n = context.particles(base: particles)
                let share = requiredShare - (try DetectableDiscrepancy.hoeffding(sampleSize: n, width: 1, alpha: context.alpha, beta: Profile.beta))
                return try shareVerdict(exact: grid.map { _ in 0 }, pushed: errorGrid.map { _ in share }, count: n, alpha: context.alpha, figures: [])
            },
        ])

    /// G1.4d2's test on the outside shares of `n` particles: none outside with exact scores
    /// (`exact`, one per w of `grid`), and with the error (`pushed`, one per w of `errorGrid`)
    /// the share at w = 65536 plus its Hoeffding radius at `alpha` at least 0.95. `figures` lead
    /// the verdict's figures.
    static func shareVerdict(exact: [Double], pushed: [Double], count n: Int, alpha: Double, figures: [Figure]) throws -> Verdict {
        let radius = try GoodnessOfFit.hoeffdingRadius(sampleSize: n, width: 1, alpha: alpha)
        var figures = figures + [
            Figure("outside share, ε > 0, w=65536", pushed.last!, note: "Hoeffding radius \(String(format: "%.3f", radius)), \(n) particles"),
            Figure("max outside share, ε = 0", exact.max()!),
            .detects("share", try DetectableDiscrepancy.hoeffding(sampleSize: n, width: 1, alpha: alpha, beta: Profile.beta)),
        ]
        figures += zip(errorGrid, pushed).map { Figure("outside share, ε > 0, \(G1Setting.at($0))", $1) }
        if let w = zip(grid, exact).first(where: { $0.1 > 0 })?.0 {
            return .fails(reason: "exact scores leave the support at w = \(w)", figures: figures)
        }
        return .require(pushed.last! + radius >= requiredShare,
                        otherwise: "only \(pushed.last!) of the samples leave the support at w = \(errorGrid.last!)", figures: figures)
    }

    /// Particles per case at ci (× the profile's particle factor).
    static let particles = 400
}
