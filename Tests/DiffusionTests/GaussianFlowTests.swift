import Foundation
import GuidanceNumerics
import Testing
import Diffusion

/// The moment-matched Gaussian, its eigendecomposition and its closed-form probability flow
/// (Properties/README.md G3.1), against quadrature, reconstruction and the adaptive ODE.
struct GaussianFlowTests {
    /// A random symmetric positive semi-definite `d × d` matrix of rank `rank`: `B Bᵀ`, B `d × rank`.
    static func randomCovariance(_ d: Int, rank: Int, draw: inout TestDraws) -> [Double] {
        let b = (0..<(d * rank)).map { _ in draw.uniform(-1, 1) }
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { for k in 0..<rank { c[i * d + j] += b[i * rank + k] * b[j * rank + k] } } }
        for i in 0..<d { for j in 0..<i { c[j * d + i] = c[i * d + j] } }
        return c
    }

    @Test("the Jacobi eigendecomposition reconstructs the matrix and its vectors are orthonormal (1e-13)", arguments: [1, 2, 5, 9, 16])
    func eigenReconstructs(d: Int) throws {
        var draw = TestDraws(seed: UInt64(40 + d))
        for rank in Set([1, max(1, d / 2), d]) {
            let a = Self.randomCovariance(d, rank: rank, draw: &draw)
            let e = try SymmetricEigen(a, dimension: d)
            let norm = a.reduce(0) { $0 + $1 * $1 }.squareRoot()
            let back = e.reconstructed
            let error = zip(a, back).map { abs($0 - $1) }.max()!
            #expect(error <= 1e-13 * max(norm, 1), "d = \(d), rank \(rank): reconstruction error \(error)")
            for k in 0..<d {
                for l in 0..<d {
                    let dot = zip(e.vectors[k], e.vectors[l]).reduce(0) { $0 + $1.0 * $1.1 }
                    #expect(abs(dot - (k == l ? 1 : 0)) <= 1e-13, "d = \(d): u_\(k)·u_\(l) = \(dot)")
                }
            }
            #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 >= $1 }, "eigenvalues not decreasing: \(e.values)")
            // Rank deficiency shows as d - rank eigenvalues at rounding level.
            #expect(e.values.dropFirst(rank).allSatisfy { abs($0) <= 1e-13 * max(norm, 1) }, "d = \(d), rank \(rank): \(e.values)")
        }
    }

    @Test("the moment-matched mean and variance of a 1-D mixture agree with quadrature (1e-9)")
    func momentsAgainstQuadrature() throws {
        let mixture = try Mixture(classes: [
            MixtureClass(weight: 0.3, components: [
                (1, try GaussianComponent(mean: [-1.5], variance: 0.4)),
                (2, try PiecewiseLinearProduct(factors: [.constant(breaks: [0.5, 1, 2], heights: [1, 3])])),
            ]),
            MixtureClass(weight: 0.7, components: [
                (1, try PiecewiseLinearProduct(factors: [.linear(breaks: [-3, -2, 0], values: [0, 2, 1])])),
                (1, try QuadratureComponent.beta(lower: 1, upper: 4, alpha: 2, beta: 3.5)),
            ]),
        ])
        // Piece by piece between the kinks, each piece by QAGS.
        let breaks = [-12.0, -3, -2, 0, 0.5, 1, 2, 4, 12]
        func integral(_ f: @escaping (Double) -> Double) throws -> Double {
            try zip(breaks, breaks.dropFirst()).reduce(0) { sum, piece in
                sum + (try Quadrature.integrate(f, from: piece.0, to: piece.1, absoluteTolerance: 1e-13, relativeTolerance: 1e-11).value)
            }
        }
        for c in [nil, 0, 1] as [Int?] {
            let density: (Double) -> Double = { x in
                if let c { return exp(mixture.dataLogClassDensities([x])[c]) }
                return exp(mixture.dataPosterior([x]).logDensity)
            }
            let mass = try integral(density)
            let mean = try integral { $0 * density($0) } / mass
            let variance = try integral { ($0 - mean) * ($0 - mean) * density($0) } / mass
            let g = try mixture.momentMatchedGaussian(classIndex: c)
            #expect(abs(mass - 1) < 1e-9)
            #expect(abs(g.mean[0] - mean) < 1e-9, "class \(String(describing: c)): mean \(g.mean[0]) vs \(mean)")
            #expect(abs(g.covariance[0] - variance) < 1e-9, "class \(String(describing: c)): variance \(g.covariance[0]) vs \(variance)")
        }
    }

    @Test("the closed-form Gaussian flow agrees with the adaptive ODE, VE and VP (1e-8)", arguments: [NoiseSchedule.edm, .ddpmLinear, .cosine])
    func closedFormAgainstODE(schedule: NoiseSchedule) throws {
        var draw = TestDraws(seed: 77)
        let d = 3
        var cov = Self.randomCovariance(d, rank: d, draw: &draw)
        for i in 0..<d { cov[i * d + i] += 0.05 }
        let mean = (0..<d).map { _ in draw.uniform(-2, 2) }
        let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: [(1, try GaussianComponent(mean: mean, covariance: cov))])])
        let problem = try GuidedProblem(mixture: mixture, schedule: schedule, classIndex: 0, w: 0)
        let flow = try mixture.momentMatchedGaussian().flow
        let horizon = schedule.defaultHorizon, end = schedule.isVariancePreserving ? 1e-3 : 0.002
        let times = [horizon, horizon * 0.3, end]
        for _ in 0..<3 {
            let start = (0..<d).map { _ in draw.uniform(-2, 2) * schedule.startStandardDeviation(horizon: horizon) }
            let states = try ProbabilityFlowODE(problem: problem).solve(from: start, at: times, tolerance: 1e-12)
            for (t, state) in zip(times, states) {
                let exact = flow.map(start, from: horizon, to: t, schedule: schedule)
                let error = zip(exact, state).map { abs($0 - $1) }.max()!
                #expect(error < 1e-8, "\(schedule) t = \(t): closed form \(exact) vs ODE \(state)")
            }
        }
    }

    @Test("teleportation with k = 0 is the plain sampler; on Gaussian data a jump only removes steps")
    func teleportation() throws {
        let mixture = try Mixture(classes: [MixtureClass(weight: 1, components: [
            (1, try GaussianComponent(mean: [0.5, -1], covariance: [1, 0.3, 0.3, 0.5])),
        ])])
        let problem = try GuidedProblem(mixture: mixture, schedule: .edm, classIndex: 0, w: 0)
        for kind in [SamplerKind.odeHeun, .dpmSolverPP2M, .sdeEulerMaruyama] {
            let settings = SamplerSettings(kind: kind, steps: 18, particles: 50, seed: 8)
            let plain = try Sampler.run(problem, settings)
            let none = try Teleportation.run(problem, settings, skip: 0)
            #expect(none.batch.positions == plain.positions)
            #expect(none.savedEvaluations == 0)
        }
        // Gaussian data: the jump is exact, so the teleported run is as close to the closed form as
        // the full run (it only drops the first steps' discretisation error).
        var settings = SamplerSettings(kind: .odeHeun, steps: 200, particles: 20, seed: 8)
        settings.threads = 1
        let jumped = try Teleportation.run(problem, settings, skip: 60)
        let full = try Sampler.run(problem, settings)
        #expect(jumped.savedEvaluations == 20 * 60 * 2)
        let flow = try mixture.momentMatchedGaussian().flow
        let start = Sampler.startPoints(count: 20, dimension: 2, seed: 8, standardDeviation: 80)
        for p in 0..<20 {
            let exact = flow.map(Array(start[(2 * p)..<(2 * p + 2)]), from: 80, to: 0.002, schedule: .edm)
            let got = Array(jumped.batch.positions[(2 * p)..<(2 * p + 2)])
            let reference = Array(full.positions[(2 * p)..<(2 * p + 2)])
            let fullError = zip(exact, reference).map { abs($0 - $1) }.max()!
            let jumpError = zip(exact, got).map { abs($0 - $1) }.max()!
            #expect(jumpError <= 1.01 * fullError + 1e-9, "particle \(p): teleported error \(jumpError), full run \(fullError)")
        }
    }
}
