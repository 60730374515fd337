import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2] Li & Jiao 2025: guidance raises the class posterior on average (Properties/README.md G2.2).
///
/// Setting: exact scores; the guided reverse SDE `dY = [-f Y + g²(∇log p_t(Y|c) + w ∇log p_t(c|Y))]dτ + g dB̄`
/// started from the class's noised law `p_T(·|c)` (not from N(0, I): the identity needs it).
/// Statement: `E_w[1/p(c|x_out)] < 1/π_c` for w > 0, with the deficit given by Itô's formula
/// `E_w = 1/π_c - w ∫ g² E_w[|∇log p_t(c|Y)|²/p_t(c|Y)] dτ` (`PosteriorDeficit`).
/// Formalisation: `GaussianClasses` (1-D, class c the widest Gaussian, so `1/p_t(c|x)` is bounded);
/// DDPM linear schedule from T = 1 to tEnd = 1e-3 and `p(c|x_out)` evaluated as
/// `p_{tEnd}(c|x_out)` (the law the sampler ends in); Euler–Maruyama on a 200-step Karras grid
/// in t; w ∈ {0.5, 2, 4}; shared start points and noise across w.
/// - exact part: the slope `dE_w/dw` at w = 0 is `-∫ g² E_{p_t(·|c)}[|∇ℓ|²/p_t(c|x)] dt`, a double
///   quadrature (QAGS in t at 1e-6 over QAGI in x at 1e-8), and must be negative;
/// - Monte Carlo part, per w, two empirical-Bernstein tests at the budgeted α:
///   (1) `E_w < 1/π_c`: fails when the interval's lower end is at or above `1/π_c`;
///   (2) the Itô identity: `D = u_end + w I - u_start` has mean 0 up to the discretisation
///   allowance `δ(w) = 0.02(1 + w)` (measured |mean D| ≤ 0.01(1 + w) at 200 steps on the explored
///   mixtures; EM's bias is O(h)); fails when `|mean D| > radius + δ(w)`.
/// Ranges (needed by the bound): `u ∈ [1, B_t]` with the closed-form `B_t`
/// (`GaussianClasses.inverseBound`); `I ∈ [0, Σ_k h_k g_k² · 2 sup_x |∇ℓ|² u]`, the sup taken on a
/// 1201-point grid over `m μ_c ± 12 sd_t` (outside, `p_t(c|x) → 1` and `|∇ℓ|² u → 0`).
public enum GuidanceLowersInversePosterior {
    static let ws = [0.5, 2.0, 4.0]
    static let steps = 200
    static let particles = 6000

    /// `-∫ g² E_{p_t(·|c)}[|∇ℓ|²/p_t(c|x)] dt` over [tEnd, T].
    public static func slopeAtZero(_ value: GaussianClasses) throws -> Estimate {
        let mixture = try value.mixture()
        let schedule = GaussianClasses.schedule
        var failure: Error?
        let outer = try Quadrature.integrate({ t in
            do {
                let noised = try mixture.noised(at: t, schedule: schedule)
                var scratch = noised.makeScratch()
                let inner = try Quadrature.integrate({ x in
                    var point = x, grad = 0.0
                    let logPost = (try? withUnsafePointer(to: &point) { xp in
                        try withUnsafeMutablePointer(to: &grad) { gp in
                            try noised.logClassPosterior(UnsafeBufferPointer(start: xp, count: 1), classIndex: 0, gradient: UnsafeMutableBufferPointer(start: gp, count: 1), scratch: &scratch)
                        }
                    }) ?? .nan
                    // p_t(x|c) / p_t(c|x) = p_t(x)/π_c, and scratch holds log π_c p_t(x|c).
                    let logClass = scratch.logJointForClass(0) - log(mixture.classes[0].weight)
                    return grad * grad * exp(logClass - logPost)
                }, from: -.infinity, to: .infinity, absoluteTolerance: 0, relativeTolerance: 1e-8)
                return schedule.gSquared(t) * inner.value
            } catch {
                failure = error
                return 0
            }
        }, from: GaussianClasses.end, to: GaussianClasses.horizon, absoluteTolerance: 0, relativeTolerance: 1e-6)
        if let failure { throw failure }
        return Estimate(value: -outer.value, error: outer.error)
    }

    /// `Σ_k h_k g_k² · 2 sup_x |∇ℓ_{t_k}|² u_{t_k}` (grid sup with safety factor 2).
    static func deficitBound(_ value: GaussianClasses, times: [Double]) throws -> Double {
        let mixture = try value.mixture(), schedule = GaussianClasses.schedule
        let c = value.pieces[0][0]
        var total = 0.0
        for k in 0..<(times.count - 1) {
            let t = times[k], m = schedule.m(t), s = schedule.s(t)
            let noised = try mixture.noised(m: m, s: s)
            var scratch = noised.makeScratch()
            let sd = (m * m * c.variance + s * s).squareRoot()
            var top = 0.0
            for i in 0...1200 {
                var x = m * c.mean + sd * (-12 + 24 * Double(i) / 1200), grad = 0.0
                let logPost = try withUnsafePointer(to: &x) { xp in
                    try withUnsafeMutablePointer(to: &grad) { gp in
                        try noised.logClassPosterior(UnsafeBufferPointer(start: xp, count: 1), classIndex: 0, gradient: UnsafeMutableBufferPointer(start: gp, count: 1), scratch: &scratch)
                    }
                }
                top = max(top, grad * grad * exp(-logPost))
            }
            total += (times[k] - times[k + 1]) * schedule.gSquared(t) * 2 * top
        }
        return total
    }

    public static let claim = Claim<GaussianClasses>(
        ClaimInfo(
            id: "G2.2", paper: "[G2] Li & Jiao 2025 (ICML), main result: guidance helps on average (Properties/README.md G2.2)",
            setting: "1-D Gaussian classes, class c the widest; exact scores; guided reverse SDE (Euler–Maruyama, 200 Karras steps in t) from p_T(·|c), DDPM linear schedule T = 1 → tEnd = 1e-3",
            statement: "E_w[1/p(c|x_out)] < 1/π_c for w > 0, equal to 1/π_c - w ∫ g² E[|∇log p_t(c|Y)|²/p_t(c|Y)] dτ; the slope at w = 0 is negative",
            formalisation: "p(c|x_out) := p_{tEnd}(c|x_out); w ∈ {0.5, 2, 4}, 6000 shared start points and noise; slope at w = 0 by double quadrature; per w an empirical-Bernstein test of E_w < 1/π_c and one of the Itô identity",
            tolerance: "slope < 0 (quadrature); E_w: fails if its lower confidence end ≥ 1/π_c; identity: |mean D| ≤ EB radius + 0.02(1 + w); α from the suite budget"),
        cases: 2, statisticalTestsPerCase: 6,
        generate: { g in GaussianClasses.generate(&g) },
        check: { value, context in
            var figures: [Figure] = []
            let slope = try slopeAtZero(value)
            figures.append(Figure("dE_w/dw at w = 0", slope.value, note: "double quadrature, ± \(Format.g(slope.error, 2))"))
            guard slope.value + slope.error < 0 else {
                return .fails(reason: "the slope at w = 0 is \(slope.value), not negative", figures: figures)
            }
            figures.append(Figure("1/π_c", 1 / value.classPrior))
            for w in ws {
                if let failure = try failure(value, w: w, run: try run(value, w: w, context: context), alpha: context.alpha, figures: &figures) {
                    return .fails(reason: failure, figures: figures)
                }
            }
            return .holds(figures: figures)
        },
        report: { value, _, _ in CounterexampleReport(specJSON: value.specJSON) },
        controls: [
            // The unguided run read as the run at w = 4: its mean D is then 4 E_0[I] = 4 |dE_w/dw|
            // at w = 0, the deficit of a guidance that did not act.
            Control("G2.3's example: the unguided run (w = 0) judged as the run at w = 4, D off by 4 |dE_w/dw(0)|") { context in
                var figures: [Figure] = []
                let example = GainIsNotPerSample.example
                return try failure(example, w: 4, run: try run(example, w: 0, context: context), alpha: context.alpha, figures: &figures)
                    .map { .fails(reason: $0, figures: figures) } ?? .holds(figures: figures)
            },
        ]
    )

    /// The guided reverse SDE at `w` (Euler–Maruyama on `steps` Karras steps) from
    /// `particles × profile` start points drawn from `p_T(·|c)`, start points and noise shared
    /// across w.
    static func run(_ value: GaussianClasses, w: Double, context: CheckContext) throws -> PosteriorDeficit.Run {
        let start = try value.classStart(count: context.particles(base: particles), seed: context.caseSeed.value)
        let problem = try GuidedProblem(mixture: try value.mixture(), schedule: GaussianClasses.schedule, classIndex: 0, w: w)
        return try PosteriorDeficit.run(problem, times: GaussianClasses.times(steps: steps), start: start, seed: RandomStream.derive(seed: context.caseSeed.value, index: 1))
    }

    /// G2.2's two empirical-Bernstein tests at `alpha` on `run`, judged as the run at `w`:
    /// (1) `E_w < 1/π_c`, failing when the interval's lower end is at or above `1/π_c`; (2) the
    /// Itô identity, failing when `|mean D| > radius + 0.02(1 + w)` for `D = u_end + w I - u_start`.
    /// Why it fails, or nil; its figures are appended to `figures`.
    static func failure(_ value: GaussianClasses, w: Double, run: PosteriorDeficit.Run, alpha: Double, figures: inout [Figure]) throws -> String? {
        let n = run.endValues.count
        let times = GaussianClasses.times(steps: steps)
        let schedule = GaussianClasses.schedule
        let target = 1 / value.classPrior
        let startBound = value.inverseBound(m: schedule.m(times[0]), s: schedule.s(times[0]))
        let endBound = value.endBound
        let iBound = try deficitBound(value, times: times)
        let ew = try EmpiricalBernstein(run.endValues, range: 1...endBound, alpha: alpha)
        let d = (0..<n).map { run.endValues[$0] + w * run.deficits[$0] - run.startValues[$0] }
        let identity = try EmpiricalBernstein(d, range: (1 - startBound)...(endBound - 1 + w * iBound), alpha: alpha)
        let meanI = run.deficits.reduce(0, +) / Double(n)
        let allowance = 0.02 * (1 + w)
        figures.append(Figure("E_w (w = \(w))", ew.mean, note: "± \(Format.g(ew.radius, 3)) (EB), Itô RHS 1/π_c - w·E[I] = \(Format.g(target - w * meanI))"))
        figures.append(Figure("mean D (w = \(w))", identity.mean, note: "± \(Format.g(identity.radius, 3)) + allowance \(Format.g(allowance, 2))"))
        if ew.lower >= target {
            return "w = \(w): E_w = \(ew.mean) ± \(ew.radius) is not below 1/π_c = \(target)"
        }
        if abs(identity.mean) > identity.radius + allowance {
            return "w = \(w): E_w = \(ew.mean) but the Itô right-hand side is \(target - w * meanI) (mean D = \(identity.mean) beyond \(identity.radius) + \(allowance))"
        }
        return nil
    }
}
