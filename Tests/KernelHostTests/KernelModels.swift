import Foundation
import Diffusion

/// The mixtures the kernel tests run on: two classes in d dimensions, class 0 a mixture of two
/// components (weights 1 : 2), class 1 one component, class weights 0.4 : 0.6; the means spread
/// over the coordinates; isotropic variances, diagonal ones that differ by coordinate, or full
/// covariances (the diagonal ones plus 0.3·v·u uᵀ, u_i = cos(i + k + 1), a different u per
/// component k); or, for `boxes`, each component uniform on the box of half-width
/// `√(3·variance)` (the Gaussian's variance) around its mean.
enum KernelModels {
    enum Shape: String, Sendable { case isotropic, diagonal, full, boxes }

    static func mixture(dimension d: Int, shape: Shape) throws -> Mixture {
        var index = 0
        func mean(_ shift: Double) -> [Double] {
            (0..<d).map { (i: Int) -> Double in
                let spread: Double = 0.3 * Double(i % 3) - 0.2 * Double(i % 2)
                return shift + spread
            }
        }
        func gaussian(_ mean: [Double], _ variance: Double) throws -> any Component {
            index += 1
            if shape == .boxes {
                let half = (3 * variance).squareRoot()
                return try PiecewiseLinearProduct.uniformBox(lower: mean.map { $0 - half }, upper: mean.map { $0 + half })
            }
            guard shape != .isotropic else { return try GaussianComponent(mean: mean, variance: variance) }
            var covariance = [Double](repeating: 0, count: d * d)
            for i in 0..<d { covariance[i * d + i] = variance * (1 + 0.5 * Double(i % 3)) }
            if shape == .full {
                let u = (0..<d).map { cos(Double($0 + index)) }
                for i in 0..<d { for j in 0..<d { covariance[i * d + j] += 0.3 * variance * u[i] * u[j] } }
            }
            return try GaussianComponent(mean: mean, covariance: covariance)
        }
        return try Mixture(classes: [
            MixtureClass(weight: 0.4, components: [(1, try gaussian(mean(-1), 0.3)), (2, try gaussian(mean(0.5), 0.2))]),
            MixtureClass(weight: 0.6, components: [(1, try gaussian(mean(1.5), 0.5))]),
        ])
    }

    /// One sampler run's setting.
    struct Case: CustomStringConvertible, Sendable {
        var kind: SamplerKind
        var dimension: Int
        var w: Double
        var variancePreserving: Bool
        var shape = Shape.isotropic
        var steps = 100

        var schedule: NoiseSchedule { variancePreserving ? .ddpmLinear : .ou }
        var description: String {
            "\(kind.rawValue) d=\(dimension) w=\(w) \(variancePreserving ? "VP" : "OU")\(shape == .isotropic ? "" : " " + shape.rawValue)"
        }

        func problem(scoreError: ScoreErrorModel? = nil) throws -> GuidedProblem {
            try GuidedProblem(mixture: try KernelModels.mixture(dimension: dimension, shape: shape), schedule: schedule, classIndex: 0, w: w, scoreError: scoreError)
        }

        func settings(particles: Int) -> SamplerSettings {
            var settings = SamplerSettings(kind: kind, steps: steps, particles: particles, seed: 1_500 + UInt64(dimension))
            settings.eta = 0.5
            settings.threads = 1
            return settings
        }
    }

    /// The float64 cases: every sampler, d = 1, 2, 16, w = 0 and 3, OU and VP (DDPM and DDIM VP
    /// only), isotropic covariance; diagonal at d = 2, w = 3; full at d = 16, w = 3 and d = 3;
    /// boxes for every sampler at d = 1 and 2, and Heun at d = 16.
    static let cases: [Case] = {
        var cases: [Case] = []
        for kind in [SamplerKind.odeEuler, .odeHeun, .sdeEulerMaruyama, .ddpm, .ddim] {
            for d in [1, 2, 16] {
                for w in [0.0, 3.0] {
                    for vp in [false, true] where vp || !(kind == .ddpm || kind == .ddim) {
                        let shape: Shape = w == 0 ? .isotropic : d == 2 ? .diagonal : d == 16 ? .full : .isotropic
                        cases.append(Case(kind: kind, dimension: d, w: w, variancePreserving: vp, shape: shape))
                    }
                }
            }
        }
        cases.append(Case(kind: .odeHeun, dimension: 3, w: 3, variancePreserving: false, shape: .diagonal))
        cases.append(Case(kind: .odeHeun, dimension: 3, w: 3, variancePreserving: false, shape: .full))
        cases.append(Case(kind: .sdeEulerMaruyama, dimension: 3, w: 3, variancePreserving: true, shape: .full))
        for kind in [SamplerKind.odeEuler, .odeHeun, .sdeEulerMaruyama, .ddpm, .ddim] {
            cases.append(Case(kind: kind, dimension: 1, w: 3, variancePreserving: true, shape: .boxes))
            cases.append(Case(kind: kind, dimension: 2, w: 0, variancePreserving: true, shape: .boxes))
        }
        cases.append(Case(kind: .odeHeun, dimension: 16, w: 3, variancePreserving: false, shape: .boxes))
        return cases
    }()
}
