import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] §3: guidance is not sampling the tilted law.
///
/// **Setting.** Two classes in 1-D under OU, guided PF-ODE from `N(0, 1)` at T = 10: either
/// disjoint compact supports (random β-bounded shapes on `[a1, a2]` and `[-b2, -b1]`), where
/// `p(c|x) ∈ {0, 1}` on the support so the tilted law `p^{c,w} ∝ p(x) p(c|x)^{1+w}` is `p(·|c)`
/// for every w; or two Gaussians `N(±μ, v)` with random weights.
///
/// **Statement.** The guided output law differs from `p^{c,w}`: the two coincide at w = 0, and
/// the distance is bounded away from 0 above a threshold and grows with w.
///
/// **Formalisation.** `D_w = sup_x |F_guided(x) - F_tilt(x)|`, with `F_guided` exact from the
/// flow map at the 64 levels `(i - ½)/64` and `F_tilt` by quadrature (`TiltedLaw`) at those
/// points: the largest gap there is a lower bound `D⁻` on `D_w`, and `D⁻ + 1/64` an upper bound.
/// Checked on `w ∈ {0, 1, 4, 16, 64}`: the upper bound at w = 0 is at most 1/64 + 1e-3; the
/// lower bound is at least 0.05 for w ≥ 4 and never falls by more than 0.02 from one w to the
/// next.
///
/// **Tolerance.** Flow map and quadrature at 1e-10; the grid's 1/64 as stated.
enum GuidanceIsNotTilting {
    struct Case: Codable, Sendable, Equatable {
        /// A disjoint-support case, or nil for the Gaussian pair.
        var intervals: TwoIntervalCase?
        var gaussians: GaussianPairCase?
        var weightPlus: Double

        var spec: MixtureSpec {
            var spec = intervals?.spec ?? gaussians!.spec
            spec.classes[0].weight = weightPlus
            spec.classes[1].weight = 1 - weightPlus
            return spec
        }
    }

    static let levels = TiltedLaw.distanceLevels(64)
    static let grid = [0.0, 1, 4, 16, 64]

    /// The lower bound `D⁻` on the KS distance between the output law `flow` and the tilted law
    /// at `w`.
    static func distance(_ spec: MixtureSpec, w: Double, flow: FlowMap1D) throws -> Double {
        let (mixture, _) = try spec.build()
        return try TiltedLaw(mixture: mixture, classIndex: 0, w: w).distanceLowerBound(to: flow, levels: levels)
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.1", paper: "[G1] Chidambaram et al. 2024, §3 (guidance is not tilting)",
            setting: "1-D two classes: disjoint β-bounded supports, or N(±μ, v); random weights; OU, PF-ODE",
            statement: "the guided output law differs from p^{c,w} ∝ p(x) p(c|x)^{1+w}, increasingly with w",
            formalisation: "KS distance via 64 exact guided quantiles and the tilted CDF by quadrature; w ∈ {0,1,4,16,64}: ≤ 1/64 at w = 0, ≥ 0.05 from w = 4, no drop > 0.02",
            tolerance: "grid 1/64; numerics 1e-10"),
        cases: 4, edgeCases: 1,
        generate: { g in
            let weight = g.edgeCase ? 0.5 : g.double(in: 0.2...0.8)
            if g.bool() || g.edgeCase {
                var c = TwoIntervalCase.mirrored(&g)
                let b1 = g.double(in: 0.1...2)
                (c.minusUpper, c.minusLower) = (-b1, -b1 - g.double(in: 0.2...3))
                return Case(intervals: c, gaussians: nil, weightPlus: weight)
            }
            return Case(intervals: nil, gaussians: GaussianPairCase.generate(&g), weightPlus: weight)
        },
        shrink: { c in
            Shrink.field(c, \.weightPlus, { Shrink.towards($0, target: 0.5) })
                + (c.intervals.map { $0.shrunk(keepMirrored: false, keepWeight: true).map { Case(intervals: $0, gaussians: nil, weightPlus: c.weightPlus) } } ?? [])
                + (c.gaussians.map { $0.shrunk().map { Case(intervals: nil, gaussians: $0, weightPlus: c.weightPlus) } } ?? [])
        },
        check: { c, _ in try check(c, flows: try grid.map { try G1Setting.flow(c.spec, w: $0) }) },
        report: { c, _, _ in CounterexampleReport(specJSON: c.spec.json()) },
        controls: [
            // With disjoint supports the tilted law is p(·|+) for every w, and so is the unguided
            // output: D⁻ stays at 0 instead of reaching 0.05 from w = 4.
            Control("disjoint uniform classes, the unguided output law (w = 0) in place of every w's") { _ in
                let model = TwoIntervalCase.uniformPair
                let c = Case(intervals: model, gaussians: nil, weightPlus: 0.5)
                let unguided = try G1Setting.flow(c.spec, w: 0)
                return try check(c, flows: grid.map { _ in unguided })
            },
        ])

    /// G1.1's test of the case on the output laws `flows`, one per w of `grid`: the distance to
    /// the tilted law is at most the grid's 1/64 at w = 0, at least 0.05 from w = 4, and never
    /// falls by more than 0.02.
    static func check(_ c: Case, flows: [FlowMap1D]) throws -> Verdict {
        let distances = try zip(grid, flows).map { try distance(c.spec, w: $0, flow: $1) }
        let figures = zip(grid, distances).map { Figure("KS at \(G1Setting.at($0))", $1, note: "lower bound; +1/64 upper") }
        if distances[0] + 1.0 / 64 > 1.0 / 64 + 1e-3 {
            return .fails(reason: "at w = 0 the guided law is \(distances[0]) from the tilted law", figures: figures)
        }
        if distances[2...].min()! < 0.05 {
            return .fails(reason: "the distance is not bounded away from 0 for w ≥ 4: \(distances)", figures: figures)
        }
        for i in 1..<distances.count where distances[i] < distances[i - 1] - 0.02 {
            return .fails(reason: "the distance falls with w: \(distances)", figures: figures)
        }
        return .holds(figures: figures)
    }
}
