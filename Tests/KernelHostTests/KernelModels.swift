import Diffusion

/// The mixtures the kernel tests run on: two classes in d dimensions, class 0 a mixture of two
/// components (weights 1 : 2), class 1 one component, class weights 0.4 : 0.6; the means spread
/// over the coordinates; isotropic variances, or diagonal ones that differ by coordinate.
enum KernelModels {
    static func mixture(dimension d: Int, diagonal: Bool) throws -> Mixture {
        func mean(_ shift: Double) -> [Double] {
            (0..<d).map { (i: Int) -> Double in
                let spread: Double = 0.3 * Double(i % 3) - 0.2 * Double(i % 2)
                return shift + spread
            }
        }
        func gaussian(_ mean: [Double], _ variance: Double) throws -> GaussianComponent {
            guard diagonal else { return try GaussianComponent(mean: mean, variance: variance) }
            var covariance = [Double](repeating: 0, count: d * d)
            for i in 0..<d { covariance[i * d + i] = variance * (1 + 0.5 * Double(i % 3)) }
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
        var diagonal = false
        var steps = 100

        var schedule: NoiseSchedule { variancePreserving ? .ddpmLinear : .ou }
        var description: String {
            "\(kind.rawValue) d=\(dimension) w=\(w) \(variancePreserving ? "VP" : "OU")\(diagonal ? " diagonal" : "")"
        }

        func problem(scoreError: ScoreErrorModel? = nil) throws -> GuidedProblem {
            try GuidedProblem(mixture: try KernelModels.mixture(dimension: dimension, diagonal: diagonal), schedule: schedule, classIndex: 0, w: w, scoreError: scoreError)
        }

        func settings(particles: Int) -> SamplerSettings {
            var settings = SamplerSettings(kind: kind, steps: steps, particles: particles, seed: 1_500 + UInt64(dimension))
            settings.eta = 0.5
            settings.threads = 1
            return settings
        }
    }

    /// The float64 cases: every sampler, d = 1, 2, 16, w = 0 and 3, OU and VP (DDPM and DDIM VP
    /// only), isotropic and (for some) diagonal covariance.
    static let cases: [Case] = {
        var cases: [Case] = []
        for kind in [SamplerKind.odeEuler, .odeHeun, .sdeEulerMaruyama, .ddpm, .ddim] {
            for d in [1, 2, 16] {
                for w in [0.0, 3.0] {
                    for vp in [false, true] where vp || !(kind == .ddpm || kind == .ddim) {
                        cases.append(Case(kind: kind, dimension: d, w: w, variancePreserving: vp, diagonal: d == 2 && w == 3))
                    }
                }
            }
        }
        cases.append(Case(kind: .odeHeun, dimension: 3, w: 3, variancePreserving: false, diagonal: true))
        return cases
    }()
}
