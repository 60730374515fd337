import Foundation
import GuidanceNumerics

/// A Gaussian component `N(μ, S)` with full covariance.
///
/// Noised: `N(m μ, m² S + s² I)`, in closed form. With `C = L Lᵀ` and `z = L⁻¹(x - m μ)`:
/// ```
/// log p_t(x) = -½|z|² - ½ log det C - (d/2) log 2π,     ∇log p_t(x) = -L⁻ᵀ z
/// ```
/// exact up to rounding in the Cholesky solves (relative error about κ(C)·ε). An isotropic
/// covariance `S = σ² I` skips the factor: with `v = m²σ² + s²`,
/// ```
/// log p_t(x) = -|x - m μ|²/(2v) - (d/2) log(2π v),     ∇log p_t(x) = -(x - m μ)/v
/// ```
/// exact up to a few ulps.
public struct GaussianComponent: Component {
    public let mean: [Double]
    public let covariance: [Double]
    public var dimension: Int { mean.count }
    private let factor: Cholesky
    /// `σ²` when the covariance is exactly `σ² I`; nil otherwise.
    private let isotropicVariance: Double?

    /// `covariance` is row-major `d × d`, symmetric positive definite.
    public init(mean: [Double], covariance: [Double]) throws {
        guard !mean.isEmpty else { throw ModelError(field: "mean", value: "[]", allowed: "at least one coordinate") }
        guard mean.allSatisfy(\.isFinite) else { throw ModelError(field: "mean", value: "\(mean)", allowed: "finite numbers") }
        self.mean = mean
        self.covariance = covariance
        self.factor = try Cholesky(covariance, dimension: mean.count)
        self.isotropicVariance = Self.isotropicVariance(covariance, dimension: mean.count)
    }

    /// `σ²` if `covariance` is exactly `σ² I` (equal diagonal, zero off-diagonal), else nil.
    private static func isotropicVariance(_ covariance: [Double], dimension d: Int) -> Double? {
        let variance = covariance[0]
        for i in 0..<d {
            for j in 0..<d where covariance[i * d + j] != (i == j ? variance : 0) { return nil }
        }
        return variance
    }

    /// `N(μ, σ² I)`.
    public init(mean: [Double], variance: Double) throws {
        try ModelError.requirePositive("variance", variance)
        let d = mean.count
        var c = [Double](repeating: 0, count: d * d)
        for i in 0..<d { c[i * d + i] = variance }
        try self.init(mean: mean, covariance: c)
    }

    public func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        NoisedGaussian(mean: mean, scale: 1, form: .general(factor)).logDensity(x)
    }

    public func noised(m: Double, s: Double) throws -> any NoisedComponent { try noisedGaussian(m: m, s: s) }

    /// `noised(m:s:)` as its concrete type (the CUDA kernels' tables read its constants).
    func noisedGaussian(m: Double, s: Double) throws -> NoisedGaussian {
        let d = dimension
        if let variance = isotropicVariance {
            let v = m * m * variance + s * s
            guard v.isFinite, v > 0 else {
                throw ModelError(field: "cov", value: "m²σ² + s² = \(v)", allowed: "a finite positive noised variance")
            }
            return NoisedGaussian(mean: mean, scale: m, form: .isotropic(NoisedGaussian.Isotropic(variance: v, dimension: d)))
        }
        var c = covariance
        for i in 0..<(d * d) { c[i] *= m * m }
        for i in 0..<d { c[i * d + i] += s * s }
        return NoisedGaussian(mean: mean, scale: m, form: .general(try Cholesky(c, dimension: d)))
    }

    public func contains(_ x: UnsafeBufferPointer<Double>) -> Bool { true }

    public var bounds: (lower: [Double], upper: [Double]) {
        (mean.map { _ in -.infinity }, mean.map { _ in .infinity })
    }

    public func sample(using stream: inout RandomStream, into x: UnsafeMutableBufferPointer<Double>) {
        let d = dimension
        let z = (0..<d).map { _ in stream.nextNormal() }
        for i in 0..<d {
            var v = mean[i]
            for k in 0...i { v += factor.lower[i * d + k] * z[k] }
            x[i] = v
        }
    }
}

/// `N(m μ, C)` with `C = L Lᵀ` factored once per noise level, or `C = v I` kept as `1/v`.
struct NoisedGaussian: NoisedComponent {
    let mean: [Double]
    let scale: Double
    let form: Form

    enum Form {
        case general(Cholesky)
        case isotropic(Isotropic)
    }

    /// `C = v I`: the precision `1/v` and the log-normaliser `-(d/2) log(2π v)`.
    struct Isotropic {
        let precision: Double
        let logNormaliser: Double

        init(variance v: Double, dimension d: Int) {
            precision = 1 / v
            logNormaliser = -0.5 * Double(d) * log(v) - Double(d) * Normal.logSqrt2Pi
        }
    }

    func logDensity(_ x: UnsafeBufferPointer<Double>) -> Double {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: mean.count) { score in
            evaluateUnchecked(x, score: score)
        }
    }

    func evaluate(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) throws -> Double {
        evaluateUnchecked(x, score: score)
    }

    private func evaluateUnchecked(_ x: UnsafeBufferPointer<Double>, score: UnsafeMutableBufferPointer<Double>) -> Double {
        let d = mean.count
        for i in 0..<d { score[i] = x[i] - scale * mean[i] }
        switch form {
        case let .isotropic(iso):
            var q = 0.0
            for i in 0..<d {
                q += score[i] * score[i]
                score[i] = -iso.precision * score[i]
            }
            return -0.5 * iso.precision * q + iso.logNormaliser
        case let .general(factor):
            factor.solveLower(score)
            var q = 0.0
            for i in 0..<d { q += score[i] * score[i] }
            factor.solveUpper(score)
            for i in 0..<d { score[i] = -score[i] }
            return -0.5 * q - 0.5 * factor.logDeterminant - Double(d) * Normal.logSqrt2Pi
        }
    }
}
