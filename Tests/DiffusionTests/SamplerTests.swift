import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// The samplers against exact laws. Each statistical check is a DKW test at false-alarm rate
/// `alpha` (1e-7 per test, 7 tests: 7e-7 for this suite) plus a stated discretisation allowance.
struct SamplerTests {
    static let alpha = 1e-7

    /// Class 0: ½N(-1, 0.3) + ½ piecewise on [0.5, 2]; class 1: N(2, 0.5). OU.
    static func model() throws -> Mixture {
        try Mixture(classes: [
            MixtureClass(weight: 0.4, components: [
                (1, try GaussianComponent(mean: [-1], variance: 0.3)),
                (1, try PiecewiseLinearProduct(factors: [.constant(breaks: [0.5, 1, 2], heights: [1, 3])])),
            ]),
            MixtureClass(weight: 0.6, components: [(1, try GaussianComponent(mean: [2], variance: 0.5))]),
        ])
    }

    /// `P(X_t ≤ x | c)` for the noised class law, by quadrature of its density.
    static func classCDF(_ mixture: Mixture, classIndex c: Int, m: Double, s: Double) throws -> (Double) -> Double {
        let noised = try mixture.noised(m: m, s: s)
        let density = { (x: Double) -> Double in
            let e = try? noised.evaluate([x], classIndex: c, w: 0)
            return exp(e?.logClassDensity ?? -.infinity)
        }
        return { x in (try? Quadrature.integrate(density, from: -.infinity, to: x, relativeTolerance: 1e-9).value) ?? .nan }
    }

    @Test("w = 0 reproduces the class law for every sampler (DKW, α = 1e-7 each, allowance 0.01)", arguments: SamplerKind.allCases)
    func reproducesClassLaw(kind: SamplerKind) throws {
        let mixture = try Self.model()
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 0)
        let n = kind == .odeAdaptive ? 400 : 4000
        var settings = SamplerSettings(kind: kind, steps: 500, particles: n, seed: 99)
        settings.eta = 0.5
        let batch = try Sampler.run(problem, settings)
        let end = NoiseSchedule.ou.defaultEnd
        let cdf = try Self.classCDF(mixture, classIndex: 0, m: NoiseSchedule.ou.m(end), s: NoiseSchedule.ou.s(end))
        let distance = GoodnessOfFit.ksDistance(batch.coordinate(0), cdf: cdf)
        let bound = try GoodnessOfFit.dkwRadius(sampleSize: n, alpha: Self.alpha) + 0.01
        #expect(distance <= bound, "\(kind.rawValue): KS distance \(distance) > \(bound)")
    }

    /// One Gaussian class N(μ, σ²): the OU flow is affine, `x(t) = m μ + r(t)(x_T - m_T μ)` with
    /// `r(t) = sqrt((m²σ² + s²)/(m_T²σ² + s_T²))` (Properties/README.md G3.1 in the OU form).
    @Test("the ODE solvers converge at their order on a closed-form flow", arguments: [
        (SamplerKind.odeEuler, 1.0, [40, 80, 160]), (.odeHeun, 2.0, [20, 40, 80]), (.odeRK4, 4.0, [40, 80, 160]),
    ])
    func order(kind: SamplerKind, order: Double, steps: [Int]) throws {
        let (mu, variance) = (0.7, 0.09)
        let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: [(1, try GaussianComponent(mean: [mu], variance: variance))])])
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 0)
        let (horizon, end) = (3.0, 0.05)
        let start = [-1.3, 0.2, 1.9]
        let sd = { (t: Double) in (exp(-2 * t) * variance + (-expm1(-2 * t))).squareRoot() }
        let exact = start.map { exp(-end) * mu + sd(end) / sd(horizon) * ($0 - exp(-horizon) * mu) }
        let errors = try steps.map { n in
            var settings = SamplerSettings(kind: kind, steps: n, particles: start.count, seed: 1, horizon: horizon, end: end)
            settings.threads = 1
            let out = try Sampler.run(problem, settings, start: start).positions
            return zip(out, exact).map { abs($0 - $1) }.max()!
        }
        for i in 1..<errors.count {
            let observed = log2(errors[i - 1] / errors[i])
            #expect(abs(observed - order) < 0.25, "\(kind.rawValue): errors \(errors), observed order \(observed)")
        }
    }

    @Test("the exact flow map agrees with the batched RK4 sampler at a fine step (1e-7)")
    func flowMapAgreesWithSampler() throws {
        let problem = try GuidedProblem(mixture: try Self.model(), schedule: .ou, classIndex: 0, w: 2)
        let flow = try FlowMap1D(problem: problem, horizon: 10, end: 1e-2, tolerance: 1e-11)
        let start = [-2.0, -0.5, 0, 0.7, 2.5]
        let settings = SamplerSettings(kind: .odeRK4, steps: 4000, particles: start.count, seed: 1, horizon: 10, end: 1e-2)
        let batch = try Sampler.run(problem, settings, start: start)
        for (y, x) in zip(start, batch.positions) {
            let mapped = try flow.map(y)
            #expect(abs(mapped - x) < 1e-7, "start \(y): flow map \(mapped), sampler \(x)")
        }
    }

    @Test("runs are reproducible from the seed and independent of the thread count")
    func reproducible() throws {
        let problem = try GuidedProblem(mixture: try Self.model(), schedule: .ou, classIndex: 1, w: 1)
        var settings = SamplerSettings(kind: .sdeEulerMaruyama, steps: 50, particles: 500, seed: 5)
        let a = try Sampler.run(problem, settings)
        settings.threads = 1
        let b = try Sampler.run(problem, settings)
        settings.seed = 6
        let c = try Sampler.run(problem, settings)
        #expect(a.positions == b.positions)
        #expect(a.positions != c.positions)
    }

    /// The sampler scores eight particles at a time, one per SIMD lane; a single query is a block
    /// of one. Every particle must get the same bits either way, whatever its lane, the block's
    /// size (8 or the 5 left over) or the thread count: isotropic Gaussians, a full-covariance
    /// Gaussian and a box (the per-component calls), and a far-away class (its own shift).
    @Test("the batched sampler computes each particle exactly as a single query does")
    func blocksMatchSingleQueries() throws {
        let mixture = try Mixture(classes: [
            MixtureClass(weight: 0.5, components: [
                (1, try GaussianComponent(mean: [-1, 0.5], variance: 0.3)),
                (2, try PiecewiseLinearProduct.uniformBox(lower: [0.5, -1], upper: [2, 0.5])),
            ]),
            MixtureClass(weight: 0.3, components: [
                (1, try GaussianComponent(mean: [2, 1], covariance: [0.5, 0.2, 0.2, 0.4])),
                (1, try GaussianComponent(mean: [1, -2], variance: 0.1)),
            ]),
            MixtureClass(weight: 0.2, components: [(1, try GaussianComponent(mean: [60, 60], variance: 0.01))]),
        ])
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 2)
        var rng = RandomStream(seed: 9)
        let n = 13, d = 2
        let start = (0..<(n * d)).map { _ in 3 * rng.nextNormal() }
        for threads in [1, 2] {
            for t in [0.02, 0.4, 3.0] {
                var settings = SamplerSettings(kind: .odeEuler, steps: 1, particles: n, seed: 1, horizon: t, end: 0.5 * t)
                settings.threads = threads
                let batch = try Sampler.run(problem, settings, start: start)
                let field = try problem.field(at: batch.times[0]), h = batch.times[0] - batch.times[1]
                var scratch = field.noised.makeScratch()
                var velocity = [Double](repeating: 0, count: d)
                for p in 0..<n {
                    let x = Array(start[(p * d)..<((p + 1) * d)])
                    try x.withUnsafeBufferPointer { xp in
                        try velocity.withUnsafeMutableBufferPointer { try field.velocity(xp, into: $0, scratch: &scratch) }
                    }
                    for i in 0..<d {
                        #expect(batch.positions[p * d + i] == x[i] - h * velocity[i], "particle \(p) coordinate \(i), t \(t), \(threads) threads")
                    }
                }
            }
        }
    }

    @Test("trajectory recording keeps the mean path and the requested paths only")
    func recording() throws {
        let problem = try GuidedProblem(mixture: try Self.model(), schedule: .ou, classIndex: 0, w: 0)
        var settings = SamplerSettings(kind: .odeEuler, steps: 20, particles: 100, seed: 3)
        settings.recordedPaths = 2
        let batch = try Sampler.run(problem, settings)
        #expect(batch.meanPath.count == 21)
        #expect(batch.paths.count == 2 && batch.paths[0].count == 21)
        #expect(batch.paths[1].last == batch.positions[1])
        let mean = batch.positions.reduce(0, +) / 100
        #expect(abs(batch.meanPath.last! - mean) < 1e-12)
    }

    @Test("DDPM and DDIM refuse a VE process with a named error")
    func ddimNeedsVP() throws {
        let problem = try GuidedProblem(mixture: try Self.model(), schedule: .edm, classIndex: 0, w: 0)
        #expect(throws: ModelError.self) { try Sampler.run(problem, SamplerSettings(kind: .ddim, steps: 10, particles: 1, seed: 1)) }
    }
}
