import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G2]'s class-posterior gain under guidance in a window, at a fixed guidance budget
/// ([K] Kynkäänniemi et al., NeurIPS 2024, guide on a band of noise levels).
///
/// **Setting.** G2's: one-dimensional Gaussian classes (class c a single Gaussian wider than
/// every other component), DDPM's linear β from T = 1 to 1e-3, PF-ODE started from the class's
/// noised law. The guidance budget `B = ∫ w(t) g(t)² dt` (the amount by which guidance moves
/// the drift, integrated over the run) of constant `w = 2`, spent instead on one window:
/// `w = B / ∫_window g² dt` on the late window `[1e-3, 0.25]` or on the early one `[0.5, 1]`.
///
/// **Statement.** What the suite finds: guiding late is better. At the same budget, the late
/// window lowers `E[1/p(c|x)]` (raises the average class confidence, [G2]'s measure) more than
/// constant guidance and more than the early window, which barely moves it.
///
/// **Formalisation.** `E[1/p_{1e-3}(c|x_out)]` exactly (`GaussianClasses.exactODEExpectation`:
/// the 1-D flow map with the window's jumps as break points, quadrature over the start):
/// `E_late < E_constant < E_early`, each strictly.
///
/// **Tolerance.** Quadrature at relative 1e-8 and the flow map's 1e-10: differences above 1e-6
/// relative are decided.
enum LateGuidanceRaisesClassConfidence {
    static let end = GaussianClasses.end
    static let late = (lower: end, upper: 0.25), early = (lower: 0.5, upper: 1.0)

    /// The interval schedule on `window` with the budget of constant `w` (`GuidanceSchedule.window(budgetOf:…)`).
    static func budgetWindow(_ window: (lower: Double, upper: Double), constant w: Double) throws -> GuidanceSchedule {
        try .window(budgetOf: w, lower: window.lower, upper: window.upper, schedule: GaussianClasses.schedule, horizon: GaussianClasses.horizon, end: end)
    }

    static let claim = Claim<GaussianClasses>(
        ClaimInfo(
            id: "S.4", paper: "[K] Kynkäänniemi et al. 2024 × [G2] Li & Jiao 2025",
            setting: "G2's Gaussian classes, DDPM linear β, PF-ODE; the budget ∫ w g² dt of constant w = 2 spent on [1e-3, 0.25] (late) or [0.5, 1] (early)",
            statement: "at a fixed guidance budget, guiding late raises the class confidence most: E_late[1/p(c|x)] < E_constant < E_early",
            formalisation: "exact E[1/p_{1e-3}(c|x_out)] through the 1-D flow map with the window's jumps as break points; strict inequalities",
            tolerance: "quadrature 1e-8, flow map 1e-10"),
        cases: 3, edgeCases: 0,
        generate: { g in GaussianClasses.generate(&g) },
        shrink: { _ in [] },
        check: { c, _ in try check(c, late: late, early: early) },
        controls: [
            // The early window in the late one's place: it barely moves E (E_early > E_constant),
            // so "late beats constant" must fail.
            Control("two Gaussian classes N(0, 1) and N(1.5, 0.3), the late and early windows swapped") { _ in
                let classes = GaussianClasses(classWeights: [0.5, 0.5], pieces: [
                    [.init(weight: 1, mean: 0, variance: 1)], [.init(weight: 1, mean: 1.5, variance: 0.3)],
                ])
                return try check(classes, late: early, early: late)
            },
        ])

    /// S.4's test of a case with the budget of constant w = 2 spent on `late` or on `early`:
    /// `E_late < E_constant < E_early`, each strictly.
    static func check(_ c: GaussianClasses, late: (lower: Double, upper: Double), early: (lower: Double, upper: Double)) throws -> Verdict {
        let w = 2.0
        let unguided = try c.exactODEExpectation(w: 0).value, constant = try c.exactODEExpectation(w: w).value
        let lateGuidance = try budgetWindow(late, constant: w), earlyGuidance = try budgetWindow(early, constant: w)
        let (lateW, earlyW) = (lateGuidance.peak, earlyGuidance.peak)
        let lateE = try c.exactODEExpectation(guidance: lateGuidance).value
        let earlyE = try c.exactODEExpectation(guidance: earlyGuidance).value
        let figures = [
            Figure("E[1/p(c|x)], w = 0", unguided), Figure("E, constant w = 2", constant),
            Figure("E, late window", lateE, note: "w = \(Format.g(lateW)) on [\(Format.g(late.lower)), \(Format.g(late.upper))]"),
            Figure("E, early window", earlyE, note: "w = \(Format.g(earlyW)) on [\(Format.g(early.lower)), \(Format.g(early.upper))]"),
        ]
        if !(lateE < constant) { return .fails(reason: "the late window does not beat constant guidance: \(lateE) ≥ \(constant)", figures: figures) }
        return .require(constant < earlyE, otherwise: "the early window beats constant guidance: \(earlyE) ≤ \(constant)", figures: figures)
    }
}
