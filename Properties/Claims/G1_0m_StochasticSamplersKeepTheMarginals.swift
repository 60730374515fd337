import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] prerequisite for the stochastic samplers as processes: at w = 0 their state at an
/// intermediate time has the forward marginal law.
///
/// **Setting.** G1.0s's 1-D Gaussian-mixture classes on OU, VP-linear, VP-cosine and VE; the
/// stochastic samplers (`sde-em`, and on the VP schedules `ddpm` and `ddim` with η = 0.5) run from
/// the schedule's default horizon to an intermediate time `t` (its noise level `σ = s(t)/m(t)` drawn
/// log-uniformly in [0.05, 2], where the class scale lies), 400 Karras steps.
///
/// **Statement.** Without guidance and with exact scores the reverse process has the forward
/// marginals: its state at time t has the law `p_t(·|+)`, not only at the end of the run.
///
/// **Formalisation.** `ClassLawTest`'s Monte Carlo test with the run ending at t: 150 000 samples
/// started from the exact `p_T(·|+)`, their KS distance to the exact `p_t(·|+)` within the DKW
/// radius at α plus the solver's error measured on 100 steps. Two tests a case.
///
/// **Tolerance.** DKW at α + the measured allowance (≤ 0.0065).
enum StochasticSamplersKeepTheMarginals {
    struct Case: Codable, Sendable, Equatable {
        var classes: EverySchedulesSamplersReproduceClassLaw.Case
        /// The intermediate noise level σ = s(t)/m(t) at which the run stops.
        var sigma: Double
    }

    static func samplers(for process: String) -> [SamplerKind] {
        process.hasPrefix("vp") ? [.sdeEulerMaruyama, .ddpm, .ddim] : [.sdeEulerMaruyama]
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.0m", paper: "[G1] prerequisite for the stochastic samplers (w = 0 keeps the forward marginals)",
            setting: "G1.0s's 1-D Gaussian classes on OU, VP-linear, VP-cosine, VE; sde-em (and ddpm, ddim η = 0.5 on VP) stopped at σ ∈ [0.05, 2], 400 Karras steps",
            statement: "with w = 0 and exact scores the reverse process's state at an intermediate time t has the forward marginal p_t(·|+)",
            formalisation: "KS of 150 000 samples (started from the exact p_T(·|+)) to the exact p_t(·|+) ≤ DKW radius at α + solver error measured on 100 steps",
            tolerance: "DKW at the budgeted α + measured allowance ≤ 0.0065"),
        cases: 4, edgeCases: 0, statisticalTestsPerCase: ClassLawTest.testsPerCase,
        generate: { g in
            var classes = try EverySchedulesSamplersReproduceClassLaw.claim.generate(&g)
            let kinds = samplers(for: classes.process)
            classes.sampler = kinds[g.int(in: 0...(kinds.count - 1))]
            return Case(classes: classes, sigma: exp(g.double(in: log(0.05)...log(2))))
        },
        shrink: { c in EverySchedulesSamplersReproduceClassLaw.claim.shrink(c.classes).map { Case(classes: $0, sigma: c.sigma) } },
        check: { c, context in try verdict(c, context: context) },
        report: { c, _, _ in CounterexampleReport(specJSON: c.classes.spec.json()) },
        detects: { profile, alpha in .detects("KS", try ClassLawTest.detectable(profile: profile, alpha: alpha)) },
        controls: [
            // The state at σ = 0.3 judged against the marginal at σ = 0.3, its samples with the
            // claim's detectable share moved past the rest.
            Control("VP-linear DDPM's state at σ = 0.3 with the claim's detectable share of samples moved 10 past the largest") { context in
                let classes = EverySchedulesSamplersReproduceClassLaw.Case(process: "vp-linear", sampler: .ddpm, means: [1], variances: [0.3])
                return try verdict(Case(classes: classes, sigma: 0.3), context: context, wrong: try ClassLawTest.detectableShareMoved(context))
            },
        ])

    /// G1.0m's test: `ClassLawTest` on a run from the default horizon to the time of noise
    /// level `sigma`; `wrong` alters the outputs (controls only).
    static func verdict(_ c: Case, context: CheckContext, wrong: (([Double]) -> [Double])? = nil) throws -> Verdict {
        let (mixture, schedule) = try c.classes.spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        let t = try schedule.time(atSigma: c.sigma)
        var settings = SamplerSettings(kind: c.classes.sampler, steps: EverySchedulesSamplersReproduceClassLaw.steps, particles: 1,
                                       seed: context.caseSeed.value, end: t, grid: .karras)
        settings.eta = c.classes.sampler == .ddim ? 0.5 : 0
        return try ClassLawTest.verdict(problem, settings, context: context, label: "\(c.classes.process) \(c.classes.sampler.rawValue) at σ = \(Format.g(c.sigma))", wrong: wrong)
    }
}
