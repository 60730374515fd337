import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// Two Gaussian classes with means ±μ and a common variance v; class "+" is guided.
/// `½N(1, 1) + ½N(-1, 1)` is the setting of [G1] Theorem 2 and the edge case.
struct GaussianPairCase: Codable, Sendable, Equatable {
    var mu: Double
    var variance: Double

    var spec: MixtureSpec {
        G1Setting.spec(plus: [.gaussian(mean: [mu], cov: [[variance]])], minus: [.gaussian(mean: [-mu], cov: [[variance]])])
    }

    static let means = 0.5...2.0, variances = 0.25...2.0

    static func generate(_ g: inout CaseGenerator) -> GaussianPairCase {
        g.edgeCase ? GaussianPairCase(mu: 1, variance: 1) : GaussianPairCase(mu: g.double(in: means), variance: g.double(in: variances))
    }

    func shrunk() -> [GaussianPairCase] {
        Shrink.field(self, \.mu, { Shrink.towardsRound($0).filter(Self.means.contains) })
            + Shrink.field(self, \.variance, { Shrink.towardsRound($0).filter(Self.variances.contains) })
    }
}

/// [G1] Theorem 2 (Gaussians), as three properties: the sign statement, the literal `√w`
/// statement and its rate form. Exact output laws from the flow map (to `end = 1e-10`).
///
/// **Setting.** `p = ½N(μ, v) + ½N(-μ, v)` (the paper: μ = v = 1), class "+", OU, PF-ODE.
enum GaussianClassesSeparate {
    /// The output law at each w: the guided flow map of a case in the claims, another law in
    /// their controls.
    typealias OutputLaw = (Double) throws -> FlowMap1D

    /// The output's `log P(x_out < point(w))` on a grid of w.
    static func logCDFs(_ law: OutputLaw, grid: [Double], at point: (Double) -> Double) throws -> [Double] {
        try grid.map { w in try law(w).logCDF(point(w)) }
    }

    /// The guided output law of the case at w.
    static func guided(_ c: GaussianPairCase) -> OutputLaw { { w in try G1Setting.flow(c.spec, w: w) } }

    /// The control of a G1.3 check: [G1]'s `½N(1, 1) + ½N(-1, 1)` with the unguided output law
    /// (w = 0, `N(1, 1)` noised to the end) in place of every w's. It neither leaves 0 behind
    /// faster with w, nor moves with √w, so each reading of Theorem 2 must reject it.
    static func unguidedControl(_ check: @escaping @Sendable (OutputLaw) throws -> Verdict) -> Control {
        Control("[G1]'s ½N(1, 1) + ½N(-1, 1), the unguided output law (w = 0) in place of every w's") { _ in
            let unguided = try G1Setting.flow(GaussianPairCase(mu: 1, variance: 1).spec, w: 0)
            return try check { _ in unguided }
        }
    }

    /// The report of a case: the spec and the output CDFs at w = 16, 256, 4096 against 0 and √w.
    static func report(_ c: GaussianPairCase) -> CounterexampleReport {
        let ws = [16.0, 256, 4096]
        let svg = G1OutputPlot.svg(c.spec, title: "guided output vs 0 and √w", ws: ws,
                                   bounds: [.init(name: "0", x: 0)] + ws.map { .init(name: "√w, \(G1Setting.at($0))", x: $0.squareRoot(), w: $0) })
        return CounterexampleReport(specJSON: c.spec.json(), svg: svg)
    }

    /// **Statement.** For w above an absolute constant, `P(x_out ≥ 0) ≥ 1 - e^{-Ω(w²)}`.
    /// **Formalisation.** `κ_w = -log P(x_out < 0)/w²` on `w = 1..256` (×4) stays at least half
    /// its value at w = 4, judged up to the last w whose tail the flow map resolves (below
    /// `FlowMap1D.smallestLogTail` ≈ -5e5 log P is clamped, so κ is only a lower bound there);
    /// fewer than three resolved w is inconclusive. **Tolerance.** flow map 1e-10.
    static let sign = Claim<GaussianPairCase>(
        ClaimInfo(
            id: "G1.3a", paper: "[G1] Chidambaram et al. 2024, Theorem 2 (sign)",
            setting: "½N(μ, v) + ½N(-μ, v), μ ∈ [0.5, 2], v ∈ [0.25, 2]; edge case μ = v = 1; OU, PF-ODE",
            statement: "P(x_out ≥ 0) ≥ 1 - e^{-Ω(w²)}",
            formalisation: "κ_w = -log P(x_out < 0)/w², w = 1..256 (×4), stays ≥ ½ κ_4 up to the last w whose tail the flow map resolves (log P > log Φ(-1000))",
            tolerance: "flow map 1e-10"),
        cases: 4, edgeCases: 1,
        generate: { g in GaussianPairCase.generate(&g) },
        shrink: { $0.shrunk() },
        check: { c, _ in try signCheck(guided(c)) },
        report: { c, _, _ in report(c) },
        controls: [unguidedControl(signCheck)])

    /// G1.3a's test on the output laws `law(w)`: κ_w stays at least half its value at w = 4 up to
    /// the last resolved w.
    static func signCheck(_ law: OutputLaw) throws -> Verdict {
        let grid = G1Setting.grid(first: 1, ratio: 4, count: 5)
        let logs = try logCDFs(law, grid: grid) { _ in 0 }
        // A tail below the flow map's range is only bounded above, so κ only below: judge w
        // up to the last resolved one.
        let resolved = logs.prefix { $0 > FlowMap1D.smallestLogTail + 1e-9 }.count
        let rates = zip(grid, logs).map { -$1 / ($0 * $0) }
        var figures = zip(grid, rates).map { Figure("κ at \(G1Setting.at($0))", $1, note: "-log P(x<0)/w²") }
        figures.insert(Figure("resolved up to w", grid[max(resolved - 1, 0)], note: "log P above \(FlowMap1D.smallestLogTail)"), at: 0)
        guard resolved >= 3 else {
            return .inconclusive(reason: "P(x_out < 0) is below the flow map's range from w = \(grid[resolved])", figures: figures)
        }
        let judged = rates[1..<resolved]
        return .require(judged.first! > 0 && judged.min()! >= 0.5 * judged.first!,
                        otherwise: "-log P(x_out < 0)/w² falls: \(rates)", figures: figures)
    }

    /// **Statement (literal, as recovered).** `P(x_out ≥ √w) ≥ 1 - e^{-Ω(w)}`.
    /// **Formalisation.** `κ_w = -log P(x_out < √w)/w` on `w = 1..4096` (×4) stays at least half
    /// its value at w = 16.
    /// **Finding.** It does not hold: the median settles near `0.95√w` for `μ = v = 1`, so
    /// `P(x_out < √w) → 1` and κ_w falls to 0 (κ_16 = 0.157, κ_256 = 0.0018, κ_4096 = 5e-20).
    static let literal = Claim<GaussianPairCase>(
        ClaimInfo(
            id: "G1.3b", paper: "[G1] Chidambaram et al. 2024, Theorem 2 (√w, literal)",
            setting: "½N(μ, v) + ½N(-μ, v), μ ∈ [0.5, 2], v ∈ [0.25, 2]; edge case μ = v = 1; OU, PF-ODE",
            statement: "P(x_out ≥ √w) ≥ 1 - e^{-Ω(w)}",
            formalisation: "κ_w = -log P(x_out < √w)/w, w = 1..4096 (×4), stays ≥ ½ κ_16",
            tolerance: "flow map 1e-10",
            expectation: .knownCounterexample(
                "for ½N(1,1) + ½N(-1,1) the median is 0.95√w at w = 4096: P(x_out < √w) → 1 and -log P/w falls from 0.157 (w = 16) to 5e-20")),
        cases: 3, edgeCases: 1,
        generate: { g in GaussianPairCase.generate(&g) },
        shrink: { $0.shrunk() },
        check: { c, _ in try literalCheck(guided(c)) },
        report: { c, _, _ in report(c) },
        controls: [unguidedControl(literalCheck)])

    /// G1.3b's test on the output laws `law(w)`: κ_w stays at least half its value at w = 16.
    static func literalCheck(_ law: OutputLaw) throws -> Verdict {
        let grid = G1Setting.grid(first: 1, ratio: 4, count: 7)
        let rates = zip(grid, try logCDFs(law, grid: grid) { $0.squareRoot() }).map { -$1 / $0 }
        let figures = zip(grid, rates).map { Figure("κ at \(G1Setting.at($0))", $1, note: "-log P(x<√w)/w") }
        return .require(rates[2] > 0 && rates[2...].min()! >= 0.5 * rates[2],
                        otherwise: "-log P(x_out < √w)/w falls from \(rates[2]) to \(rates.last!)", figures: figures)
    }

    /// **Statement (rate form).** `x_out = Θ(√w)`.
    /// **Formalisation.** `r_w = median/√w` on `w = 16..4096` (×4): the fitted bounds
    /// `[min r, max r]` are positive and within a factor 2 of each other, and the last two
    /// values agree within 10% (the ratio settles).
    static let rate = Claim<GaussianPairCase>(
        ClaimInfo(
            id: "G1.3c", paper: "[G1] Chidambaram et al. 2024, Theorem 2 (rate form)",
            setting: "½N(μ, v) + ½N(-μ, v), μ ∈ [0.5, 2], v ∈ [0.25, 2]; edge case μ = v = 1; OU, PF-ODE",
            statement: "x_out = Θ(√w)",
            formalisation: "median/√w on w = 16..4096 (×4): max/min ≤ 2, min > 0, last two within 10%",
            tolerance: "flow map 1e-10"),
        cases: 3, edgeCases: 1,
        generate: { g in GaussianPairCase.generate(&g) },
        shrink: { $0.shrunk() },
        check: { c, _ in try rateCheck(guided(c)) },
        report: { c, _, _ in report(c) },
        controls: [unguidedControl(rateCheck)])

    /// G1.3c's test on the output laws `law(w)`: median/√w stays within a factor 2 and settles.
    static func rateCheck(_ law: OutputLaw) throws -> Verdict {
        let grid = G1Setting.grid(first: 16, ratio: 4, count: 5)
        let ratios = try grid.map { w in try law(w).quantile(0.5) / w.squareRoot() }
        let figures = zip(grid, ratios).map { Figure("median/√w at \(G1Setting.at($0))", $1) }
        let (lo, hi) = (ratios.min()!, ratios.max()!)
        let settled = abs(ratios[ratios.count - 1] / ratios[ratios.count - 2] - 1) <= 0.1
        return .require(lo > 0 && hi <= 2 * lo && settled, otherwise: "median/√w = \(ratios) is not Θ(1)", figures: figures)
    }
}
