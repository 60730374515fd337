import Foundation

/// The Gaussian `N(μ, Σ)` with the exact mean and covariance of a mixture ([G3] §3): the law
/// whose score is the far-field approximation of the mixture's score.
///
/// For components `k` with weights `w_k` (class weight × component weight, normalised), means
/// `μ_k` and covariances `S_k` (each exact: closed form for Gaussians and piecewise densities,
/// quadrature at 1e-12 for quadrature-backed ones):
/// ```
/// μ = Σ_k w_k μ_k,     Σ = Σ_k w_k (S_k + μ_k μ_kᵀ) - μ μᵀ
/// ```
/// computed as `Σ_k w_k [S_k + (μ_k - μ)(μ_k - μ)ᵀ]`, which has no cancellation. Σ may be
/// singular (zero-variance directions); its eigendecomposition (`SymmetricEigen`) is computed
/// once.
public struct MomentMatchedGaussian: Sendable {
    public let mean: [Double]
    /// Row-major `d × d`.
    public let covariance: [Double]
    public let eigen: SymmetricEigen
    public var dimension: Int { mean.count }

    /// The Gaussian of mean `mean` and covariance `covariance` (symmetric positive semi-definite).
    public init(mean: [Double], covariance: [Double]) throws {
        guard !mean.isEmpty, mean.allSatisfy(\.isFinite) else {
            throw ModelError(field: "mean", value: "\(mean)", allowed: "at least one finite coordinate")
        }
        let eigen = try SymmetricEigen(covariance, dimension: mean.count, field: "covariance")
        let scale = max(eigen.values.map(abs).max() ?? 0, 1e-300)
        guard (eigen.values.last ?? 0) >= -1e-10 * scale else {
            throw ModelError(field: "covariance", value: "smallest eigenvalue \(eigen.values.last!)", allowed: "a positive semi-definite matrix")
        }
        self.mean = mean
        self.covariance = covariance
        self.eigen = eigen
    }

    /// The standard deviation of the widest direction, `sqrt(λ_max)`.
    public var largestStandardDeviation: Double { max(0, eigen.values[0]).squareRoot() }

    /// The closed-form probability flow of this Gaussian (Properties/README.md G3.1).
    public var flow: GaussianFlow { GaussianFlow(mean: mean, eigen: eigen) }
}

extension Mixture {
    /// The moment-matched Gaussian of the class law `p(·|c)`, or of the whole law `p` when
    /// `classIndex` is nil.
    public func momentMatchedGaussian(classIndex: Int? = nil) throws -> MomentMatchedGaussian {
        if let c = classIndex { try checkClass(c) }
        let d = dimension
        var entries: [(weight: Double, component: any Component)] = []
        for (c, cls) in classes.enumerated() where classIndex == nil || classIndex == c {
            let classWeight = classIndex == nil ? cls.weight : 1
            for (w, component) in cls.components { entries.append((classWeight * w, component)) }
        }
        let total = entries.reduce(0) { $0 + $1.weight }
        var mu = [Double](repeating: 0, count: d)
        for (w, component) in entries {
            let m = component.mean
            for i in 0..<d { mu[i] += w / total * m[i] }
        }
        var sigma = [Double](repeating: 0, count: d * d)
        for (w, component) in entries {
            let m = component.mean, s = component.covariance, p = w / total
            for i in 0..<d {
                for j in 0..<d { sigma[i * d + j] += p * (s[i * d + j] + (m[i] - mu[i]) * (m[j] - mu[j])) }
            }
        }
        return try MomentMatchedGaussian(mean: mu, covariance: sigma)
    }
}
