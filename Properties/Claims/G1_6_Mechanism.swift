import ClaimKit
import Diffusion
import Foundation
import Numerics

/// [G1] §4, the mechanism of guidance.
///
/// **Setting.** Two mirrored classes in 1-D (Gaussians `N(±μ, v)` or β-bounded interval classes
/// on `±[a1, a2]`), OU, at a random time `t ∈ [0.01, 3]` and guidance `w ∈ [1, 100]`.
///
/// **Statement.** Where a point looks like the other class and the two class scores oppose,
/// `g^w ≈ (2w + 1) ∇log p_t(x|c)`.
///
/// **Formalisation.** Write `p = p_t(c|x)` and `∇log p_t(x|c') = -(1 + η)∇log p_t(x|c)`. Since
/// `∇log p_t = p ∇log p_t(x|c) + (1 - p) ∇log p_t(x|c')`,
/// ```
/// g^w / ((2w + 1) ∇log p_t(x|c)) - 1 = (w(1 - p)η - 2wp) / (2w + 1),   so   |…| ≤ p + |η|/2.
/// ```
/// At 200 points `x` on the other class's side (`x ∈ -[0, 3a]`), the computed guided score must
/// obey this bound up to `1e-9` relative; the share of points with `p ≤ 0.01` and `|η| ≤ 0.02`,
/// where the approximation is within 2%, is reported.
///
/// **Tolerance.** `1e-9` relative (rounding of the score arithmetic).
enum Mechanism {
    struct Case: Codable, Sendable, Equatable {
        var gaussians: GaussianPairCase?
        var intervals: TwoIntervalCase?
        var t: Double
        var w: Double

        var spec: MixtureSpec { gaussians?.spec ?? intervals!.spec }
        var reach: Double { gaussians.map { 3 * ($0.mu + $0.variance.squareRoot()) } ?? 3 * intervals!.a2 }
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.6", paper: "[G1] Chidambaram et al. 2024, §4 (mechanism)",
            setting: "mirrored 1-D classes (Gaussian or β-bounded intervals), OU, t ∈ [0.01, 3], w ∈ [1, 100]",
            statement: "where x looks like the other class and the class scores oppose, g^w ≈ (2w + 1) ∇log p_t(x|c)",
            formalisation: "|g^w/((2w+1)∇log p_t(x|c)) - 1| ≤ p_t(c|x) + |η|/2 (η: failure of the class scores to oppose) at 200 points on the other class's side",
            tolerance: "1e-9 relative"),
        cases: 20, edgeCases: 1,
        generate: { g in
            let t = g.double(in: 0.01...3), w = g.double(in: 1...100)
            if g.bool() { return Case(gaussians: GaussianPairCase.generate(&g), intervals: nil, t: t, w: w) }
            return Case(gaussians: nil, intervals: TwoIntervalCase.mirrored(&g), t: t, w: w)
        },
        shrink: { c in
            Shrink.field(c, \.w, { Shrink.towardsRound($0).filter { $0 >= 1 } })
                + Shrink.field(c, \.t, { Shrink.towardsRound($0).filter { $0 >= 0.01 } })
        },
        check: { c, _ in
            let (mixture, schedule) = try c.spec.build()
            let noised = try mixture.noised(at: c.t, schedule: schedule)
            var worst = -Double.infinity, close = 0, looksOther = 0, tightest = Double.infinity
            for i in 0..<200 {
                let x = -c.reach * Double(i) / 199
                let plus = try noised.evaluate([x], classIndex: 0, w: c.w)
                let minus = try noised.evaluate([x], classIndex: 1, w: 0)
                let sc = plus.classScore[0]
                guard sc != 0 else { continue }
                let eta = -minus.classScore[0] / sc - 1
                let deviation = abs(plus.guidedScore[0] / ((2 * c.w + 1) * sc) - 1)
                let bound = plus.classPosterior + abs(eta) / 2
                worst = max(worst, deviation - bound)
                if plus.classPosterior <= 0.01 { tightest = min(tightest, bound) }
                if plus.classPosterior <= 0.01 && abs(eta) <= 0.02 {
                    looksOther += 1
                    if deviation <= 0.02 { close += 1 }
                }
            }
            let figures = [
                Figure("max (deviation - bound)", worst, note: "≤ 1e-9; negative: inside the bound"),
                Figure("smallest bound p + |η|/2 where p ≤ 0.01", tightest),
                Figure("points with p ≤ 0.01, |η| ≤ 0.02", Double(looksOther)),
                Figure("of those within 2%", Double(close)),
            ]
            return .require(worst <= 1e-9 && close == looksOther,
                            otherwise: "g^w departs from (2w+1)∇log p_t(x|c) beyond p + |η|/2 by \(worst)", figures: figures)
        },
        report: { c, _, _ in CounterexampleReport(specJSON: c.spec.json()) })
}
