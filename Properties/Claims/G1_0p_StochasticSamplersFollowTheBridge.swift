import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// [G1] prerequisite for the stochastic samplers' paths: from one start point, the spread of
/// their runs is the law the reverse process implies.
///
/// **Setting.** G1.0s's 1-D Gaussian-mixture classes (class "+" one or two equally weighted
/// components `N(μ_k, v_k)`) on OU, VP-linear, VP-cosine and VE; the samplers of the reverse
/// Markov process (`sde-em`, and on the VP schedules `ddpm`; not DDIM with η < 1, whose
/// marginals are the forward ones but whose transitions are not), w = 0, every run started
/// at the same point `y` at the time `s` of noise level σ_s ∈ [0.5, 2] and run to the time `e` of
/// σ_e = σ_s/10, 400 Karras steps, each run with its own noise.
///
/// **Statement.** The reverse process started at `x_s = y` has, at time e, the forward
/// process's conditional law `p(x_e | x_s = y, +)`: its runs spread as much as the forward
/// bridge, not as the marginal `p_e(·|+)` (which G1.0m checks) and not as a deterministic map.
///
/// **Formalisation.** Forward, `x_s = a x_e + b ξ` with `a = m_s/m_e`, `b² = s_s² - a² s_e²`, and
/// `x_e | k ~ N(c_k, d_k)`, `c_k = m_e μ_k`, `d_k = m_e² v_k + s_e²`; so `x_e | x_s = y` is the
/// Gaussian mixture with weights `∝ N(y; a c_k, a² d_k + b²)`, means
/// `(c_k/d_k + a y/b²)/(1/d_k + a²/b²)` and variances `1/(1/d_k + a²/b²)` (closed form, no
/// quadrature). `ClassLawTest`'s Monte Carlo test against that law: 150 000 runs, their KS
/// distance within the DKW radius at α plus the solver's error measured on 100 steps.
///
/// **Tolerance.** DKW at the budgeted α + the measured allowance (≤ 0.0065).
enum StochasticSamplersFollowTheBridge {
    struct Case: Codable, Sendable, Equatable {
        var classes: EverySchedulesSamplersReproduceClassLaw.Case
        /// The start noise level σ_s; the runs stop at σ_s/10.
        var sigma: Double
        /// The start point, in units of the start marginal's standard deviation about its mean.
        var start: Double
    }

    static let claim = Claim<Case>(
        ClaimInfo(
            id: "G1.0p", paper: "[G1] prerequisite for the stochastic samplers' paths (the spread from one start point)",
            setting: "G1.0s's 1-D Gaussian classes on OU, VP-linear, VP-cosine, VE; sde-em (and ddpm on VP) from one point at σ_s ∈ [0.5, 2] to σ_s/10, 400 Karras steps",
            statement: "runs of the reverse process from one start point spread as the forward process's conditional law p(x_e | x_s = y, +)",
            formalisation: "KS of 150 000 runs to the closed-form Gaussian mixture p(x_e | x_s = y, +) ≤ DKW radius at α + solver error measured on 100 steps",
            tolerance: "DKW at the budgeted α + measured allowance ≤ 0.0065"),
        cases: 4, edgeCases: 0, statisticalTestsPerCase: ClassLawTest.testsPerCase,
        generate: { g in
            var classes = try EverySchedulesSamplersReproduceClassLaw.claim.generate(&g)
            let kinds: [SamplerKind] = classes.process.hasPrefix("vp") ? [.sdeEulerMaruyama, .ddpm] : [.sdeEulerMaruyama]
            classes.sampler = kinds[g.int(in: 0...(kinds.count - 1))]
            return Case(classes: classes, sigma: exp(g.double(in: log(0.5)...log(2))), start: g.double(in: -1.5...1.5))
        },
        shrink: { c in EverySchedulesSamplersReproduceClassLaw.claim.shrink(c.classes).map { Case(classes: $0, sigma: c.sigma, start: c.start) } },
        check: { c, context in try verdict(c, context: context) },
        report: { c, _, _ in CounterexampleReport(specJSON: c.classes.spec.json()) },
        detects: { profile, alpha in .detects("KS", try ClassLawTest.detectable(profile: profile, alpha: alpha)) },
        controls: [
            Control("VP-linear DDPM's runs with the claim's detectable share moved 10 past the largest") { context in
                let classes = EverySchedulesSamplersReproduceClassLaw.Case(process: "vp-linear", sampler: .ddpm, means: [1], variances: [0.3])
                return try verdict(Case(classes: classes, sigma: 1, start: 0), context: context, wrong: try ClassLawTest.detectableShareMoved(context))
            },
            // A sampler that forgot its start point would follow the marginal p_e(·|+), which is
            // wider than the bridge: its runs judged against the bridge.
            Control("VP-linear DDPM's runs from y judged against the bridge from another start point (y + 1 marginal sd)") { context in
                let classes = EverySchedulesSamplersReproduceClassLaw.Case(process: "vp-linear", sampler: .ddpm, means: [1], variances: [0.3])
                return try verdict(Case(classes: classes, sigma: 1, start: 0), context: context, referenceStart: 1)
            },
        ])

    /// G1.0p's test; `referenceStart` (controls only) takes the bridge from another start point,
    /// `wrong` (controls only) alters the outputs.
    static func verdict(_ c: Case, context: CheckContext, referenceStart: Double? = nil, wrong: (([Double]) -> [Double])? = nil) throws -> Verdict {
        let (mixture, schedule) = try c.classes.spec.build()
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        let s = try schedule.time(atSigma: c.sigma), e = try schedule.time(atSigma: c.sigma / 10)
        let y = startPoint(c.classes, schedule: schedule, at: s, standardUnits: c.start)
        let reference = referenceStart.map { startPoint(c.classes, schedule: schedule, at: s, standardUnits: $0) } ?? y
        let bridge = bridgeLaw(c.classes, schedule: schedule, from: s, to: e, start: reference)
        var settings = SamplerSettings(kind: c.classes.sampler, steps: EverySchedulesSamplersReproduceClassLaw.steps, particles: 1,
                                       seed: context.caseSeed.value, horizon: s, end: e, grid: .karras)
        settings.eta = c.classes.sampler == .ddim ? 0.5 : 0
        return try ClassLawTest.monteCarloVerdict(
            problem, settings, context: context, label: "\(c.classes.process) \(c.classes.sampler.rawValue) from y = \(Format.g(y)) at σ = \(Format.g(c.sigma))",
            start: { count, _ in [Double](repeating: y, count: count) },
            cdf: { points in points.map { x in bridge.reduce(0) { $0 + $1.weight * Normal.cdf((x - $1.mean) / $1.variance.squareRoot()) } } },
            wrong: wrong)
    }

    /// The point `standardUnits` standard deviations from the mean of the marginal `p_s(·|+)`.
    static func startPoint(_ c: EverySchedulesSamplersReproduceClassLaw.Case, schedule: NoiseSchedule, at s: Double, standardUnits z: Double) -> Double {
        let m = schedule.m(s), sd = schedule.s(s), k = Double(c.means.count)
        let mean = c.means.reduce(0, +) / k * m
        let second = zip(c.means, c.variances).reduce(0) { $0 + (m * m * ($1.1 + $1.0 * $1.0) + sd * sd) / k }
        return mean + z * (second - mean * mean).squareRoot()
    }

    /// `p(x_e | x_s = y, +)` as weighted Gaussians (the type's formalisation).
    static func bridgeLaw(
        _ c: EverySchedulesSamplersReproduceClassLaw.Case, schedule: NoiseSchedule, from s: Double, to e: Double, start y: Double
    ) -> [(weight: Double, mean: Double, variance: Double)] {
        let a = schedule.m(s) / schedule.m(e)
        let b2 = schedule.s(s) * schedule.s(s) - a * a * schedule.s(e) * schedule.s(e)
        let me = schedule.m(e), se2 = schedule.s(e) * schedule.s(e)
        let parts = zip(c.means, c.variances).map { mu, v -> (logWeight: Double, mean: Double, variance: Double) in
            let ck = me * mu, dk = me * me * v + se2
            let marginal = a * a * dk + b2
            let precision = 1 / dk + a * a / b2
            return (-0.5 * (y - a * ck) * (y - a * ck) / marginal - 0.5 * log(marginal), (ck / dk + a * y / b2) / precision, 1 / precision)
        }
        let top = parts.map(\.logWeight).max() ?? 0
        let total = parts.reduce(0) { $0 + exp($1.logWeight - top) }
        return parts.map { (exp($0.logWeight - top) / total, $0.mean, $0.variance) }
    }
}
