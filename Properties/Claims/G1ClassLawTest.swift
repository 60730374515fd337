import ClaimKit
import Diffusion
import Foundation
import GuidanceNumerics

/// The class-law test of G1.0 and G1.0s: does a sampler run at w = 0 with exact scores end in
/// the class law `p_end(·|+)` of a 1-D mixture? Two tests, by what the sampler is:
///
/// **Deterministic samplers** (`ode-euler`, `ode-heun`, `ode-rk4`, `ddim` with η = 0, `dpm-solver++2m`)
/// are tested exactly, with no Monte Carlo. In 1-D the sampler is a monotone map `M_N` of its
/// start point, so its output law `G` is known at the images of start quantiles: with
/// `z_i = σ Φ⁻¹(q_i)`, `q_i = (i + ½)/M`, `G(M_N(z_i)) = q_i`. With `F` the exact CDF of
/// `p_end(·|+)` (quadrature), on `[x_i, x_{i+1}]` both are monotone, so
/// `sup|G - F| ≤ max(q_{i+1} - F_i, F_{i+1} - q_i)`: the maximum over the cells (and the two
/// tails) bounds the KS distance from above, within `1/M` of the lower bound `max|q_i - F_i|`.
/// The exact flow keeps KS distances (a monotone map of both laws), so the output's distance is
/// at most the start mismatch `KS(N(0, σ²), p_T(·|+))` (bounded on the same grid) plus the
/// solver's; the test asks the solver's share to be at most `exactTolerance`. It detects every
/// KS error above the tolerance plus the start mismatch, with certainty (β = 0).
///
/// **Stochastic samplers** (`sde-em`, `ddpm`, `ddim` with η > 0) are tested by Monte Carlo: `n`
/// samples started from the exact noised class law `p_T(·|+)` (`m(T) x₀ + s(T) ξ`, `x₀ ~ p(·|+)`:
/// no start mismatch, so what is tested is the reverse dynamics), their KS distance `D̂_N` to
/// `F` within the DKW radius `r(n, α)` plus an allowance for the solver's error that is measured,
/// not chosen: the same sampler on `N/k` steps (`k = refinement`, fresh samples) gives `D̂_{N/k}`,
/// and for a first-order weak error (`D_N ≈ D_{N/k}/k`) the allowance `a = (D̂_{N/k} + r(n, α))/k`
/// bounds `D_N` at level α. Two DKW tests a case. `F` is evaluated at every `n/cdfPoints`-th
/// sorted sample only (`ksBounds`: the KS distance is bracketed within about `2/cdfPoints`); the
/// test rejects on the lower bound, the allowance uses the upper one, so both stay conservative.
/// A case past `r + a` fails, whatever `a` (a bias that refinement does not remove inflates
/// both distances, and `D̂_N > r + (D̂_{N/k} + r)/k` still rejects it); one that would hold
/// with an allowance above `allowanceCap` is inconclusive (its solver error hides what the claim
/// must detect), so every case that holds detects a KS error of
/// `r(n, α) + r(n, β) + allowanceCap + 2/cdfPoints` (the claim's stated figure).
enum ClassLawTest {
    /// The deterministic test's bound on the solver's KS error (ode-euler on 400 Karras steps
    /// from T = 10 to 1e-2 is at about 0.006 on a narrow interval class).
    static let exactTolerance = 0.01
    /// Start quantiles of the deterministic test at ci (× the profile's particle factor): the
    /// KS bracket is 1/M wide, a tenth of the tolerance.
    static let quantiles = 1000
    /// Samples of the Monte Carlo test at ci (× the profile's particle factor).
    static let samples = 150_000
    /// The coarse run of the Monte Carlo test has `steps / refinement` steps.
    static let refinement = 4
    /// The largest measured allowance with which a Monte Carlo case is decided (sde-em under OU
    /// to 1e-4 on 100 Karras steps is at KS 0.016, an allowance of 0.006).
    static let allowanceCap = 0.0065
    /// Points at which the Monte Carlo test evaluates the exact CDF (at ci and above).
    static let cdfPoints = 10_000
    /// DKW tests per case (the Monte Carlo test's fine and coarse runs; the claims count two for
    /// every case, which over-counts the exact ones, on the safe side).
    static let testsPerCase = 2

    static func isDeterministic(_ settings: SamplerSettings) -> Bool {
        switch settings.kind {
        case .odeEuler, .odeHeun, .odeRK4, .odeAdaptive, .dpmSolverPP2M: return true
        case .ddim: return settings.eta == 0
        case .sdeEulerMaruyama, .ddpm: return false
        }
    }

    /// The weakest KS error that the test of either kind detects at `profile` (for a claim's
    /// `detects`): the Monte Carlo test's `r(n, α) + r(n, β) + allowanceCap`, or the exact
    /// test's tolerance where it is larger (start mismatches not included: a case states its own).
    static func detectable(profile: Profile, alpha: Double) throws -> Double {
        max(exactTolerance, try DetectableDiscrepancy.dkw(sampleSize: profile.particles(base: samples), alpha: alpha, beta: Profile.beta, allowance: allowanceCap) + 2 / Double(cdfPoints))
    }

    /// The negative controls' wrong output: the claim's detectable share of the samples moved 10
    /// past the largest (`Control.contaminated`), at KS distance about that share from the law.
    static func detectableShareMoved(_ context: CheckContext) throws -> ([Double]) -> [Double] {
        let share = try detectable(profile: context.profile, alpha: context.alpha)
        return { Control.contaminated($0, share: share, far: ($0.max() ?? 0) + 10) }
    }

    /// The test of the sampler `settings` (its kind, steps, grid, times, η; `particles` and
    /// `seed` are the test's) on `problem` at w = 0. `wrong`, for the negative controls only,
    /// alters the sampler's outputs before they are tested.
    static func verdict(
        _ problem: GuidedProblem, _ settings: SamplerSettings, context: CheckContext, label: String,
        wrong: (([Double]) -> [Double])? = nil
    ) throws -> Verdict {
        isDeterministic(settings)
            ? try exactVerdict(problem, settings, context: context, label: label, wrong: wrong)
            : try monteCarloVerdict(
                problem, settings, context: context, label: label,
                start: { count, stream in try noisedClassDraws(problem, at: times(problem, settings).horizon, count: count, stream: stream) },
                cdf: { points in try classCDF(problem.mixture, schedule: problem.schedule, at: times(problem, settings).end, sortedPoints: points) },
                wrong: wrong)
    }

    static func exactVerdict(
        _ problem: GuidedProblem, _ settings: SamplerSettings, context: CheckContext, label: String, wrong: (([Double]) -> [Double])?
    ) throws -> Verdict {
        let (horizon, end) = times(problem, settings)
        let m = context.particles(base: quantiles)
        let levels = (0..<m).map { (Double($0) + 0.5) / Double(m) }
        let sigma = problem.schedule.startStandardDeviation(horizon: horizon)
        let start = levels.map { sigma * Normal.quantile($0) }
        var run = settings
        run.particles = m
        let mapped = try Sampler.run(problem, run, start: start).positions
        let outputs = wrong?(mapped) ?? mapped
        if let i = outputs.indices.dropFirst().first(where: { !(outputs[$0] >= outputs[$0 - 1]) }) {
            return .fails(reason: "\(label): the sampler's 1-D map is not monotone: x(z_\(i)) = \(outputs[i]) < x(z_\(i - 1)) = \(outputs[i - 1])", figures: [])
        }
        let distance = ksUpperBound(levels: levels, cdf: try classCDF(problem.mixture, schedule: problem.schedule, at: end, sortedPoints: outputs))
        let mismatch = ksUpperBound(levels: levels, cdf: try classCDF(problem.mixture, schedule: problem.schedule, at: horizon, sortedPoints: start))
        let figures = [
            Figure("KS distance (exact, ≤)", distance, note: "\(label), \(m) start quantiles"),
            Figure("start mismatch", mismatch, note: "KS(N(0, σ²), p_T(·|+)) ≤"),
            .detects("KS", exactTolerance + mismatch, beta: 0),
        ]
        return .require(distance <= mismatch + exactTolerance,
                        otherwise: "\(label): exact KS \(distance) > start mismatch \(mismatch) + \(exactTolerance)", figures: figures)
    }

    /// The Monte Carlo test of a stochastic sampler against a reference law: `n` runs started
    /// from `start(n, stream)`, their KS distance to the law whose CDF `cdf` gives at increasing
    /// points, within the DKW radius plus the solver's error measured on `steps/refinement`
    /// steps (see the type's notes). G1.0p uses it with its own start and reference.
    static func monteCarloVerdict(
        _ problem: GuidedProblem, _ settings: SamplerSettings, context: CheckContext, label: String,
        start: (Int, RandomStream) throws -> [Double], cdf: ([Double]) throws -> [Double], wrong: (([Double]) -> [Double])?
    ) throws -> Verdict {
        let n = context.particles(base: samples)
        var fine = settings, coarse = settings
        fine.particles = n
        fine.seed = context.caseSeed.value
        coarse.particles = n
        coarse.seed = context.caseSeed.value &+ 1
        coarse.steps = max(1, settings.steps / refinement)
        let fineOutputs = try Sampler.run(problem, fine, start: try start(n, context.stream(1))).positions
        let fineBounds = try ksBounds(wrong?(fineOutputs) ?? fineOutputs, cdf: cdf)
        let coarseBounds = try ksBounds(try Sampler.run(problem, coarse, start: try start(n, context.stream(2))).positions, cdf: cdf)
        let radius = try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: context.alpha)
        let allowance = (coarseBounds.upper + radius) / Double(refinement)
        let detects = try DetectableDiscrepancy.dkw(sampleSize: n, alpha: context.alpha, beta: Profile.beta, allowance: allowance)
            + (fineBounds.upper - fineBounds.lower)
        let figures = [
            Figure("KS distance (≥)", fineBounds.lower, note: "\(label), \(settings.steps) steps, \(n) samples; ≤ \(Format.g(fineBounds.upper))"),
            Figure("DKW radius", radius, note: "α = \(context.alpha)"),
            Figure("allowance (measured)", allowance, note: "(KS ≤ \(Format.g(coarseBounds.upper)) at \(coarse.steps) steps + radius)/\(refinement)"),
            .detects("KS", detects),
        ]
        // A KS distance past the radius and the measured allowance is a rejection at level α
        // whatever the allowance (a bias that refinement does not remove makes both large);
        // only a case that would hold is inconclusive when its allowance hides what it must detect.
        if fineBounds.lower > radius + allowance {
            return .fails(reason: "\(label): KS ≥ \(fineBounds.lower) > DKW radius \(radius) + measured allowance \(allowance)", figures: figures)
        }
        guard allowance <= allowanceCap else {
            return .inconclusive(reason: "\(label): the solver's error measured at \(coarse.steps) steps allows \(allowance) > \(allowanceCap): too large to detect what the claim states", figures: figures)
        }
        return .holds(figures: figures)
    }

    /// `count` draws from the noised class law `p_t(·|+)`: `m(t) x₀ + s(t) ξ`, `x₀ ~ p(·|+)`.
    static func noisedClassDraws(_ problem: GuidedProblem, at t: Double, count: Int, stream: RandomStream) throws -> [Double] {
        var stream = stream
        let m = problem.schedule.m(t), s = problem.schedule.s(t)
        var x = [Double](repeating: 0, count: count)
        try x.withUnsafeMutableBufferPointer { x in
            for i in 0..<count {
                try problem.mixture.sample(classIndex: 0, using: &stream, into: UnsafeMutableBufferPointer(rebasing: x[i..<(i + 1)]))
                x[i] = m * x[i] + s * stream.nextNormal()
            }
        }
        return x
    }

    /// The run's start and end times (the settings', else the schedule's).
    static func times(_ problem: GuidedProblem, _ settings: SamplerSettings) -> (horizon: Double, end: Double) {
        (settings.horizon ?? problem.schedule.defaultHorizon, settings.end ?? problem.schedule.defaultEnd)
    }

    /// The exact test's upper bound on `sup|G - F|` from `G = levels` and `F = cdf` at the same
    /// increasing points (the cells between them and the two tails).
    static func ksUpperBound(levels q: [Double], cdf f: [Double]) -> Double {
        guard let first = q.first, let last = q.last, let f0 = f.first, let fLast = f.last else { return 1 }
        var bound = max(first, f0, 1 - last, 1 - fLast)
        for i in 0..<(q.count - 1) { bound = max(bound, q[i + 1] - f[i], f[i + 1] - q[i]) }
        return bound
    }

    /// Bounds on `sup|F_n - F|` of `samples` to a law whose CDF `reference` gives at increasing
    /// points, from `F` at every
    /// `⌈n/cdfPoints⌉`-th sorted sample (and the last) only: the lower bound is the distance at
    /// those samples (`max(F_j - i_j/n, (i_j + 1)/n - F_j)`), the upper one bounds each cell
    /// between two of them, where both CDFs are monotone, as `ksUpperBound` does.
    static func ksBounds(_ samples: [Double], cdf reference: ([Double]) throws -> [Double]) throws -> (lower: Double, upper: Double) {
        let sorted = samples.sorted(), n = sorted.count
        guard n > 0 else { return (0, 1) }
        let step = max(1, (n + cdfPoints - 1) / cdfPoints)
        let indices = Array(stride(from: 0, to: n, by: step)) + ((n - 1) % step == 0 ? [] : [n - 1])
        let cdf = try reference(indices.map { sorted[$0] })
        let count = Double(n)
        var lower = 0.0
        for (j, i) in indices.enumerated() { lower = max(lower, cdf[j] - Double(i) / count, Double(i + 1) / count - cdf[j]) }
        // Below the first sample F_n = 0 and F ≤ F_0; from the last on F_n = 1 and F ≥ F_last.
        var upper = max(lower, cdf[0], 1 - cdf[cdf.count - 1])
        for j in 0..<(indices.count - 1) {
            // On [x_{i_j}, x_{i_{j+1}}): F_n ∈ [(i_j + 1)/n, i_{j+1}/n], F ∈ [F_j, F_{j+1}].
            upper = max(upper, Double(indices[j + 1]) / count - cdf[j], cdf[j + 1] - Double(indices[j] + 1) / count)
        }
        return (lower, upper)
    }

    /// The exact CDF of class 0's noised law `p_t(·|+)` of a 1-D mixture at each of the
    /// increasing `sortedPoints`, by GSL quadrature of the density between consecutive points
    /// (relative tolerance 1e-9; QAGIL from -∞ to the first).
    static func classCDF(_ mixture: Mixture, schedule: NoiseSchedule, at t: Double, sortedPoints: [Double]) throws -> [Double] {
        let noised = try mixture.noised(at: t, schedule: schedule)
        var failure: Error?
        let density = { (x: Double) -> Double in
            do { return exp(try noised.evaluate([x], classIndex: 0, w: 0).logClassDensity) } catch {
                failure = error
                return 0
            }
        }
        var cdf: [Double] = []
        cdf.reserveCapacity(sortedPoints.count)
        guard let first = sortedPoints.first else { return [] }
        var total = try Quadrature.integrate(density, from: -.infinity, to: first, relativeTolerance: 1e-9).value
        for (i, x) in sortedPoints.enumerated() {
            if i > 0 { total += try Quadrature.integrate(density, from: sortedPoints[i - 1], to: x, absoluteTolerance: 1e-12, relativeTolerance: 1e-9).value }
            cdf.append(total)
        }
        if let failure { throw failure }
        return cdf
    }
}
