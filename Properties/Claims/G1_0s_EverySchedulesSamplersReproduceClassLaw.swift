import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] prerequisite on every noise schedule: without guidance the samplers reproduce the class
/// law under OU, VP-linear, VP-cosine and VE alike (G1.0 runs OU only).
///
/// **Setting.** 1-D two-class mixtures, class "+" one or two Gaussians (means in [-1, 2],
/// variances in [0.05, 1]), class "-" `N(-2, 0.5)`; a schedule of OU, VP-linear (DDPM's β),
/// VP-cosine and VE (EDM's σ), each from its default horizon to its default end on its standard
/// grid, 400 steps; the samplers ode-heun and sde-em, and on the VP schedules ddpm and ddim
/// (η = 0.5); 2000 particles (× profile).
///
/// **Statement.** With w = 0 and exact scores the output law is `p_tEnd(·|+)` up to the start
/// mismatch and the solver's error, on every schedule.
///
/// **Formalisation.** As G1.0: the KS distance of the samples to the exact `p_tEnd(·|+)` (CDF by
/// quadrature) within the DKW radius at the budgeted α plus the allowance 0.02; one test a case.
///
/// **Tolerance.** DKW at α + 0.02.
enum EverySchedulesSamplersReproduceClassLaw {
    struct Case: Codable, Sendable, Equatable {
        /// `ou`, `vp-linear`, `vp-cosine` or `ve` (the spec's process kind).
        var process: String
        var sampler: SamplerKind
        var means: [Double]
        var variances: [Double]

        var spec: MixtureSpec {
            MixtureSpec(process: .init(kind: process), classes: [
                .init(weight: 0.5, components: zip(means, variances).map { .gaussian(mean: [$0], cov: [[$1]]) }),
                .init(weight: 0.5, components: [.gaussian(mean: [-2], cov: [[0.5]])]),
            ])
        }
    }

    static let processes = ["ou", "vp-linear", "vp-cosine", "ve"]
    static let allowance = 0.02, particles = 2000, steps = 400

    static func samplers(for process: String) -> [SamplerKind] {
        process.hasPrefix("vp") ? [.odeHeun, .sdeEulerMaruyama, .ddpm, .ddim] : [.odeHeun, .sdeEulerMaruyama]
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.0s", paper: "[G1] prerequisite on every schedule (w = 0 reproduces the class law)",
            setting: "1-D Gaussian-mixture classes; OU, VP-linear, VP-cosine, VE; ode-heun, sde-em (and ddpm, ddim on VP), 400 steps",
            statement: "with w = 0 and exact scores the output law is p(·|c) up to the start mismatch and the solver's error, on every schedule",
            formalisation: "KS distance of 2000 samples to the exact p_tEnd(·|+) ≤ DKW radius at α + 0.02",
            tolerance: "DKW at the budgeted α; discretisation allowance 0.02"),
        cases: 8, edgeCases: 4, statisticalTestsPerCase: 1,
        generate: { g in
            let process = processes[g.int(in: 0...(processes.count - 1))]
            let kinds = samplers(for: process)
            let count = g.int(in: 1...2)
            return Case(process: process, sampler: kinds[g.int(in: 0...(kinds.count - 1))],
                        means: (0..<count).map { _ in g.double(in: -1...2) }, variances: (0..<count).map { _ in g.double(in: 0.05...1) })
        },
        shrink: { c in
            c.means.count > 1 ? [{ var s = c; s.means = [c.means[0]]; s.variances = [c.variances[0]]; return s }()] : []
        },
        check: { c, context in try lawVerdict(c, samples: try samples(c, context), context: context) },
        detects: { profile, alpha in
            .detects("KS", try DetectableDiscrepancy.dkw(sampleSize: profile.particles(base: particles), alpha: alpha, beta: Profile.beta, allowance: allowance))
        },
        controls: [
            Control("VE Heun's output with the detectable share of samples moved 10 past the largest") { context in
                let c = Case(process: "ve", sampler: .odeHeun, means: [1], variances: [0.3])
                let draws = try samples(c, context)
                let share = try DetectableDiscrepancy.dkw(sampleSize: draws.count, alpha: context.alpha, beta: Profile.beta, allowance: allowance)
                return try lawVerdict(c, samples: Control.contaminated(draws, share: share, far: (draws.max() ?? 0) + 10), context: context)
            },
        ])

    /// The sampler's output: `particles × profile`, `steps` steps on the schedule's standard grid.
    static func samples(_ c: Case, _ context: CheckContext) throws -> [Double] {
        let (mixture, schedule) = try c.spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        var settings = SamplerSettings(kind: c.sampler, steps: steps, particles: context.particles(base: particles), seed: context.caseSeed.value)
        settings.eta = 0.5
        return try Sampler.run(problem, settings).positions
    }

    /// The KS distance of `samples` to the exact `p_tEnd(·|+)` within the DKW radius plus the allowance.
    static func lawVerdict(_ c: Case, samples: [Double], context: CheckContext) throws -> Verdict {
        let (mixture, schedule) = try c.spec.build()
        return try G1Setting.classLawVerdict(
            mixture, schedule: schedule, end: schedule.defaultEnd, samples: samples, context: context, allowance: allowance,
            label: "\(c.process) \(c.sampler.rawValue)")
    }
}
