import Foundation

/// Teleportation ([G3] §5): skip the first `k` steps of a sampler by the closed-form flow of
/// the moment-matched Gaussian of the class law, then run the sampler from `t_k` with the exact
/// mixture score (Properties/README.md G3.4).
///
/// On the grid `t_0 = T > t_1 > … > t_N` of the settings, each start point `x_T` is mapped to
/// `GaussianFlow.map(x_T, from: t_0, to: t_k)` (no score evaluation), and the sampler then runs
/// `N - k` steps from `t_k`. Uniform and Karras grids are self-similar (linear in `t`, resp.
/// in `σ^{1/7}`), so the remaining steps are exactly `t_k, …, t_N` of the full grid (up to
/// rounding in `pow`). With `k = 0` the run is `Sampler.run` itself.
///
/// The jump is the unguided flow of class c's Gaussian, so the problem must have `w = 0`. A
/// stochastic sampler draws its noise for its own step indices `0..<(N - k)`.
public enum Teleportation {
    /// The result: the batch of the continued run, the time jumped to, and the score evaluations
    /// saved against the full run (`particles × k × evaluations per step`).
    public struct Result: Sendable {
        public var batch: SampleBatch
        public var skippedSteps: Int
        public var jumpTime: Double
        public var savedEvaluations: Int
    }

    public static func run(_ problem: GuidedProblem, _ settings: SamplerSettings, skip k: Int, start: [Double]? = nil) throws -> Result {
        guard k >= 0, k < settings.steps else {
            throw ModelError(field: "skip", value: "\(k)", allowed: "an integer in [0, steps = \(settings.steps))")
        }
        guard problem.guidance.isZero else {
            throw ModelError(field: "w", value: "\(problem.guidance.peak)", allowed: "0 (the closed-form jump is the unguided flow of the class's Gaussian)")
        }
        if k == 0 {
            return Result(batch: try Sampler.run(problem, settings, start: start), skippedSteps: 0,
                          jumpTime: settings.horizon ?? problem.schedule.defaultHorizon, savedEvaluations: 0)
        }
        let schedule = problem.schedule, d = problem.mixture.dimension
        let horizon = settings.horizon ?? schedule.defaultHorizon
        let end = settings.end ?? schedule.defaultEnd
        try Sampler.validate(settings, horizon: horizon, end: end, schedule: schedule, dimension: d)
        let grid = settings.grid ?? .standard(for: schedule)
        let times = grid.times(horizon: horizon, end: end, steps: settings.steps)
        let n = settings.particles
        let x = start ?? Sampler.startPoints(count: n, dimension: d, seed: settings.seed, standardDeviation: schedule.startStandardDeviation(horizon: horizon))
        guard x.count == n * d, x.allSatisfy(\.isFinite) else {
            throw ModelError(field: "start", value: "\(x.count) numbers", allowed: "particles × dimension = \(n * d) finite numbers")
        }
        let flow = try problem.mixture.momentMatchedGaussian(classIndex: problem.classIndex).flow
        var jumped = [Double](repeating: 0, count: n * d)
        for p in 0..<n {
            let y = flow.map(Array(x[(p * d)..<((p + 1) * d)]), from: times[0], to: times[k], schedule: schedule)
            for i in 0..<d { jumped[p * d + i] = y[i] }
        }
        var rest = settings
        rest.horizon = times[k]
        rest.end = end
        rest.grid = grid
        rest.steps = settings.steps - k
        let batch = try Sampler.run(problem, rest, start: jumped)
        return Result(batch: batch, skippedSteps: k, jumpTime: times[k], savedEvaluations: n * k * settings.kind.evaluationsPerStep)
    }
}
