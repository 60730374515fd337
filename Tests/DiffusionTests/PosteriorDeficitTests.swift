import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// `PosteriorDeficit` runs the same guided Euler–Maruyama chain as the batched sampler, and its
/// Itô terms balance (Properties/README.md G2.2).
struct PosteriorDeficitTests {
    static func model() throws -> Mixture {
        try Mixture(classes: [
            MixtureClass(weight: 0.4, components: [(1, try GaussianComponent(mean: [0], variance: 1))]),
            MixtureClass(weight: 0.6, components: [(1, try GaussianComponent(mean: [1.2], variance: 0.3))]),
        ])
    }

    @Test("its chain is the batched sde-em sampler's to rounding (same update, same Philox noise)")
    func sameChainAsSampler() throws {
        let mixture = try Self.model()
        let problem = try GuidedProblem(mixture: mixture, schedule: .ddpmLinear, classIndex: 0, w: 2)
        let times = TimeGrid.karras.times(horizon: 1, end: 1e-3, steps: 40)
        let start = try mixture.noisedClassSamples(classIndex: 0, m: NoiseSchedule.ddpmLinear.m(1), s: NoiseSchedule.ddpmLinear.s(1), count: 64, seed: 4)
        let run = try PosteriorDeficit.run(problem, times: times, start: start, seed: 11)
        let settings = SamplerSettings(kind: .sdeEulerMaruyama, steps: 40, particles: 64, seed: 11, horizon: 1, end: 1e-3, grid: .karras)
        let batch = try Sampler.run(problem, settings, start: start)
        let worst = zip(run.positions, batch.positions).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-12 * max(1, batch.positions.map(abs).max()!), "largest difference \(worst)")
        let values = try PosteriorDeficit.inverseClassPosterior(mixture, classIndex: 0, m: NoiseSchedule.ddpmLinear.m(1e-3), s: NoiseSchedule.ddpmLinear.s(1e-3), positions: run.positions)
        #expect(zip(values, run.endValues).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
        #expect(run.deficits.allSatisfy { $0 >= 0 })
    }

    @Test("at w = 0 the mean of 1/p(c|x) is kept: 1/π_c at the start and, within 6 standard errors, at the end")
    func keepsTheMeanAtZero() throws {
        let mixture = try Self.model()
        let problem = try GuidedProblem(mixture: mixture, schedule: .ddpmLinear, classIndex: 0, w: 0)
        let times = TimeGrid.karras.times(horizon: 1, end: 1e-3, steps: 100)
        let n = 20000
        let start = try mixture.noisedClassSamples(classIndex: 0, m: NoiseSchedule.ddpmLinear.m(1), s: NoiseSchedule.ddpmLinear.s(1), count: n, seed: 5)
        let run = try PosteriorDeficit.run(problem, times: times, start: start, seed: 6)
        for values in [run.startValues, run.endValues] {
            let mean = values.reduce(0, +) / Double(n)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
            #expect(abs(mean - 2.5) <= 6 * sd / Double(n).squareRoot() + 0.01, "mean \(mean) vs 1/π_c = 2.5 (sd \(sd))")
        }
    }
}

/// Monte Carlo expectations over a batch against the exact 1-D flow-map expectation.
struct GuidedExpectationTests {
    @Test("the empirical-Bernstein interval of E[Φ(x_out)] from the RK4 sampler covers the flow map's exact value")
    func intervalCoversExact() throws {
        let mixture = try PosteriorDeficitTests.model()
        let problem = try GuidedProblem(mixture: mixture, schedule: .ou, classIndex: 0, w: 1)
        let flow = try FlowMap1D(problem: problem, horizon: 8, end: 1e-3, tolerance: 1e-10)
        let exact = try flow.expectation({ Normal.cdf($0) }, relativeTolerance: 1e-8)
        let batch = try Sampler.run(problem, SamplerSettings(kind: .odeRK4, steps: 200, particles: 5000, seed: 3, horizon: 8, end: 1e-3))
        let interval = try batch.expectation({ Normal.cdf($0.first!) }, range: 0...1, alpha: 1e-6)
        #expect(abs(interval.mean - exact.value) <= interval.radius + 1e-3, "Monte Carlo \(interval.mean) ± \(interval.radius) vs exact \(exact.value)")
    }
}
