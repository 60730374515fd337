import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// DPM-Solver++(2M) on Gaussian data, whose probability flow is known in closed form
/// (`GaussianFlow`): the error halves twice per doubling of the steps (order 2), VE and VP.
/// The grids are Karras grids in t: a uniform t-grid puts one step of unbounded length in
/// λ = log(m/s) next to t = 0 (λ ~ -½ log t), where the asymptotic order is not yet visible.
struct DPMSolverTests {
    @Test("DPM-Solver++(2M) converges at order 2 on a closed-form Gaussian flow", arguments: [
        (NoiseSchedule.edm, 20.0, 0.02, TimeGrid.karras), (.ddpmLinear, 1.0, 1e-3, .karras), (.ou, 5.0, 1e-2, .karras),
    ])
    func order(schedule: NoiseSchedule, horizon: Double, end: Double, grid: TimeGrid) throws {
        let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: [
            (1, try GaussianComponent(mean: [0.7, -0.4], covariance: [0.09, 0.02, 0.02, 0.5])),
        ])])
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        let flow = try mixture.momentMatchedGaussian().flow
        let start = [-1.3, 0.2, 1.9, -0.8].map { $0 * schedule.startStandardDeviation(horizon: horizon) }
        let exact = [flow.map(Array(start[0..<2]), from: horizon, to: end, schedule: schedule),
                     flow.map(Array(start[2..<4]), from: horizon, to: end, schedule: schedule)].flatMap { $0 }
        let errors = try [20, 40, 80, 160].map { n in
            var settings = SamplerSettings(kind: .dpmSolverPP2M, steps: n, particles: 2, seed: 1, horizon: horizon, end: end, grid: grid)
            settings.threads = 1
            let out = try Sampler.run(problem, settings, start: start).positions
            return zip(out, exact).map { abs($0 - $1) }.max()!
        }
        let orders = (1..<errors.count).map { log2(errors[$0 - 1] / errors[$0]) }
        #expect(abs(orders.last! - 2) < 0.25, "\(schedule): errors \(errors), observed orders \(orders)")
        #expect(orders.allSatisfy { $0 > 1.6 }, "\(schedule): errors \(errors), observed orders \(orders)")
    }
}
